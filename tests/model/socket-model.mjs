// A reference model of one socket, written from node:net's documented behaviour and the
// contract in assembly/ABI.md, to be compared with the core record by record. It keeps real
// bytes, not counts, so a lost, doubled or reordered byte shows.
//
// Node's rules it follows:
// - write() accepts bytes while the writable side is not ending; its answer is "the bytes
//   waiting are below the high-water mark" (a mark of 0: always false). After a false answer
//   'drain' comes once, as Node's afterWrite decides it: when a write completes, no byte
//   waits (writableLength 0; an empty write may still be queued) and end() was not called,
//   before that write's callback. Writes before the transport is open
//   wait for it. (The core's own limit: it queues at most 256 MiB per socket and refuses more
//   with ENOBUFS.) A write to a socket that was never connected destroys it (no handle).
// - cork() holds accepted writes back until as many uncork() calls (or end(), which undoes
//   every cork); they then go out together. Only writes wait: a FIN with nothing before it
//   goes out corked or not (Node's final step ignores the cork count).
// - end() sends FIN after every accepted byte; 'finish' when the FIN is out, just after
//   end()'s callback (END_DONE 0). end() once finished: ERR_STREAM_ALREADY_FINISHED.
// - the peer's FIN gives 'end' after every byte before it was delivered. As 'end' is emitted
//   the socket stops being readable, and without allowHalfOpen a write refused because our
//   side ended is EPIPE from then on, whoever ended it. What follows 'end' waits for its
//   listeners (AFTER_END, always; the host answers on its next tick): without allowHalfOpen
//   our side then ends as end() would (until then writes are accepted, readyState
//   'writeOnly'), and a socket whose FIN is done closes.
// - when both sides are done ('end' and its listeners, 'finish') the socket closes, cleanly.
// - setNoDelay / setKeepAlive are remembered and applied once the transport is open, then
//   whenever they change (a new delay is a change while keep-alive is on), as Node 20 does.
// - connect() while connecting or connected connects again, as node:net connects whatever
//   handle it has (the platform answers): the socket is connecting, not reading, until the
//   transport says; on a server's connection it is ERR_SOCKET_CONNECTING. A connect the
//   platform refused for its arguments (error 0 while connecting) leaves the socket as it was
//   before that connect().
// - a paused socket keeps reading until it holds readMark bytes (an empty buffer is always
//   read into, as Node's Readable does, even with a mark of 0); resume() delivers what it
//   holds as one 'data'. pauseOnConnect, or pause() before the connect completes (Node reads
//   at connect only if not paused): no reading at all until resume().
// - destroy([err]): unfinished writes fail (with err, or ERR_STREAM_DESTROYED; while still
//   connecting ERR_SOCKET_CLOSED_BEFORE_CONNECTION), then end()'s callback if its FIN was not
//   done, the transport closes, 'error' if err, then 'close'. (Node gives the first write made
//   while connecting ERR_SOCKET_CLOSED_BEFORE_CONNECTION even with an err: WRITE_DONE has one
//   code for all, err.)
// - resetAndDestroy(): an open socket is destroyed at once, its transport closed with a reset
//   (CLOSE a = 1), no error; a connecting one the same way once connected ('connect' first);
//   one never connected (no handle) is destroyed with ERR_SOCKET_CLOSED.
// - the idle timeout counts from the last activity (connect, writes, reads, FIN, write
//   results); 'timeout' comes once per idle period.
//
// Host actions and user events are pushed to `out` as [op, ...args] (ops as in ABI.md).

import * as E from "../../build/out/abi.js";

const MAX_QUEUED = 256 * 1024 * 1024;
const sum = (chunks) => chunks.reduce((n, c) => n + c.length, 0);

function join(chunks) {
  const all = new Uint8Array(sum(chunks));
  let at = 0;
  for (const c of chunks) { all.set(c, at); at += c.length; }
  return all;
}

