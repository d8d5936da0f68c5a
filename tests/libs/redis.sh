#!/usr/bin/env bash
# Starts the Redis that tests/libs/redis.test.mjs talks to: Debian's server (apt-get install
# redis-server), throwaway, no persistence, on 127.0.0.1:$WASM_NET_REDIS_PORT (63799) only,
# daemonized with its pid file and log in $WASM_NET_REDIS_DIR (/tmp/wasm-net-redis). Does nothing
# when a Redis already answers there. .ci/run calls it.
set -euo pipefail
port=${WASM_NET_REDIS_PORT:-63799}
dir=${WASM_NET_REDIS_DIR:-/tmp/wasm-net-redis}
server=/usr/bin/redis-server
if [ ! -x "$server" ]; then
  echo "redis.sh: no $server (apt-get install redis-server)" >&2
  exit 1
fi
answers() { [ "$(redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null)" = PONG ]; }
if ! answers; then
  mkdir -p "$dir"
  "$server" --bind 127.0.0.1 --port "$port" --save '' --appendonly no --protected-mode yes \
    --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || { echo "redis.sh: Redis did not answer on 127.0.0.1:$port (see $dir/redis.log)" >&2; exit 1; }
fi
echo "redis.sh: $("$server" --version | cut -d' ' -f1-3) on 127.0.0.1:$port (pid file and log in $dir)"
