// The client of net-api.txt as a WASI guest: connects, sends its message, prints the reply.
//   wasmtime run -S inherit-network=y build/out/wasi/client.component.wasm [port] [message]
import { connect, run, argv, print, printError, exit, Socket, SocketHandler, NetError } from "../net";

class Client extends SocketHandler {
  constructor(public message: string) { super(); }
  onConnect(socket: Socket): void {
    print("connected to server!\n");
    socket.writeString(this.message + "\r\n");
  }
  onData(socket: Socket, data: Uint8Array): void {
    print(String.UTF8.decode(data.buffer) + "\n");
    socket.end();
  }
  onEnd(socket: Socket): void {
    print("disconnected from server\n");
  }
  onError(socket: Socket, error: NetError): void {
    printError("error " + error.code + ": " + error.message + "\n");
  }
  onClose(socket: Socket, hadError: bool): void {
    if (hadError) exit(1);
  }
}

const args = argv();
const port = args.length > 1 ? I32.parseInt(args[1]) : 8124;
const message = args.length > 2 ? args[2] : "world!";
connect(port, "127.0.0.1", new Client(message));
run();
