#!/usr/bin/env python3
"""Runs a WASI 0.2 component on Wasmtime 49's C library, the one in the `wasmtime` 49.0.0
Python wheel (whose package is ctypes over that library), as `wasmtime run -S inherit-network
-S allow-ip-name-lookup COMPONENT ARGS...` would: wasip2, the network inherited, TCP allowed,
host names resolved, the arguments passed, stdout and stderr inherited, the guest's exit code
returned (a trap: its message on stderr, status 134). SIGTERM and SIGINT end it at once.

  python3 tests/wasmtime/run-component.py COMPONENT [ARG...]
  python3 tests/wasmtime/run-component.py --fuel COMPONENT [ARG...]   count wasm operators:
        each SIGUSR1 prints "fuel N" (consumed so far) on stderr
  python3 tests/wasmtime/run-component.py --check                     is the library the one checked?

Why the hash: since Wasmtime 48 a WASI context refuses TCP sockets unless `allow_tcp` is set,
and the C API of 49 has no call for it (the CLI's -S inherit-network sets it). This script sets
the field in wasi_config_t's memory, at an offset found for one build of the library: beside
`allow_ip_name_lookup` (located by toggling wasi_config_allow_ip_name_lookup and diffing the
struct's bytes, as check_layout does on every start) come `udp`, then `tcp`. Any other build
may lay the struct out differently, so any other library is refused.
"""
import ctypes
import hashlib
import importlib.util
import os
import signal
import sys
import threading

INSTALL = "python3 -m pip install --no-index --find-links /opt/pypi-more/files wasmtime==49.0.0"
LIBRARY = os.path.join("linux-x86_64", "_libwasmtime.so")
LIBRARY_SHA256 = "9594714d3c73c3087ab3d42d9614cf72973b25c181b8625ffcc46a8a75972d7e"
IP_NAME_LOOKUP_AT = 264  # byte offsets in that build's wasi_config_t
TCP_AT = IP_NAME_LOOKUP_AT + 2
LAYOUT_BYTES = 512
FUEL = 1 << 62
TRAP_STATUS = 134


def refuse(message):
    sys.stderr.write(f"run-component.py: {message}\n")
    sys.exit(3)


def check_library():
    """The wheel's library, unloaded yet: present, and the very build this script was checked on."""
    spec = importlib.util.find_spec("wasmtime")
    if spec is None or not spec.submodule_search_locations:
        refuse(f"the wasmtime 49.0.0 Python wheel is not installed; install it with: {INSTALL}")
    path = os.path.join(spec.submodule_search_locations[0], LIBRARY)
    if not os.path.exists(path):
        refuse(f"no {LIBRARY} in {spec.submodule_search_locations[0]} (this script runs Wasmtime's linux-x86_64 library only)")
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != LIBRARY_SHA256:
        refuse(f"{path} has sha256 {digest}, not {LIBRARY_SHA256} (the wasmtime 49.0.0 wheel's library "
               "for linux-x86_64). This script writes a field of wasi_config_t that the C API does not "
               f"expose, at an offset valid for that build only, so it runs no other. Install that one: {INSTALL}")
    return path


def config_bytes(config):
    return ctypes.string_at(ctypes.cast(config.ptr(), ctypes.c_void_p).value, LAYOUT_BYTES)


def check_layout(ffi, wasmtime):
    """Toggles allow_ip_name_lookup on a fresh config: exactly the byte expected must change."""
    config = wasmtime.WasiConfig()
    before = config_bytes(config)
    ffi.wasi_config_allow_ip_name_lookup(config.ptr(), True)
    after = config_bytes(config)
    changed = [i for i in range(LAYOUT_BYTES) if before[i] != after[i]]
    if changed != [IP_NAME_LOOKUP_AT] or after[TCP_AT] != 0:
        refuse(f"wasi_config_t is not laid out as expected (allow_ip_name_lookup changed bytes {changed}, "
               f"expected [{IP_NAME_LOOKUP_AT}]): not running")


def wasi_config(ffi, wasmtime, argv):
    config = wasmtime.WasiConfig()
    config.argv = argv
    config.inherit_stdout()
    config.inherit_stderr()
    ffi.wasi_config_inherit_network(config.ptr())
    ffi.wasi_config_allow_ip_name_lookup(config.ptr(), True)
    base = ctypes.cast(config.ptr(), ctypes.c_void_p).value
    ctypes.c_bool.from_address(base + TCP_AT).value = True  # allow_tcp, which the C API lacks
    return config


def report_fuel_on_sigusr1(store):
    """SIGUSR1 → "fuel N" on stderr. The guest runs inside one C call, where Python's own signal
    handlers never get their turn: SIGUSR1 is blocked in every thread (main blocks it before the
    library starts any, and they inherit the mask) and taken by this thread with sigwait. The
    count is read while the guest waits in a host call (the caller signals an idle guest), when
    the store holds it."""
    def wait():
        while True:
            signal.sigwait({signal.SIGUSR1})
            sys.stderr.write(f"fuel {FUEL - store.get_fuel()}\n")
            sys.stderr.flush()

    threading.Thread(target=wait, daemon=True).start()


def main(args):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    fuel = bool(args) and args[0] == "--fuel"
    if fuel:
        args = args[1:]
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
    if not args:
        sys.stderr.write(__doc__)
        return 2
    path = check_library()
    import wasmtime
    from wasmtime import _ffi as ffi
    from wasmtime.component import Component, Linker
    check_layout(ffi, wasmtime)
    if args == ["--check"]:
        print(f"ok: {path} is the wasmtime 49.0.0 library this script was checked against")
        return 0

    config = wasmtime.Config()
    config.consume_fuel = fuel
    engine = wasmtime.Engine(config)
    component = Component.from_file(engine, args[0])
    linker = Linker(engine)
    linker.add_wasip2()
    store = wasmtime.Store(engine)
    store.set_wasi(wasi_config(ffi, wasmtime, [os.path.basename(args[0])] + args[1:]))
    if fuel:
        store.set_fuel(FUEL)
        report_fuel_on_sigusr1(store)
    instance = linker.instantiate(store, component)
    cli_run = instance.get_export_index(store, "wasi:cli/run@0.2.12")
    run = cli_run and instance.get_func(store, instance.get_export_index(store, "run", cli_run))
    if run is None:
        refuse(f"{args[0]} exports no wasi:cli/run@0.2.12 run")
    try:
        result = run(store)
    except wasmtime.ExitTrap as exit_trap:
        return exit_trap.code
    except wasmtime.WasmtimeError as trap:
        sys.stderr.write(f"run-component.py: {trap}\n")
        return TRAP_STATUS
    return 1 if getattr(result, "tag", None) == "err" else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