export class ModelSocket {
  constructor({
    allowHalfOpen = false, pauseOnConnect = false, open = false, notReadable = false, notWritable = false, server = null, out,
    readMark = 16384, writeMark = 16384, noDelay = false, keepAlive = false, keepAliveDelay = 0,
  }) {
    this.out = out; //                 where its records go
    this.server = server; //           the ModelServer that accepted it
    this.transport = open ? "open" : "none"; // "none" → "connecting" → "open"
    this.connectFrom = this.transport; // before the last connect(), for one refused for its arguments
    this.gone = false; //              destroyed: its 'close' was emitted
    // writable side
    this.accepted = []; //             chunks accepted by write(), not yet handed to the transport
    this.inFlight = null; //           { writes, bytes }: what the transport is writing now
    this.corked = 0;
    this.ending = false;
    this.peerEnded = false; //         the half-open rule ran: a write after our end is EPIPE
    this.finSent = false;
    this.finished = false;
    this.needDrain = false;
    this.writeMark = writeMark;
    // readable side
    this.allowHalfOpen = allowHalfOpen;
    this.held = pauseOnConnect;
    this.flowing = false;
    this.buffered = []; //             read, not yet delivered
    this.peerFin = false;
    this.endDelivered = false;
    this.endSeen = false; //           'end' emitted
    this.afterEndDue = false; //       AFTER_END pushed, socket_after_end not yet made
    this.afterEnd = false; //          'end' listeners have run
    this.paused = false; //            pause() and no resume() since: no reading at connect
    this.resetDue = false; //          resetAndDestroy() while connecting
    this.reading = false; //           what the transport was last told
    this.readMark = readMark;
    // socket options: what the user wants, and whether an open transport has been told
    this.noDelay = noDelay;
    this.keepAlive = keepAlive;
    this.keepAliveDelay = keepAliveDelay;
    this.optionsApplied = false;
    // timer
    this.timeoutMs = 0;
    this.armed = false;
    this.lastActive = 0;
    // counters
    this.bytesRead = 0;
    this.bytesHandedOver = 0;
    // readable: false / writable: false: that side is over from the start (no END, no FIN)
    if (notReadable) this.peerFin = this.endDelivered = this.endSeen = this.afterEnd = true;
    if (notWritable) this.ending = this.finSent = this.finished = true;
    this.follow();
  }

  // ---- the user's calls ----

  connect(now) {
    if (this.server) return -E.ERR_SOCKET_CONNECTING;
    this.connectFrom = this.transport;
    this.transport = "connecting";
    this.touch(now);
    this.follow();
    return 0;
  }

  /** Returns { error } (a code), or { direct, below }. `bytes` is null for a write too big to
   *  make, which must be refused: then only `length` counts. */
  write(bytes, now, length = bytes.length) {
    if (this.ending || this.transport === "none") {
      const code = !this.ending ? E.ERR_SOCKET_CLOSED : this.peerEnded ? E.EPIPE : E.ERR_STREAM_WRITE_AFTER_END;
      this.destroy(code);
      return { error: code };
    }
    const direct = this.transport === "open" && !this.corked && !this.inFlight && this.accepted.length === 0;
    // the core queues at most 256 MiB per socket: a write beyond is refused, nothing changes
    if (!direct && sum(this.accepted) + length > MAX_QUEUED) return { error: E.ENOBUFS };
    const waiting = sum(this.accepted) + (this.inFlight ? this.inFlight.bytes.length : 0) + length;
    const below = waiting < this.writeMark;
    if (!below) this.needDrain = true;
    this.touch(now);
    if (direct) {
      // nothing ahead of these bytes: the host hands them to the transport itself
      this.inFlight = { writes: 1, bytes };
      this.bytesHandedOver += bytes.length;
      return { direct: true, below };
    }
    this.accepted.push(bytes);
    return { direct: false, below };
  }

  end() {
    if (this.finished) return -E.ERR_STREAM_ALREADY_FINISHED;
    this.ending = true;
    this.corked = 0;
    this.follow();
    return 0;
  }

  cork() {
    this.corked++;
    return 0;
  }

  uncork() {
    if (this.corked) this.corked--;
    this.follow();
    return 0;
  }

  pause() {
    this.flowing = false;
    this.paused = true;
    this.follow();
    return 0;
  }

  resume() {
    this.flowing = true;
    this.held = false;
    this.paused = false;
    this.follow();
    return 0;
  }

  setTimeout(ms, now) {
    this.timeoutMs = ms;
    if (ms === 0) return 0; // an armed timer is left to fire and find nothing to do
    this.lastActive = now;
    if (!this.armed || this.armedUntil > now + ms) this.arm(ms, now); // only to fire sooner
    return 0;
  }

  arm(ms, now) {
    this.out.push([E.OP_TIMER_START, ms]);
    this.armed = true;
    this.armedUntil = now + ms;
  }

