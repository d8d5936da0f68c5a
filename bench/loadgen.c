// loadgen: the one load generator of `npm run bench` (issue 5), the same for every server.
// Loopback TCP (127.0.0.1), epoll, non-blocking sockets, no dependencies beyond libc.
//
//   loadgen [--sync] bulk     PORT [BYTES=2147483648]
//   loadgen [--sync] pingpong PORT [N=100000]
//   loadgen [--sync] pipeline PORT [CONNS=50] [DEPTH=32] [SECONDS=10]
//   loadgen [--sync] churn    PORT [PARALLEL=50] [SECONDS=10]
//   loadgen          idle     PORT [CONNS=10000]
//
// Each prints one JSON line of results on stdout and exits 0, or prints the reason on stderr and
// exits non-zero on any error, unexpected close or content mismatch. Every run is bounded: a
// SIGALRM deadline ends the process whatever the server does.
//
// --sync: at the start and at the end of the measured window print {"phase":"start"} or
// {"phase":"end"} and wait for one line on stdin before going on, so that a runner can read the
// server's CPU time exactly over the window. idle always prints {"ready":true} once every
// connection is up and waits for a line on stdin (EOF counts as one) before its echo round.
//
// Content: the bytes a connection sends are a function of (connection number, stream offset), so
// that every 64-byte message differs from the previous one; echoes are checked byte by byte.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MSG 64
#define BULK_WRITE (64 * 1024)
#define MAX_EVENTS 256
#define DRAIN_LIMIT_S 10.0

static int g_sync = 0;
static int g_port = 0;
static const char *g_workload = "?";

static void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "loadgen %s: ", g_workload);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
  exit(1);
}

static void on_alarm(int sig) {
  (void)sig;
  static const char msg[] = "loadgen: time limit reached, giving up\n";
  ssize_t r = write(2, msg, sizeof msg - 1);
  (void)r;
  _exit(3);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t parse_u64(const char *s, const char *what) {
  char *end = NULL;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || !end || *end || end == s) die("bad %s: %s", what, s);
  return (uint64_t)v;
}

// The byte at stream offset `off` of connection `conn`: message k = off/64, byte j = off%64.
static inline uint8_t gen_byte(uint32_t conn, uint64_t off) {
  uint64_t k = off >> 6, j = off & 63;
  return (uint8_t)(k * 31u + (k >> 8) * 5u + j * 7u + conn * 13u + 1u);
}

static void gen_fill(uint8_t *buf, uint32_t conn, uint64_t off, size_t n) {
  for (size_t i = 0; i < n; i++) buf[i] = gen_byte(conn, off + i);
}

// Wait for one line (or EOF) on stdin.
static void wait_stdin_line(void) {
  char c;
  for (;;) {
    ssize_t r = read(0, &c, 1);
    if (r == 0) return;
    if (r < 0) {
      if (errno == EINTR) continue;
      die("reading stdin: %s", strerror(errno));
    }
    if (c == '\n') return;
  }
}

static void phase(const char *name) {
  if (!g_sync) return;
  printf("{\"phase\":\"%s\"}\n", name);
  fflush(stdout);
  wait_stdin_line();
}

static void set_nodelay(int fd) {
  int one = 1;
  if (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0) die("TCP_NODELAY: %s", strerror(errno));
}

// Starts a non-blocking connect; *done is 1 if it completed at once.
static int connect_start(int *done) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket: %s", strerror(errno));
  struct sockaddr_in sa;
  memset(&sa, 0, sizeof sa);
  sa.sin_family = AF_INET;
  sa.sin_port = htons((uint16_t)g_port);
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, (struct sockaddr *)&sa, sizeof sa) == 0) {
    *done = 1;
  } else if (errno == EINPROGRESS) {
    *done = 0;
  } else {
    die("connect to 127.0.0.1:%d: %s", g_port, strerror(errno));
  }
  return fd;
}

