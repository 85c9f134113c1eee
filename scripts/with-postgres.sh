#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server.
#
#   bash scripts/with-postgres.sh <command...>
#
# Starts a private cluster from the machine's PostgreSQL binaries (installing Debian's
# `postgresql` package when there are none), exports
# DATABASE_URL=postgres://postgres@127.0.0.1:PORT/postgres, runs the command, then stops the
# server and deletes its directory, also when the command fails or the script is interrupted.
# Exits with the command's exit code.
#
# The server listens only on 127.0.0.1 (a free port) and on a unix socket inside its own temp
# directory, trusts every local connection and runs with fsync off: it is for tests only.
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-postgres.sh <command...>" >&2
  exit 2
fi

log() { echo "with-postgres: $*" >&2; }

# The directory holding initdb and pg_ctl: PATH first, then the newest Debian install.
find_pg_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
    echo "$dir"
    return 0
  fi
  return 1
}

PG_BIN=$(find_pg_bin || true)
if [ -z "$PG_BIN" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "no PostgreSQL binaries found (initdb, pg_ctl) and not root: install the postgresql package"
    exit 1
  fi
  log "no PostgreSQL binaries found; installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  PG_BIN=$(find_pg_bin || true)
  if [ -z "$PG_BIN" ]; then
    log "postgresql installed but initdb/pg_ctl are still missing"
    exit 1
  fi
fi

# As root, run the server as `postgres`; otherwise as the current user.
if [ "$(id -u)" -eq 0 ]; then
  if ! id postgres >/dev/null 2>&1; then
    log "creating the system user postgres"
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres
  fi
  as_pg() { (cd "$PG_TMP" && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd "$PG_TMP" && "$@"); }
fi

PG_TMP=$(mktemp -d /tmp/with-postgres.XXXXXX)
PGDATA_DIR="$PG_TMP/data"
PG_SOCKET_DIR="$PG_TMP/socket"
PG_LOG="$PG_TMP/server.log"
mkdir -p "$PG_SOCKET_DIR"
if [ "$(id -u)" -eq 0 ]; then
  chown -R postgres: "$PG_TMP"
fi
chmod 700 "$PG_TMP"

started=0
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ "$started" -eq 1 ]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" stop -m fast -t 30 >/dev/null 2>&1 ||
      as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" stop -m immediate >/dev/null 2>&1 || true
  fi
  rm -rf "$PG_TMP"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

initdb_args=(-D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --no-sync)
if ! as_pg "$PG_BIN/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$PG_TMP/initdb.log" 2>&1; then
  # Very old systems lack the C.UTF-8 locale; byte-order C is what the schema relies on anyway.
  rm -rf "$PGDATA_DIR"
  if ! as_pg "$PG_BIN/initdb" "${initdb_args[@]}" --locale=C >"$PG_TMP/initdb.log" 2>&1; then
    cat "$PG_TMP/initdb.log" >&2
    log "initdb failed"
    exit 1
  fi
fi

free_port() {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });" 2>/dev/null ||
    python3 -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"
}

# Another process may take the port between choosing and binding it: try a few.
for attempt in 1 2 3 4 5; do
  PG_PORT=$(free_port)
  cat >"$PGDATA_DIR/postgresql.auto.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
max_connections = 300
shared_buffers = 256MB
maintenance_work_mem = 256MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$PGDATA_DIR/postgresql.auto.conf"; fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -w -t 60 start >/dev/null 2>&1; then
    started=1
    break
  fi
  log "server did not start on port $PG_PORT (attempt $attempt)"
  tail -n 20 "$PG_LOG" >&2 || true
done
if [ "$started" -ne 1 ]; then
  log "could not start PostgreSQL"
  exit 1
fi

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
log "PostgreSQL $("$PG_BIN/pg_ctl" --version | awk '{print $3}') at $DATABASE_URL"

set +e
"$@"
rc=$?
set -e
exit "$rc"