  /** A negative mark leaves that one as it is. */
  setMarks(readMark, writeMark) {
    if (readMark >= 0) this.readMark = readMark;
    if (writeMark >= 0) this.writeMark = writeMark;
    this.follow();
    return 0;
  }

  setNoDelay(on) {
    if (on === this.noDelay) return 0;
    this.noDelay = on;
    if (this.optionsApplied) this.out.push([E.OP_NO_DELAY, on ? 1 : 0]);
    return 0;
  }

  setKeepAlive(on, delay) {
    if (on === this.keepAlive && (!on || delay === this.keepAliveDelay)) return 0;
    this.keepAlive = on;
    this.keepAliveDelay = delay;
    if (this.optionsApplied) this.out.push([E.OP_KEEP_ALIVE, on ? 1 : 0, delay]);
    return 0;
  }

  resetAndDestroy() {
    if (this.transport === "connecting") this.resetDue = true;
    else if (this.transport === "open") this.destroy(0, true);
    else this.destroy(E.ERR_SOCKET_CLOSED);
    return 0;
  }

  /** 'end' is being emitted. */
  endSeenByUser() {
    if (!this.endDelivered || this.endSeen) return -E.ERR_INVALID_ARG_VALUE;
    this.endSeen = true;
    if (!this.allowHalfOpen) this.peerEnded = true;
    this.afterEndDue = true;
    this.out.push([E.OP_AFTER_END]);
    return 0;
  }

  /** The host's next tick after 'end': its listeners have run. */
  endListenersDone() {
    if (!this.afterEndDue) return -E.ERR_INVALID_ARG_VALUE;
    this.afterEndDue = false;
    this.afterEnd = true;
    if (!this.allowHalfOpen && !this.ending) {
      this.ending = true; // Node's end() after 'end', which undoes every cork
      this.corked = 0;
    }
    this.follow();
    return 0;
  }

  // ---- the transport's results ----

  connected(now) {
    if (this.transport !== "connecting") return -E.ERR_INVALID_ARG_VALUE;
    this.transport = "open";
    if (this.paused) this.held = true;
    this.out.push([E.OP_CONNECT]);
    this.touch(now);
    if (this.resetDue) this.destroy(0, true);
    else this.follow();
    return 0;
  }

  /** Returns "direct" (delivered now, from the host's bytes), "copy" (kept) or a negated code. */
  read(bytes, now) {
    if (this.transport !== "open" || this.peerFin) return -E.ERR_SOCKET_CLOSED;
    this.bytesRead += bytes.length;
    this.touch(now);
    let answer = "copy";
    if (this.flowing && this.buffered.length === 0) {
      this.out.push([E.OP_DATA, "direct", bytes]);
      answer = "direct";
    } else {
      this.buffered.push(bytes);
    }
    this.follow();
    return answer;
  }

  eof(now) {
    if (this.transport !== "open" || this.peerFin) return -E.ERR_SOCKET_CLOSED;
    this.peerFin = true;
    this.reading = false; // a transport stops reading at EOF by itself
    this.touch(now);
    this.follow();
    return 0;
  }

  written(now) {
    if (!this.inFlight) return -E.ERR_INVALID_ARG_VALUE;
    const writes = this.inFlight.writes;
    this.inFlight = null;
    // Node's afterWrite: 'drain' when nothing is left and end() was not called, before the callbacks
    if (this.needDrain && !this.ending && sum(this.accepted) === 0) {
      this.needDrain = false;
      this.out.push([E.OP_DRAIN]);
    }
    this.out.push([E.OP_WRITE_DONE, writes, 0]);
    this.touch(now);
    this.follow();
    return 0;
  }

  finSentDone() {
    if (!this.finSent || this.finished) return -E.ERR_INVALID_ARG_VALUE;
    this.finished = true;
    this.out.push([E.OP_END_DONE, 0]);
    this.out.push([E.OP_FINISH]);
    this.follow();
    return 0;
  }

  failed(code) {
    if (code === 0 && this.transport === "connecting") {
      this.transport = this.connectFrom; // connect() threw for its arguments: as if never called
      this.follow();
      return 0;
    }
    this.destroy(code || E.ERR_SOCKET_CLOSED);
    return 0;
  }

