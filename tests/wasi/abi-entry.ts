// Calls every function of the socket ABI (host-bindings/wasi/abi/README.md) once, so that a build of
// this file with `--lib host-bindings/wasi/abi/<name>.ts` imports everything that ABI file can import.
// It is compiled by tests/wasi/abi-imports.test.mjs and never run.
const loopback = memory.data<u8>([127, 0, 0, 1]);
const address = memory.data(24, 4);
const buffer = memory.data(64, 4);
const handles = memory.data(8, 4);
const interests = memory.data(2);
const ready = memory.data(2);

const started = sys_now();
const listener = sys_listen(4, loopback, 0, 16);
const resolved = sys_resolve("localhost", buffer);
const client = sys_connect(4, loopback, 8124);
const connected = sys_connect_result(client);
const accepted = sys_accept(listener);
store<i32>(handles, listener);
store<i32>(handles, client, 4);
store<u8>(interests, 1);
store<u8>(interests, 2, 1);
const woken = sys_wait(handles, interests, 2, 10, ready);
const sent = sys_send(client, buffer, 64);
const received = sys_recv(accepted, buffer, 64);
const local = sys_local_address(accepted, address);
const remote = sys_remote_address(accepted, address);
const shut = sys_shutdown(client);
sys_close(accepted);
sys_close(client);
sys_close(listener);
const argv = sys_args();
sys_print(`${started} ${resolved} ${connected} ${woken} ${sent} ${received} ${local} ${remote} ${shut} ${argv.length}\n`);
sys_print_error("done\n");
sys_exit(0);
