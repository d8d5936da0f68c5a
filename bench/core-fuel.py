# Wasm operators the core executes for the inputs of one HTTP keep-alive request (Wasmtime 49's
# fuel: deterministic, the figure that decides whether a core change helped on every host).
# The inputs are the ones the Node host gives the core per request of bench/servers/libs-server.mjs
# (Node's http server; traced with NODE_DEBUG=wasm-net): the request's read, the timeout cleared,
# the writable-state queries, resume, the corked head/body/end writes, uncork, the send written
# at once, its after-write tick, the keep-alive timeout set.
#
#   npm run build && python3 bench/core-fuel.py [CORE.wasm]      (default build/out/net.wasm)
#
# Needs the wasmtime 49.0.0 wheel (tests/wasmtime/README.md). Prints operators per input and in all.
import re
import struct
import sys
from collections import Counter
from pathlib import Path

import wasmtime

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 200
OPEN_CONNECTED = int(re.search(r"OPEN_CONNECTED = (\d+)", (ROOT / "assembly/abi.ts").read_text()).group(1))

config = wasmtime.Config()
config.consume_fuel = True
engine = wasmtime.Engine(config)
store = wasmtime.Store(engine)
store.set_fuel(10**12)
core_file = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build/out/net.wasm")
exports = wasmtime.Instance(store, wasmtime.Module.from_file(engine, core_file), []).exports(store)
memory, header = exports["memory"], exports["queue_header"](store)
spent, calls = Counter(), Counter()


def call(name, *args):
    before = store.get_fuel()
    answer = exports[name](store, *args)
    spent[name] += before - store.get_fuel()
    calls[name] += 1
    return answer


def drain():
    """Takes every record, as a host does (consumed = length); records need no action here."""
    length = struct.unpack("<I", memory.read(store, header + 4, header + 8))[0]
    memory.write(store, struct.pack("<I", length), header + 8)


sid = call("socket_open", OPEN_CONNECTED)
call("socket_resume", sid)
drain()
spent.clear()
calls.clear()
now = 1.0
for _ in range(REQUESTS):
    now += 0.5
    call("socket_handle_read", sid, 31, now); drain()
    call("socket_set_timeout", sid, 0, now); drain()
    call("socket_write_state", sid); call("socket_write_state", sid)
    call("socket_resume", sid); drain()
    call("socket_write_state", sid)
    call("socket_cork", sid); call("socket_write_state", sid)
    call("socket_write", sid, 156, now, 1); drain()
    call("socket_cork", sid); call("socket_write_state", sid)
    call("socket_write", sid, 32, now, 1); drain()
    call("socket_writable_length", sid); call("socket_write_state", sid)
    call("socket_write", sid, 0, now, 1); drain()
    call("socket_uncork", sid); drain()
    call("socket_uncork", sid); drain()
    call("socket_handle_written_at_once", sid, now); drain()
    call("socket_after_write", sid); drain()
    call("socket_set_timeout", sid, 61000, now); drain()

print(f"core: {core_file}\n| input | calls per request | operators per call | per request |\n|---|---:|---:|---:|")
for name in spent:
    print(f"| {name} | {calls[name] // REQUESTS} | {spent[name] / calls[name]:.0f} | {spent[name] / REQUESTS:.0f} |")
print(f"| all | {sum(calls.values()) // REQUESTS} | | {sum(spent.values()) / REQUESTS:.0f} |")
