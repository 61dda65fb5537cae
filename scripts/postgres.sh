#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback: a fresh cluster in a temporary folder,
# on a free port, trust authentication, superuser `vinculo`, no durability (it is
# thrown away). Needs the server binaries (Debian package postgresql).
#
#   bash scripts/postgres.sh COMMAND...   runs COMMAND with DATABASE_URL pointing at it
#   bash scripts/postgres.sh              starts one and waits until Ctrl-C
#
# Sourced by test.sh, which calls pg_start and pg_stop itself.

source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PG_BIN='' PG_TMP='' PG_DATA='' PG_PORT='' PG_RUNAS='' PG_URL=''

# Runs a server binary as the cluster's owner: initdb refuses to run as root, so root
# hands the cluster to the `postgres` system user (or to a dedicated one).
_pg_as() {
  if [ -n "$PG_RUNAS" ]; then
    (cd "$PG_TMP" && runuser -u "$PG_RUNAS" -- "$@")
  else
    (cd "$PG_TMP" && "$@")
  fi
}

_free_port() {
  local py=python3
  [ -x "$VENV/bin/python" ] && py=$VENV/bin/python
  "$py" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# Starts the server; sets PG_URL (postgres://vinculo@127.0.0.1:PORT/vinculo).
pg_start() {
  local attempt
  PG_BIN=$(pg_bindir) || {
    say "PostgreSQL server binaries (initdb, pg_ctl) not found: apt-get install postgresql"
    return 1
  }
  if is_root; then
    if id -u postgres >/dev/null 2>&1; then
      PG_RUNAS=postgres
    else
      PG_RUNAS=vinculo-pg
      if ! id -u "$PG_RUNAS" >/dev/null 2>&1; then
        say "creating the unprivileged system user $PG_RUNAS to own the throwaway cluster"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
          --shell /usr/sbin/nologin "$PG_RUNAS" || return 1
      fi
    fi
  fi
  # In /tmp, not $TMPDIR: the server's socket path must stay short.
  PG_TMP=$(mktemp -d /tmp/vinculo-pg.XXXXXX) || return 1
  if [ -n "$PG_RUNAS" ]; then
    chown "$PG_RUNAS:" "$PG_TMP" || return 1
  fi
  PG_DATA=$PG_TMP/data
  if ! _pg_as "$PG_BIN/initdb" --pgdata="$PG_DATA" --username=vinculo --auth=trust \
    --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$PG_TMP/initdb.log" 2>&1; then
    cat "$PG_TMP/initdb.log"
    return 1
  fi
  for attempt in 1 2 3; do
    PG_PORT=$(_free_port) || return 1
    if _pg_as "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --log="$PG_TMP/server.log" --wait \
      --timeout=60 --silent start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_TMP -c fsync=off -c synchronous_commit=off -c full_page_writes=off"; then
      PG_URL=postgres://vinculo@127.0.0.1:$PG_PORT/vinculo
      _pg_as "$PG_BIN/createdb" --host=127.0.0.1 --port="$PG_PORT" --username=vinculo vinculo \
        || return 1
      say "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT${PG_RUNAS:+ (run by $PG_RUNAS)}, in $PG_TMP"
      return 0
    fi
    say "could not start on port $PG_PORT (attempt $attempt)"
  done
  cat "$PG_TMP/server.log"
  return 1
}

# Stops the server and removes its folder; safe to call at any time, and twice.
pg_stop() {
  [ -n "$PG_TMP" ] || return 0
  if [ -f "$PG_DATA/postmaster.pid" ]; then
    _pg_as "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --mode=fast --wait --timeout=20 --silent stop \
      >/dev/null 2>&1 \
      || _pg_as "$PG_BIN/pg_ctl" --pgdata="$PG_DATA" --mode=immediate --silent stop \
        >/dev/null 2>&1
  fi
  rm -rf "$PG_TMP"
  PG_TMP='' PG_URL=''
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  trap pg_stop EXIT
  trap 'exit 130' INT TERM
  pg_start || die "could not start a throwaway PostgreSQL server"
  export DATABASE_URL=$PG_URL
  if [ $# -gt 0 ]; then
    "$@"
  else
    say "DATABASE_URL=$DATABASE_URL"
    say "Ctrl-C stops the server and removes its data."
    sleep infinity &
    wait
  fi
fi
