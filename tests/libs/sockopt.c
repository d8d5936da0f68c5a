// sockopt PID PORT [PEER_PORT]: the TCP options of process PID's connected socket whose local
// port is PORT (and whose peer's port is PEER_PORT, if given), read
// with getsockopt on a copy of its descriptor (pidfd_getfd, Linux 5.6+, needs ptrace rights
// over PID: the same user with CAP_SYS_PTRACE, e.g. root). Prints one JSON line:
// {"fd":N,"nodelay":0|1,"keepalive":0|1,"keepidle":SECONDS}. Exit 2 when no such socket.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int port_of(int fd, int peer) {
  struct sockaddr_storage ss;
  socklen_t len = sizeof ss;
  if ((peer ? getpeername : getsockname)(fd, (struct sockaddr *)&ss, &len) != 0) return -1;
  if (ss.ss_family == AF_INET) return ntohs(((struct sockaddr_in *)&ss)->sin_port);
  if (ss.ss_family == AF_INET6) return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
  return -1;
}

static int option(int fd, int level, int name) {
  int value = -1;
  socklen_t len = sizeof value;
  return getsockopt(fd, level, name, &value, &len) == 0 ? value : -1;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: sockopt PID PORT [PEER_PORT]\n"); return 64; }
  int pid = atoi(argv[1]), port = atoi(argv[2]), peer = argc > 3 ? atoi(argv[3]) : -1;
  int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (pidfd < 0) { perror("pidfd_open"); return 1; }
  char path[32];
  snprintf(path, sizeof path, "/proc/%d/fd", pid);
  DIR *dir = opendir(path);
  if (!dir) { perror(path); return 1; }
  struct dirent *entry;
  while ((entry = readdir(dir))) {
    char link[320], target[64];
    snprintf(link, sizeof link, "%s/%s", path, entry->d_name);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = 0;
    if (strncmp(target, "socket:", 7) != 0) continue;
    int theirs = atoi(entry->d_name);
    int fd = (int)syscall(SYS_pidfd_getfd, pidfd, theirs, 0);
    if (fd < 0) { perror("pidfd_getfd"); return 1; }
    if (option(fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM && port_of(fd, 0) == port &&
        option(fd, SOL_SOCKET, SO_ACCEPTCONN) == 0 && (peer < 0 || port_of(fd, 1) == peer)) {
      printf("{\"fd\":%d,\"nodelay\":%d,\"keepalive\":%d,\"keepidle\":%d}\n", theirs,
             option(fd, IPPROTO_TCP, TCP_NODELAY), option(fd, SOL_SOCKET, SO_KEEPALIVE),
             option(fd, IPPROTO_TCP, TCP_KEEPIDLE));
      return 0;
    }
    close(fd);
  }
  fprintf(stderr, "no connected TCP socket of pid %d has local port %d (peer %d)\n", pid, port, peer);
  return 2;
}
