#!/usr/bin/env bash
# Starts the PostgreSQL that tests/libs/pg.test.mjs talks to: Debian's server (apt-get install
# postgresql), a throwaway cluster in $WASM_NET_PG_DATA (/tmp/wasm-net-pg) with trust auth,
# listening on 127.0.0.1:$WASM_NET_PG_PORT (54329) only, run as the postgres user when started by
# root (the server refuses root). Does nothing when it already runs. .ci/run calls it.
set -euo pipefail
port=${WASM_NET_PG_PORT:-54329}
data=${WASM_NET_PG_DATA:-/tmp/wasm-net-pg}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "postgres.sh: no PostgreSQL server found under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data"; fi
  as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
fi
if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $data" start >/dev/null
fi
echo "postgres.sh: $("$bin/postgres" --version) on 127.0.0.1:$port (data in $data)"
