# shellcheck shell=bash
# Throwaway PostgreSQL server for tests and benchmarks. Source this file, then:
#
#   pg_start [-c name=value ...]   start a server in a new temp dir on 127.0.0.1
#   pg_createdb NAME               create a database (owner: the server's user)
#   pg_url NAME                    print postgres://USER@127.0.0.1:PORT/NAME?sslmode=disable
#   pg_psql NAME [psql args...]    run psql against database NAME
#   pg_stop                        stop the server and remove its folder (idempotent;
#                                  safe to call from an EXIT trap, also if pg_start failed)
#
# After pg_start: PG_DIR (folder), PG_PORT, PG_USER, PG_BINDIR are set.
#
# initdb refuses to run as root, so as root the server runs as an unprivileged
# system user (PG_OS_USER, default kamtest, created with `useradd -r -M` if
# missing). As another user it runs as that user. Trust authentication; it
# listens on 127.0.0.1 only and on a socket inside PG_DIR, never in /var/run.

PG_OS_USER="${PG_OS_USER:-kamtest}"
PG_DIR=""
PG_PORT=""
PG_USER=""
PG_BINDIR=""

_pg_log() { echo "[postgres] $*" >&2; }

# Finds initdb/pg_ctl/psql: PATH first, then Debian's /usr/lib/postgresql/N/bin.
_pg_find_bindir() {
    local initdb
    initdb="$(command -v initdb 2>/dev/null || true)"
    if [[ -z "$initdb" ]]; then
        initdb="$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n1 || true)"
    fi
    if [[ -z "$initdb" ]]; then
        _pg_log "ERROR: initdb not found (install Debian's postgresql package)"
        return 1
    fi
    PG_BINDIR="$(dirname "$(readlink -f "$initdb")")"
}

_pg_psql_bin() {
    if [[ -x "$PG_BINDIR/psql" ]]; then echo "$PG_BINDIR/psql"; else command -v psql; fi
}

# Runs a command as the server's OS user, from inside PG_DIR.
_pg_as_user() {
    if [[ $EUID -eq 0 ]]; then
        (cd "$PG_DIR" && runuser -u "$PG_OS_USER" -- "$@")
    else
        (cd "$PG_DIR" && "$@")
    fi
}

_pg_free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
    if [[ -n "$PG_DIR" ]]; then
        _pg_log "ERROR: pg_start called twice (server in $PG_DIR is running)"
        return 1
    fi
    _pg_find_bindir || return 1

    if [[ $EUID -eq 0 ]]; then
        if ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
            _pg_log "creating system user $PG_OS_USER"
            useradd -r -M -d /nonexistent -s /usr/sbin/nologin "$PG_OS_USER"
        fi
        PG_USER="$PG_OS_USER"
    else
        PG_USER="$(id -un)"
    fi

    PG_DIR="$(mktemp -d /tmp/kam-pg.XXXXXX)"
    if [[ $EUID -eq 0 ]]; then chown "$PG_OS_USER:" "$PG_DIR"; fi

    local locale_opt=(--no-locale)
    if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale_opt=(--locale=C.UTF-8); fi

    if ! _pg_as_user "$PG_BINDIR/initdb" -D "$PG_DIR/data" -U "$PG_USER" --auth=trust \
            --encoding=UTF8 "${locale_opt[@]}" >"$PG_DIR/initdb.log" 2>&1; then
        _pg_log "ERROR: initdb failed:"; cat "$PG_DIR/initdb.log" >&2
        return 1
    fi

    PG_PORT="$(_pg_free_port)"
    local opts="-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR"
    local arg
    for arg in "$@"; do opts+=" $arg"; done

    if ! _pg_as_user "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -o "$opts" \
            -w -t 60 start >"$PG_DIR/pg_ctl.log" 2>&1; then
        _pg_log "ERROR: pg_ctl start failed:"
        cat "$PG_DIR/pg_ctl.log" "$PG_DIR/server.log" >&2 2>/dev/null || true
        return 1
    fi
    _pg_log "PostgreSQL $("$PG_BINDIR/postgres" --version | awk '{print $3}') up on 127.0.0.1:$PG_PORT (dir $PG_DIR, options:$(printf ' %s' "$@"))"
}

pg_psql() {
    local db="$1"; shift
    "$(_pg_psql_bin)" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d "$db" "$@"
}

pg_createdb() {
    pg_psql postgres -c "CREATE DATABASE \"$1\"" >/dev/null
}

pg_url() {
    echo "postgres://$PG_USER@127.0.0.1:$PG_PORT/$1?sslmode=disable"
}

pg_stop() {
    [[ -n "$PG_DIR" ]] || return 0
    if [[ -f "$PG_DIR/data/postmaster.pid" ]]; then
        if ! _pg_as_user "$PG_BINDIR/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 60 stop >/dev/null 2>&1; then
            _pg_log "WARNING: pg_ctl stop failed; killing postmaster"
            kill -9 "$(head -n1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null || true
        fi
    fi
    rm -rf "$PG_DIR"
    _pg_log "stopped and removed $PG_DIR"
    PG_DIR=""
    PG_PORT=""
}
