// The echo server of net-api.txt as a WASI guest: greets each client, echoes what it sends
// (with pipe()'s backpressure, like examples/echo-server.cjs).
//   wasmtime run -S inherit-network=y build/out/wasi/echo.component.wasm [port]   (see ../README.md)
import {
  createServer, run, argv, print, printError, exit, Server, ServerHandler, Socket, NetError,
} from "../net";

class Echo extends ServerHandler {
  onConnection(socket: Socket): void {
    print("client connected\n");
    socket.writeString("hello\r\n");
  }
  onData(socket: Socket, data: Uint8Array): void {
    if (!socket.write(data)) socket.pause(); // as c.pipe(c): a slow reader slows its writer
  }
  onDrain(socket: Socket): void {
    socket.resume();
  }
  onEnd(socket: Socket): void {
    print("client disconnected\n");
  }
  onError(socket: Socket, error: NetError): void {
    print("client error " + error.code + "\n");
  }
  onListening(server: Server): void {
    print("server bound on port " + server.addressPort.toString() + "\n");
  }
  onServerError(server: Server, error: NetError): void {
    printError("error " + error.code + ": " + error.message + "\n");
    exit(1);
  }
}

const args = argv();
const port = args.length > 1 ? I32.parseInt(args[1]) : 8124;
createServer(null, new Echo()).listen(port, "127.0.0.1");
run();
