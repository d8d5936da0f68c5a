// A reference model of one socket, written from node:net's documented behaviour and the
// contract in assembly/ABI.md, to be compared with the core record by record. It keeps real
// bytes, not counts, so a lost, doubled or reordered byte shows.
//
// Node's rules it follows:
// - write() accepts bytes while the writable side is not ending; its answer is "the bytes
//   waiting are below the high-water mark"; after a false answer 'drain' comes once, when
//   nothing is left to write. Writes before the transport is open wait for it. (The core's
//   own limit, ABI 3: it queues at most 256 MiB per socket and refuses more with ENOBUFS.)
// - end() sends FIN after every accepted byte; 'finish' when the FIN is out.
// - the peer's FIN gives 'end' after every byte before it was delivered; once the user has
//   seen 'end', a socket without allowHalfOpen ends its own side too (a later write is EPIPE).
// - when both sides are done (the user saw 'end', 'finish' happened) the socket closes, cleanly.
// - a paused socket keeps reading until it holds readMark bytes; resume() delivers what it
//   holds as one 'data'. pauseOnConnect: no reading at all until resume().
// - destroy([err]): unfinished writes fail (with err, or ERR_STREAM_DESTROYED), the transport
//   closes, 'error' if err, then 'close'.
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
  constructor({ allowHalfOpen = false, pauseOnConnect = false, open = false, server = null, out }) {
    this.out = out; //                 where its records go
    this.server = server; //           the ModelServer that accepted it
    this.transport = open ? "open" : "none"; // "none" → "connecting" → "open"
    this.gone = false; //              destroyed: its 'close' was emitted
    // writable side
    this.accepted = []; //             chunks accepted by write(), not yet handed to the transport
    this.inFlight = null; //           { writes, bytes }: what the transport is writing now
    this.ending = false;
    this.endedByPeer = false;
    this.finSent = false;
    this.finished = false;
    this.needDrain = false;
    this.writeMark = 16384;
    // readable side
    this.allowHalfOpen = allowHalfOpen;
    this.held = pauseOnConnect;
    this.flowing = false;
    this.buffered = []; //             read, not yet delivered
    this.peerFin = false;
    this.endDelivered = false;
    this.endSeen = false;
    this.reading = false; //           what the transport was last told
    this.readMark = 16384;
    // timer
    this.timeoutMs = 0;
    this.armed = false;
    this.lastActive = 0;
    // counters
    this.bytesRead = 0;
    this.bytesHandedOver = 0;
  }

  // ---- the user's calls ----

  connect(now) {
    if (this.transport !== "none") return -E.ERR_SOCKET_CONNECTING;
    this.transport = "connecting";
    this.touch(now);
    return 0;
  }

  /** Returns { error } (a code), or { direct, below }. `bytes` is null for a write too big to
   *  make, which must be refused: then only `length` counts. */
  write(bytes, now, length = bytes.length) {
    if (this.ending || this.transport === "none") {
      const code = !this.ending ? E.ERR_SOCKET_CLOSED : this.endedByPeer ? E.EPIPE : E.ERR_STREAM_WRITE_AFTER_END;
      this.destroy(code);
      return { error: code };
    }
    const direct = this.transport === "open" && !this.inFlight && this.accepted.length === 0;
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
    this.ending = true;
    this.follow();
    return 0;
  }

  pause() {
    this.flowing = false;
    this.follow();
    return 0;
  }

  resume() {
    this.flowing = true;
    this.held = false;
    this.follow();
    return 0;
  }

  setTimeout(ms, now) {
    this.timeoutMs = ms;
    if (ms === 0) {
      if (this.armed) this.out.push([E.OP_TIMER_STOP]);
      this.armed = false;
    } else {
      this.lastActive = now;
      this.out.push([E.OP_TIMER_START, ms]);
      this.armed = true;
    }
    return 0;
  }

  setMarks(readMark, writeMark) {
    if (readMark) this.readMark = readMark;
    if (writeMark) this.writeMark = writeMark;
    this.follow();
    return 0;
  }

  endSeenByUser() {
    if (!this.endDelivered || this.endSeen) return -E.ERR_INVALID_ARG_VALUE;
    this.endSeen = true;
    if (!this.allowHalfOpen && !this.ending) {
      this.ending = true;
      this.endedByPeer = true;
    }
    this.follow();
    return 0;
  }

  // ---- the transport's results ----

  connected(now) {
    if (this.transport !== "connecting") return -E.ERR_INVALID_ARG_VALUE;
    this.transport = "open";
    this.out.push([E.OP_CONNECT]);
    this.touch(now);
    this.follow();
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
    this.out.push([E.OP_WRITE_DONE, this.inFlight.writes, 0]);
    this.inFlight = null;
    this.touch(now);
    this.follow();
    return 0;
  }

  finSentDone() {
    if (!this.finSent || this.finished) return -E.ERR_INVALID_ARG_VALUE;
    this.finished = true;
    this.out.push([E.OP_FINISH]);
    this.follow();
    return 0;
  }

  failed(code) {
    this.destroy(code || E.ERR_SOCKET_CLOSED);
    return 0;
  }

  timerFired(now) {
    if (!this.armed) return 0; // a stale timer: ignored
    this.armed = false;
    const idle = now - this.lastActive;
    if (idle >= this.timeoutMs) {
      this.out.push([E.OP_TIMEOUT]);
    } else {
      this.out.push([E.OP_TIMER_START, Math.ceil(this.timeoutMs - idle)]);
      this.armed = true;
    }
    return 0;
  }

  // ---- what follows from the state ----

  /** Activity: restarts the idle period; arms the timer if a timeout is set and it is not. */
  touch(now) {
    this.lastActive = now;
    if (this.timeoutMs && !this.armed) {
      this.out.push([E.OP_TIMER_START, this.timeoutMs]);
      this.armed = true;
    }
  }

  /** Everything the current state implies, after any input. */
  follow() {
    if (this.gone) return;
    // the readable side: held bytes to a flowing reader, then the peer's FIN behind them
    if (this.flowing && this.buffered.length) {
      this.out.push([E.OP_DATA, "kept", join(this.buffered)]);
      this.buffered = [];
    }
    if (this.peerFin && !this.endDelivered && this.buffered.length === 0) {
      this.endDelivered = true;
      this.out.push([E.OP_END]);
    }
    // the writable side: one send of everything accepted, or our FIN once nothing is left
    if (this.transport === "open" && !this.inFlight) {
      if (this.accepted.length) {
        const bytes = join(this.accepted);
        this.inFlight = { writes: this.accepted.length, bytes };
        this.bytesHandedOver += bytes.length;
        this.accepted = [];
        this.out.push([E.OP_SEND, bytes]);
      } else if (this.ending && !this.finSent) {
        this.finSent = true;
        this.out.push([E.OP_SHUTDOWN]);
      }
    }
    if (this.needDrain && !this.inFlight && this.accepted.length === 0) {
      this.needDrain = false;
      this.out.push([E.OP_DRAIN]);
    }
    const wantReading = this.transport === "open" && !this.peerFin && !this.held &&
      (this.flowing || sum(this.buffered) < this.readMark);
    if (wantReading !== this.reading) {
      this.reading = wantReading;
      this.out.push([wantReading ? E.OP_READ_START : E.OP_READ_STOP]);
    }
    if (this.endSeen && this.finished) this.destroy(0);
  }

  destroy(code) {
    if (this.gone) return;
    const unfinished = this.accepted.length + (this.inFlight ? this.inFlight.writes : 0);
    if (unfinished) this.out.push([E.OP_WRITE_DONE, unfinished, code || E.ERR_STREAM_DESTROYED]);
    if (this.armed) this.out.push([E.OP_TIMER_STOP]);
    if (this.transport !== "none") this.out.push([E.OP_CLOSE]);
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
}
