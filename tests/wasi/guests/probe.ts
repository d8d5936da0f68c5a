// A guest for tests/wasi: one server whose behaviour the first argument picks, printing every
// event it sees, one per line, so a test can check their order.
//   timeout PORT MS   each connection gets setTimeout(MS); on 'timeout' it is destroyed
//   halfclose PORT    allowHalfOpen; answers the first data with "bye" and end(), keeps reading
//   peerend PORT      allowHalfOpen; answers the peer's end with "after your end" and end()
//   memory PORT       echoes; after every 1000th closed connection prints the guest's memory
//   addresses PORT INPUT...  prints isIP/isIPv4/isIPv6 of each INPUT, then both ends of each connection
//   lookup PORT HOST  once listening, connects to HOST (a name: resolved by the runtime) on its own
//                     port and prints that socket's events as "caller …"; destroys it once connected
import { memory_reserved } from "../../../assembly/memory";
import {
  createServer, connect, run, argv, print, isIP, isIPv4, isIPv6, ServerOptions, Server, ServerHandler, Socket,
  SocketHandler, NetError,
} from "../../../host-bindings/wasi/net";

let closed = 0;

class Caller extends SocketHandler {
  onLookup(socket: Socket, error: NetError | null, address: string, family: i32, host: string): void {
    print("caller lookup " + (error ? error.code : "ok") + " " + address + " " + family.toString() + " " + host + "\n");
  }
  onConnect(socket: Socket): void {
    print("caller connect " + socket.remoteAddress + " " + socket.remoteFamily + "\n");
    socket.destroy();
  }
  onError(socket: Socket, error: NetError): void {
    print("caller error " + error.code + " " + error.syscall + ": " + error.message + "\n");
  }
  onClose(socket: Socket, hadError: bool): void { print("caller close " + (hadError ? "1" : "0") + "\n"); }
}

class Probe extends ServerHandler {
  constructor(public mode: string, public ms: u32) { super(); }
  onListening(server: Server): void {
    print("listening " + server.addressPort.toString() + "\n");
    if (this.mode == "addresses") {
      const inputs = argv();
      for (let i = 3; i < inputs.length; i++) {
        print("isIP " + isIP(inputs[i]).toString() + " " + (isIPv4(inputs[i]) ? "1" : "0") + (isIPv6(inputs[i]) ? "1" : "0") + "\n");
      }
    }
    if (this.mode == "lookup") connect(server.addressPort, argv()[3], new Caller());
    if (this.mode == "memory") print("start memory " + (<u32>memory.size() << 16).toString() + " core " + memory_reserved().toString() + "\n");
  }
  onServerError(server: Server, error: NetError): void { print("server_error " + error.code + "\n"); }
  onConnection(socket: Socket): void {
    if (this.mode == "memory") return;
    print("connection\n");
    if (this.mode == "addresses") {
      print("local " + socket.localAddress + " " + socket.localPort.toString() + " remote " + socket.remoteAddress + " " +
        socket.remotePort.toString() + " " + socket.remoteFamily + "\n");
    }
    if (this.mode == "timeout") socket.setTimeout(this.ms);
  }
  onData(socket: Socket, data: Uint8Array): void {
    if (this.mode == "memory") { socket.write(data); return; }
    print("data " + String.UTF8.decode(data.buffer) + "\n");
    if (this.mode == "halfclose" && socket.bytesWritten == 0) socket.end(Uint8Array.wrap(String.UTF8.encode("bye")));
  }
  onEnd(socket: Socket): void {
    if (this.mode != "memory") print("end\n");
    if (this.mode == "peerend") socket.end(Uint8Array.wrap(String.UTF8.encode("after your end")));
  }
  onFinish(socket: Socket): void { if (this.mode != "memory") print("finish\n"); }
  onTimeout(socket: Socket): void {
    print("timeout\n");
    socket.destroy();
  }
  onError(socket: Socket, error: NetError): void { print("error " + error.code + "\n"); }
  onClose(socket: Socket, hadError: bool): void {
    if (this.mode != "memory") { print("close " + (hadError ? "1" : "0") + "\n"); return; }
    if (++closed % 1000 == 0) {
      print("closed " + closed.toString() + " memory " + (<u32>memory.size() << 16).toString() +
        " core " + memory_reserved().toString() + "\n");
    }
  }
}

const args = argv();
const mode = args.length > 1 ? args[1] : "timeout";
const options = new ServerOptions();
options.allowHalfOpen = mode == "halfclose" || mode == "peerend";
createServer(options, new Probe(mode, args.length > 3 ? <u32>I32.parseInt(args[3]) : 100))
  .listen(args.length > 2 ? I32.parseInt(args[2]) : 0, "127.0.0.1");
run();