static void connect_check(int fd) {
  int err = 0;
  socklen_t len = sizeof err;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) die("getsockopt: %s", strerror(errno));
  if (err) die("connect to 127.0.0.1:%d: %s", g_port, strerror(err));
}

// A connected socket, with one connect waited for through epoll (bounded by the alarm).
static int connect_wait(int ep) {
  int done;
  int fd = connect_start(&done);
  if (!done) {
    struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = 0};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl: %s", strerror(errno));
    struct epoll_event out[1];
    for (;;) {
      int n = epoll_wait(ep, out, 1, 1000);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) die("epoll_wait: %s", strerror(errno));
      if (n == 1) break;
    }
    connect_check(fd);
    epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
  }
  return fd;
}

static void ep_set(int ep, int op, int fd, uint32_t events, uint32_t id) {
  struct epoll_event ev = {.events = events, .data.u32 = id};
  if (epoll_ctl(ep, op, fd, &ev) < 0) die("epoll_ctl: %s", strerror(errno));
}

static int ep_wait(int ep, struct epoll_event *evs, int max, int timeout_ms) {
  for (;;) {
    int n = epoll_wait(ep, evs, max, timeout_ms);
    if (n >= 0) return n;
    if (errno != EINTR) die("epoll_wait: %s", strerror(errno));
  }
}

// ---------------------------------------------------------------------------------------------
// bulk: stream BYTES in 64 KiB writes, shut down the write side, read the sink's decimal count.
static int cmd_bulk(uint64_t bytes) {
  alarm(1800);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1: %s", strerror(errno));
  int fd = connect_wait(ep);
  static uint8_t buf[BULK_WRITE];
  gen_fill(buf, 0, 0, sizeof buf);
  char reply[64];
  size_t reply_len = 0;
  uint64_t sent = 0;
  size_t chunk_off = 0; // offset inside the current 64 KiB write, after a partial write
  int shut = 0, eof = 0;
  struct epoll_event evs[4];

  phase("start");
  double t0 = now();
  ep_set(ep, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP, 0);
  while (!eof) {
    int n = ep_wait(ep, evs, 4, 1000);
    if (n == 0) continue;
    uint32_t e = evs[0].events;
    if ((e & EPOLLERR)) {
      int err = 0;
      socklen_t len = sizeof err;
      getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
      die("socket error after %llu bytes: %s", (unsigned long long)sent, strerror(err));
    }
    if (!shut && (e & EPOLLOUT)) {
      while (sent < bytes) {
        size_t want = BULK_WRITE - chunk_off;
        if ((uint64_t)want > bytes - sent) want = (size_t)(bytes - sent);
        ssize_t w = write(fd, buf + chunk_off, want);
        if (w < 0) {
          if (errno == EAGAIN || errno == EINTR) break;
          die("write after %llu bytes: %s", (unsigned long long)sent, strerror(errno));
        }
        sent += (uint64_t)w;
        chunk_off = (chunk_off + (size_t)w) % BULK_WRITE;
      }
      if (sent == bytes) {
        if (shutdown(fd, SHUT_WR) < 0) die("shutdown: %s", strerror(errno));
        shut = 1;
        ep_set(ep, EPOLL_CTL_MOD, fd, EPOLLIN | EPOLLRDHUP, 0);
      }
    }
    if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
      for (;;) {
        char tmp[256];
        ssize_t r = read(fd, tmp, sizeof tmp);
        if (r == 0) {
          eof = 1;
          break;
        }
        if (r < 0) {
          if (errno == EAGAIN || errno == EINTR) break;
          die("read: %s", strerror(errno));
        }
        if (!shut) die("the sink replied before the end of the stream");
        if (reply_len + (size_t)r >= sizeof reply) die("reply too long");
        memcpy(reply + reply_len, tmp, (size_t)r);
        reply_len += (size_t)r;
      }
    }
  }
  double t1 = now();
  phase("end");
  if (!shut) die("the sink closed after %llu of %llu bytes", (unsigned long long)sent, (unsigned long long)bytes);
  reply[reply_len] = 0;
  char expect[32];
  snprintf(expect, sizeof expect, "%llu", (unsigned long long)bytes);
  if (strcmp(reply, expect) != 0) die("the sink counted '%s', expected %s", reply, expect);
  close(fd);
  double s = t1 - t0;
  printf("{\"workload\":\"bulk\",\"bytes\":%llu,\"seconds\":%.6f,\"mb_per_s\":%.3f}\n",
         (unsigned long long)bytes, s, (double)bytes / s / 1e6);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// pingpong: N round trips of one 64-byte message, each message's content different.
