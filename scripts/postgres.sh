#!/usr/bin/env bash
# Sourced by the test and bench scripts: a throwaway PostgreSQL (Debian's package) in a
# temporary directory on a free loopback port, stopped and removed when the calling script
# exits. Sets IPDOCS_TEST_POSTGRES to a URL of its `postgres` database (trust auth on
# loopback: test only). PostgreSQL refuses to run as root, so it runs as user `postgres`.
#   pg_start
pg_start() {
  local bin dir port as_postgres
  bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  dir="$(mktemp -d /tmp/ipdocs-pg.XXXXXX)"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  as_postgres=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    as_postgres=(runuser -u postgres --)
  fi
  "${as_postgres[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
    "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" start >/dev/null
  PG_DIR="$dir"
  PG_BIN="$bin"
  PG_AS=("${as_postgres[@]}")
  trap 'pg_stop; kill ${SIM_PIDS:-} 2>/dev/null || true' EXIT
  IPDOCS_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port/postgres"
  export IPDOCS_TEST_POSTGRES
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=""
}