  timerFired(now) {
    if (!this.armed) return 0; // a stale timer: ignored
    this.armed = false;
    if (this.timeoutMs === 0) return 0; // setTimeout(0) since it was armed
    const idle = now - this.lastActive;
    if (idle >= this.timeoutMs) this.out.push([E.OP_TIMEOUT]);
    else this.arm(Math.ceil(this.timeoutMs - idle), now);
    return 0;
  }

  // ---- what follows from the state ----

  /** Activity: restarts the idle period; arms the timer if a timeout is set and it is not. */
  touch(now) {
    this.lastActive = now;
    if (this.timeoutMs && !this.armed) this.arm(this.timeoutMs, now);
  }

  /** Everything the current state implies, after any input. */
  follow() {
    if (this.gone) return;
    // an open transport is given the options the user asked for before it opened
    if (this.transport === "open" && !this.optionsApplied) {
      this.optionsApplied = true;
      if (this.noDelay) this.out.push([E.OP_NO_DELAY, 1]);
      if (this.keepAlive) this.out.push([E.OP_KEEP_ALIVE, 1, this.keepAliveDelay]);
    }
    // the readable side: held bytes to a flowing reader, then the peer's FIN behind them
    if (this.flowing && this.buffered.length) {
      this.out.push([E.OP_DATA, "kept", join(this.buffered)]);
      this.buffered = [];
    }
    if (this.peerFin && !this.endDelivered && this.buffered.length === 0) {
      this.endDelivered = true;
      this.out.push([E.OP_END]);
    }
    // the writable side: one send of everything accepted (unless corked), or our FIN once
    // nothing is left
    if (this.transport === "open" && !this.inFlight) {
      if (this.accepted.length && !this.corked) {
        const bytes = join(this.accepted);
        this.inFlight = { writes: this.accepted.length, bytes };
        this.bytesHandedOver += bytes.length;
        this.accepted = [];
        this.out.push([E.OP_SEND, bytes]);
      } else if (this.accepted.length === 0 && this.ending && !this.finSent) {
        this.finSent = true;
        this.out.push([E.OP_SHUTDOWN]);
      }
    }
    const wantReading = this.transport === "open" && !this.peerFin && !this.held &&
      (this.flowing || this.buffered.length === 0 || sum(this.buffered) < this.readMark);
    if (wantReading !== this.reading) {
      this.reading = wantReading;
      this.out.push([wantReading ? E.OP_READ_START : E.OP_READ_STOP]);
    }
    if (this.afterEnd && this.finished) this.destroy(0);
  }

  /** `reset`: the transport is closed with a reset (RST), not a FIN. */
  destroy(code, reset = false) {
    if (this.gone) return;
    const failure = code || (this.transport === "connecting" ? E.ERR_SOCKET_CLOSED_BEFORE_CONNECTION : E.ERR_STREAM_DESTROYED);
    const unfinished = this.accepted.length + (this.inFlight ? this.inFlight.writes : 0);
    if (unfinished) this.out.push([E.OP_WRITE_DONE, unfinished, failure]);
    if (this.ending && !this.finished) this.out.push([E.OP_END_DONE, failure]);
    if (this.armed) this.out.push([E.OP_TIMER_STOP]);
    if (this.transport !== "none") this.out.push([E.OP_CLOSE, reset ? 1 : 0]);
    if (code) this.out.push([E.OP_ERROR, code]);
    this.out.push([E.OP_CLOSED, code ? 1 : 0]);
    this.gone = true;
    this.accepted = [];
    this.inFlight = null;
    this.buffered = [];
    this.armed = false;
    this.server?.connectionClosed(this);
  }

  // ---- what the user can ask ----

  get readyState() {
    if (this.gone) return "closed";
    if (this.transport === "connecting") return "opening";
    const readable = !this.endSeen, writable = !this.ending;
    return readable && writable ? "open" : readable ? "readOnly" : writable ? "writeOnly" : "closed";
  }

  get writableLength() {
    return sum(this.accepted) + (this.inFlight ? this.inFlight.bytes.length : 0);
  }

  get readableLength() {
    return sum(this.buffered);
  }

  get bytesWritten() {
    return this.bytesHandedOver + sum(this.accepted);
  }

  /** Node's writableEnded, writableFinished, writableNeedDrain and writableCorked. */
  get writeState() {
    return { ended: this.ending, finished: this.finished, needDrain: this.needDrain && !this.ending, corked: this.corked };
  }
}