static int cmd_pingpong(uint64_t n) {
  alarm(1800);
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1: %s", strerror(errno));
  int fd = connect_wait(ep);
  set_nodelay(fd);
  ep_set(ep, EPOLL_CTL_ADD, fd, EPOLLIN | EPOLLRDHUP, 0);
  uint8_t out[MSG], in[MSG];
  struct epoll_event evs[4];

  phase("start");
  double t0 = now();
  for (uint64_t i = 0; i < n; i++) {
    uint64_t off = i * MSG;
    gen_fill(out, 0, off, MSG);
    ssize_t w = write(fd, out, MSG);
    if (w != MSG) die("write of round trip %llu: %s", (unsigned long long)i, w < 0 ? strerror(errno) : "short write");
    size_t got = 0;
    while (got < MSG) {
      ssize_t r = read(fd, in + got, MSG - got);
      if (r > 0) {
        got += (size_t)r;
        continue;
      }
      if (r == 0) die("server closed at round trip %llu", (unsigned long long)i);
      if (errno != EAGAIN && errno != EINTR) die("read: %s", strerror(errno));
      ep_wait(ep, evs, 4, 1000);
    }
    if (memcmp(in, out, MSG) != 0) die("content mismatch at round trip %llu", (unsigned long long)i);
  }
  double t1 = now();
  phase("end");
  close(fd);
  double s = t1 - t0;
  printf("{\"workload\":\"pingpong\",\"round_trips\":%llu,\"seconds\":%.6f,\"rt_per_s\":%.1f}\n",
         (unsigned long long)n, s, (double)n / s);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// pipeline: CONNS connections, each keeping DEPTH 64-byte messages in flight, for SECONDS; then
// no new messages, and the window ends when every message sent has come back.
typedef struct {
  int fd;
  uint64_t sent;  // bytes written
  uint64_t want;  // bytes to have written
  uint64_t recvd; // bytes received and verified
  int out_armed;  // EPOLLOUT registered
} pconn;

static void pipe_flush(int ep, pconn *c, uint32_t id) {
  uint8_t buf[4096];
  while (c->sent < c->want) {
    size_t n = (size_t)(c->want - c->sent);
    if (n > sizeof buf) n = sizeof buf;
    gen_fill(buf, id, c->sent, n);
    ssize_t w = write(c->fd, buf, n);
    if (w < 0) {
      if (errno == EAGAIN) break;
      if (errno == EINTR) continue;
      die("connection %u: write: %s", id, strerror(errno));
    }
    c->sent += (uint64_t)w;
    if ((size_t)w < n) break;
  }
  int need = c->sent < c->want;
  if (need != c->out_armed) {
    ep_set(ep, EPOLL_CTL_MOD, c->fd, EPOLLIN | EPOLLRDHUP | (need ? EPOLLOUT : 0), id);
    c->out_armed = need;
  }
}

static int cmd_pipeline(uint32_t conns, uint64_t depth, double seconds) {
  alarm((unsigned)seconds + 120);
  if (conns == 0 || depth == 0) die("CONNS and DEPTH must be positive");
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < conns + 64) {
    rl.rlim_cur = rl.rlim_max < conns + 64 ? rl.rlim_max : conns + 64;
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1: %s", strerror(errno));
  pconn *cs = calloc(conns, sizeof *cs);
  if (!cs) die("out of memory");
  for (uint32_t i = 0; i < conns; i++) {
    cs[i].fd = connect_wait(ep);
    set_nodelay(cs[i].fd);
    ep_set(ep, EPOLL_CTL_ADD, cs[i].fd, EPOLLIN | EPOLLRDHUP, i);
  }
  struct epoll_event evs[MAX_EVENTS];
  uint8_t in[16384];

  phase("start");
  double t0 = now(), deadline = t0 + seconds;
  int sending = 1;
  for (uint32_t i = 0; i < conns; i++) {
    cs[i].want = depth * MSG;
    pipe_flush(ep, &cs[i], i);
  }
  uint32_t pending = conns; // connections with messages in flight
  double drain_deadline = 0;
  while (pending > 0) {
    double t = now();
    if (sending && t >= deadline) {
      sending = 0;
      drain_deadline = t + DRAIN_LIMIT_S;
    }
    if (!sending && t >= drain_deadline) die("echoes still missing %.0f s after the end", DRAIN_LIMIT_S);
    int n = ep_wait(ep, evs, MAX_EVENTS, 100);
    for (int k = 0; k < n; k++) {
      uint32_t id = evs[k].data.u32;
      pconn *c = &cs[id];
      uint32_t e = evs[k].events;
      if (e & EPOLLERR) die("connection %u: socket error", id);
      if (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
        for (;;) {
          ssize_t r = read(c->fd, in, sizeof in);
          if (r == 0) die("connection %u: server closed", id);
          if (r < 0) {
            if (errno == EAGAIN) break;
            if (errno == EINTR) continue;
            die("connection %u: read: %s", id, strerror(errno));
          }
          if (c->recvd + (uint64_t)r > c->sent) die("connection %u: more bytes echoed than sent", id);
          for (ssize_t b = 0; b < r; b++)
            if (in[b] != gen_byte(id, c->recvd + (uint64_t)b))
              die("connection %u: content mismatch at byte %llu", id, (unsigned long long)(c->recvd + (uint64_t)b));
          c->recvd += (uint64_t)r;
          if ((size_t)r < sizeof in) break;
        }
        if (sending) c->want = (c->recvd / MSG + depth) * MSG;
      }
      pipe_flush(ep, c, id);
    }
    if (!sending) {
      pending = 0;
      for (uint32_t i = 0; i < conns; i++)
        if (cs[i].recvd < cs[i].want) pending++;
    }
  }
  double t1 = now();
  phase("end");
  uint64_t msgs = 0;
  for (uint32_t i = 0; i < conns; i++) {
    msgs += cs[i].recvd / MSG;
    close(cs[i].fd);
  }
  double s = t1 - t0;
  printf("{\"workload\":\"pipeline\",\"conns\":%u,\"depth\":%llu,\"messages\":%llu,\"seconds\":%.6f,\"msgs_per_s\":%.1f}\n",
         conns, (unsigned long long)depth, (unsigned long long)msgs, s, (double)msgs / s);
  free(cs);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// churn: PARALLEL slots, each: connect, wait for the server's FIN, close, again until SECONDS.
enum { SLOT_IDLE, SLOT_CONNECTING, SLOT_WAIT_FIN };
typedef struct {
  int fd;
  int state;
} cslot;

static void churn_open(int ep, cslot *s, uint32_t id) {
  int done;
  s->fd = connect_start(&done);
  s->state = SLOT_CONNECTING;
  ep_set(ep, EPOLL_CTL_ADD, s->fd, EPOLLIN | EPOLLOUT | EPOLLRDHUP, id);
}

static int cmd_churn(uint32_t parallel, double seconds) {
  alarm((unsigned)seconds + 120);
  if (parallel == 0) die("PARALLEL must be positive");
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1: %s", strerror(errno));
  cslot *ss = calloc(parallel, sizeof *ss);
  if (!ss) die("out of memory");
  struct epoll_event evs[MAX_EVENTS];
  uint64_t done_count = 0;

  phase("start");
  double t0 = now(), deadline = t0 + seconds, drain_deadline = deadline + DRAIN_LIMIT_S;
  for (uint32_t i = 0; i < parallel; i++) churn_open(ep, &ss[i], i);
  uint32_t active = parallel;
  while (active > 0) {
    double t = now();
    if (t >= drain_deadline) die("%u connections still open %.0f s after the end", active, DRAIN_LIMIT_S);
    int n = ep_wait(ep, evs, MAX_EVENTS, 100);
    for (int k = 0; k < n; k++) {
      uint32_t id = evs[k].data.u32;
      cslot *s = &ss[id];
      uint32_t e = evs[k].events;
      if (s->state == SLOT_CONNECTING) {
        if (!(e & (EPOLLOUT | EPOLLERR | EPOLLHUP))) continue;
        connect_check(s->fd);
        s->state = SLOT_WAIT_FIN;
        ep_set(ep, EPOLL_CTL_MOD, s->fd, EPOLLIN | EPOLLRDHUP, id);
      }
      if (s->state == SLOT_WAIT_FIN && (e & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
        char c;
        ssize_t r = read(s->fd, &c, 1);
        if (r > 0) die("the server sent data; churn expects an immediate end()");
        if (r < 0) {
          if (errno == EAGAIN || errno == EINTR) continue;
          die("read: %s", strerror(errno));
        }
        close(s->fd); // closing the fd removes it from the epoll set
        done_count++;
        if (now() < deadline) {
          churn_open(ep, s, id);
        } else {
          s->state = SLOT_IDLE;
          active--;
        }
      }
    }
  }
  double t1 = now();
  phase("end");
  double s = t1 - t0;
  printf("{\"workload\":\"churn\",\"parallel\":%u,\"connections\":%llu,\"seconds\":%.6f,\"conns_per_s\":%.1f}\n",
         parallel, (unsigned long long)done_count, s, (double)done_count / s);
  free(ss);
  return 0;
}

// ---------------------------------------------------------------------------------------------
// idle: CONNS connections up (at most 256 connecting at once), {"ready":true}, a line on stdin,
// then one byte each way on every connection, then close all.
#define IDLE_CONNECTING_MAX 256

static int cmd_idle(uint32_t conns) {
  alarm(900);
  if (conns == 0) die("CONNS must be positive");
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) < 0) die("getrlimit: %s", strerror(errno));
  rlim_t need = (rlim_t)conns + 64;
  if (rl.rlim_cur < need) {
    if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < need)
      die("%u connections need %llu file descriptors; the hard limit is %llu", conns,
          (unsigned long long)need, (unsigned long long)rl.rlim_max);
    rl.rlim_cur = need;
    if (setrlimit(RLIMIT_NOFILE, &rl) < 0) die("setrlimit: %s", strerror(errno));
  }
  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1: %s", strerror(errno));
  int *fds = malloc(conns * sizeof *fds);
  uint8_t *st = calloc(conns, 1); // 0 not started, 1 connecting, 2 connected, 3 echoed
  if (!fds || !st) die("out of memory");
  struct epoll_event evs[MAX_EVENTS];

  double t0 = now();
  uint32_t next = 0, connecting = 0, connected = 0;
  while (connected < conns) {
    while (next < conns && connecting < IDLE_CONNECTING_MAX) {
      int done;
      fds[next] = connect_start(&done);
      if (done) {
        st[next] = 2;
        connected++;
      } else {
        st[next] = 1;
        connecting++;
        ep_set(ep, EPOLL_CTL_ADD, fds[next], EPOLLOUT, next);
      }
      next++;
    }
    int n = ep_wait(ep, evs, MAX_EVENTS, 1000);
    for (int k = 0; k < n; k++) {
      uint32_t id = evs[k].data.u32;
      if (st[id] != 1) continue;
      connect_check(fds[id]);
      epoll_ctl(ep, EPOLL_CTL_DEL, fds[id], NULL);
      st[id] = 2;
      connecting--;
      connected++;
    }
  }
  double t1 = now();
  printf("{\"ready\":true}\n");
  fflush(stdout);
  wait_stdin_line();

  double t2 = now();
  for (uint32_t i = 0; i < conns; i++) {
    set_nodelay(fds[i]);
    ep_set(ep, EPOLL_CTL_ADD, fds[i], EPOLLIN | EPOLLRDHUP, i);
    uint8_t b = gen_byte(i, 0);
    ssize_t w;
    do w = write(fds[i], &b, 1); while (w < 0 && errno == EINTR);
    if (w != 1) die("connection %u: write: %s", i, w < 0 ? strerror(errno) : "short write");
  }
  uint32_t echoed = 0;
  while (echoed < conns) {
    int n = ep_wait(ep, evs, MAX_EVENTS, 1000);
    for (int k = 0; k < n; k++) {
      uint32_t id = evs[k].data.u32;
      if (st[id] != 2) die("connection %u: more than one byte echoed", id);
      uint8_t b;
      ssize_t r = read(fds[id], &b, 1);
      if (r == 0) die("connection %u: server closed before the echo", id);
      if (r < 0) {
        if (errno == EAGAIN || errno == EINTR) continue;
        die("connection %u: read: %s", id, strerror(errno));
      }
      if (b != gen_byte(id, 0)) die("connection %u: echo mismatch", id);
      st[id] = 3;
      epoll_ctl(ep, EPOLL_CTL_DEL, fds[id], NULL);
      echoed++;
    }
  }
  double t3 = now();
  for (uint32_t i = 0; i < conns; i++) close(fds[i]);
  printf("{\"workload\":\"idle\",\"conns\":%u,\"connect_seconds\":%.6f,\"echo_seconds\":%.6f}\n", conns, t1 - t0, t3 - t2);
  free(fds);
  free(st);
  return 0;
}

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen [--sync] bulk PORT [BYTES]\n"
          "       loadgen [--sync] pingpong PORT [N]\n"
          "       loadgen [--sync] pipeline PORT [CONNS] [DEPTH] [SECONDS]\n"
          "       loadgen [--sync] churn PORT [PARALLEL] [SECONDS]\n"
          "       loadgen idle PORT [CONNS]\n");
  exit(2);
}

int main(int argc, char **argv) {
  signal(SIGPIPE, SIG_IGN);
  signal(SIGALRM, on_alarm);
  int a = 1;
  if (a < argc && strcmp(argv[a], "--sync") == 0) {
    g_sync = 1;
    a++;
  }
  if (argc - a < 2) usage();
  const char *cmd = argv[a];
  g_workload = cmd;
  uint64_t port = parse_u64(argv[a + 1], "PORT");
  if (port == 0 || port > 65535) die("bad PORT");
  g_port = (int)port;
  char **rest = argv + a + 2;
  int nrest = argc - a - 2;
#define ARG(i, def, what) (nrest > (i) ? parse_u64(rest[i], what) : (uint64_t)(def))
  if (strcmp(cmd, "bulk") == 0) return cmd_bulk(ARG(0, 2147483648ull, "BYTES"));
  if (strcmp(cmd, "pingpong") == 0) return cmd_pingpong(ARG(0, 100000, "N"));
  if (strcmp(cmd, "pipeline") == 0)
    return cmd_pipeline((uint32_t)ARG(0, 50, "CONNS"), ARG(1, 32, "DEPTH"), (double)ARG(2, 10, "SECONDS"));
  if (strcmp(cmd, "churn") == 0) return cmd_churn((uint32_t)ARG(0, 50, "PARALLEL"), (double)ARG(1, 10, "SECONDS"));
  if (strcmp(cmd, "idle") == 0) return cmd_idle((uint32_t)ARG(0, 10000, "CONNS"));
  usage();
  return 2;
}
