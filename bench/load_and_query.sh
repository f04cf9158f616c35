#!/usr/bin/env bash
# Foundation benchmark: bulk load of the demo data set, then HTTP latency of the
# main pages, on SQLite and on PostgreSQL.
#
#   bench/load_and_query.sh            full: 100,000 accounts (~1,000,000 key persons),
#                                      release build, wrk -t1 -c8 -d20s after a 5 s warm-up
#   bench/load_and_query.sh --smoke    tiny: 200 accounts, debug build, wrk -d2s (CI runs this)
#   --engines sqlite,postgres          which engines (default both)
#
# Environment: KAM_BIN (use this kam binary, build nothing), BENCH_OUT (copy the
# result TSVs to this folder).
# Targets: bulk load >= 0.33 x the rows/s of sqlite3's own `.import` of the same
# data as CSV into bare tables; p99 < 50 ms for search and the account page.
# Loopback only; every wrk run has a fixed duration; temp dirs, servers and
# PostgreSQL are removed by a trap.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# shellcheck source=../scripts/lib/postgres.sh
source "$ROOT/scripts/lib/postgres.sh"
WRKPARSE=(python3 "$ROOT/bench/lib/wrkparse.py")

MODE=full
ENGINES="sqlite,postgres"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --smoke) MODE=smoke ;;
        --engines) ENGINES="$2"; shift ;;
        --engines=*) ENGINES="${1#*=}" ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
    shift
done

if [[ $MODE == smoke ]]; then
    SCALE=200; WARMUP=1; DURATION=2
else
    SCALE=100000; WARMUP=5; DURATION=20
fi
THREADS=1; CONNECTIONS=8
# The access benchmark: at full size each salesperson owns 1,000 of 100,000 accounts and a
# director sits above 50 salespeople (50,000 accounts).
if [[ $MODE == smoke ]]; then SALES_FORCE=4; PER_DIRECTOR=2; else SALES_FORCE=100; PER_DIRECTOR=50; fi
DIRECTORS=$(( (SALES_FORCE + PER_DIRECTOR - 1) / PER_DIRECTOR ))
TARGET_RATIO=0.33
TARGET_P99_MS=50

# ---------------------------------------------------------------- plumbing

TMP="$(mktemp -d /tmp/kam-bench.XXXXXX)"
SERVER_PID=""

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$SERVER_PID" 2>/dev/null || true
    fi
    [[ -n "$SERVER_PID" ]] && { wait "$SERVER_PID" 2>/dev/null || true; }
    SERVER_PID=""
}

cleanup() {
    local rc=$?
    set +e
    stop_server
    pg_stop
    if [[ -n "${BENCH_OUT:-}" ]]; then
        mkdir -p "$BENCH_OUT" && cp "$TMP"/*.tsv "$BENCH_OUT"/ 2>/dev/null
    fi
    rm -rf "$TMP"
    [[ $rc -eq 0 ]] || echo "### bench/load_and_query.sh FAILED (exit $rc)" >&2
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

die() { echo "ERROR: $*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "n/a" }'; }
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
for cmd in wrk curl sqlite3 python3; do
    command -v "$cmd" >/dev/null || die "$cmd is missing (scripts/test installs it)"
done

# ---------------------------------------------------------------- binary

if [[ -n "${KAM_BIN:-}" ]]; then
    KAM="$KAM_BIN"
elif [[ $MODE == smoke ]]; then
    KAM="$ROOT/.build/debug/kam"
    [[ -x "$KAM" ]] || swift build --product kam
else
    swift build -c release --product kam
    KAM="$ROOT/.build/release/kam"
fi
[[ -x "$KAM" ]] || die "no kam binary at $KAM"

echo "== bench/load_and_query.sh: mode $MODE, $SCALE accounts, engines $ENGINES"
echo "== kam: $KAM; machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"

LOADS="$TMP/load.tsv"        # engine accounts persons wall_s ours_rows_per_s ref_rows_per_s ratio kam_line key_persons_ratio
RESULTS="$TMP/wrk.tsv"       # see bench/lib/wrkparse.py
: >"$LOADS"; : >"$RESULTS"

# ---------------------------------------------------------------- reference: sqlite3 .import
#
# The reference is the same data the load writes: `kam demo --csv-dir` writes the rows of every
# table it loads (accounts, key persons, jobs, personal facts, portraits, opportunities; not the
# search pieces, which are an index) as CSV, and sqlite3 imports them into bare tables (no keys,
# no indexes, no constraints) in one process. Same rows on both sides, so the ratio of rows/s is
# the ratio of times. For comparison the stricter reading is printed too: the key-persons table
# alone imported by sqlite3, against our whole load counted in key persons.

echo
echo "-- reference: kam demo --scale $SCALE --csv-dir, then sqlite3 .import into bare tables"
"$KAM" demo --scale "$SCALE" --csv-dir "$TMP/ref" >"$TMP/ref.counts"
REF_TABLES=(accounts key_persons employments personal_facts portrait_assessments opportunities)
IMPORTS=(".mode csv")
for table in "${REF_TABLES[@]}"; do
    [[ -s "$TMP/ref/$table.csv" ]] || die "kam demo --csv-dir wrote no $table.csv"
    IMPORTS+=(".import $TMP/ref/$table.csv $table")
done
t0="$(now)"
sqlite3 "$TMP/ref.sqlite" "${IMPORTS[@]}"
REF_SECS="$(elapsed "$t0")"
REF_ROWS=0
for table in "${REF_TABLES[@]}"; do
    REF_ROWS=$(( REF_ROWS + $(sqlite3 "$TMP/ref.sqlite" "SELECT count(*) FROM $table") ))
done
REF_PPS="$(div "$REF_ROWS" "$REF_SECS")"
echo "reference (same data): sqlite3 .import of $REF_ROWS rows into ${#REF_TABLES[@]} bare tables in ${REF_SECS}s = $REF_PPS rows/s"
t0="$(now)"
sqlite3 "$TMP/ref-persons.sqlite" ".mode csv" ".import $TMP/ref/key_persons.csv key_persons"
KP_SECS="$(elapsed "$t0")"
KP_ROWS="$(sqlite3 "$TMP/ref-persons.sqlite" 'SELECT count(*) FROM key_persons')"
KP_PPS="$(div "$KP_ROWS" "$KP_SECS")"
echo "reference (key persons only): sqlite3 .import of $KP_ROWS rows in ${KP_SECS}s = $KP_PPS rows/s"
rm -rf "$TMP/ref" "$TMP/ref.sqlite" "$TMP/ref-persons.sqlite"

# ---------------------------------------------------------------- per engine

# load ENGINE DATABASE
load() {
    local engine="$1" db="$2" t0 secs out line persons rows pps ratio
    echo
    echo "-- $engine: kam demo --scale $SCALE"
    t0="$(now)"
    out="$("$KAM" demo --database "$db" --scale "$SCALE" 2>&1)" || { echo "$out"; die "kam demo failed on $engine"; }
    secs="$(elapsed "$t0")"
    echo "$out" | tail -n 5
    line="$(echo "$out" | grep -E '^loaded ' | tail -n1 || true)"
    [[ -n "$line" ]] || die "kam demo printed no 'loaded N accounts, M key persons in ...' line"
    persons="$(echo "$line" | sed -nE 's/^loaded [0-9]+ accounts, ([0-9]+) key persons.*/\1/p')"
    rows="$(echo "$line" | sed -nE 's/.*; ([0-9]+) rows in all tables.*/\1/p')"
    [[ -n "$persons" ]] || die "cannot read the key person count from: $line"
    # Same data as the reference: its rows, loaded in our wall time (ratio of rows/s = ratio of times).
    pps="$(div "$REF_ROWS" "$secs")"
    ratio="$(awk -v a="$REF_SECS" -v b="$secs" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
    echo "$engine: the reference's $REF_ROWS rows (and $((rows - REF_ROWS)) search pieces and audit rows) in ${secs}s wall = $pps rows/s; ours/reference = $ratio (target >= $TARGET_RATIO)"
    kp_pps="$(div "$persons" "$secs")"
    kp_ratio="$(awk -v a="$kp_pps" -v b="$KP_PPS" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
    echo "$engine: counted in key persons only: $persons in ${secs}s = $kp_pps key persons/s; against the key-persons-only import = $kp_ratio"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$engine" "$SCALE" "$persons" "$secs" "$pps" "$REF_PPS" "$ratio" "$line" "$kp_ratio" >>"$LOADS"
}

# wait_healthy URL LOG
wait_healthy() {
    local url="$1" log="$2" start=$SECONDS
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/healthz" || true)" == 200 ]]; do
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then cat "$log" >&2; die "kam serve exited"; fi
        if (( SECONDS - start > 120 )); then cat "$log" >&2; die "kam serve not healthy after 120s"; fi
        sleep 0.5
    done
}

# measure ENGINE LABEL URL [curl/wrk header]
measure() {
    local engine="$1" label="$2" url="$3" header=("${@:4}") code out="$TMP/wrk.out"
    code="$(curl -s -o "$TMP/check.body" -w '%{http_code}' --max-time 30 "${header[@]}" "$url" || true)"
    [[ "$code" == 200 ]] || { head -c 1000 "$TMP/check.body" >&2; die "$engine $label: GET $url answered $code, not 200"; }
    timeout $((WARMUP + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" --timeout 10s "${header[@]}" "$url" >/dev/null
    timeout $((DURATION + 30)) wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency \
        "${header[@]}" "$url" >"$out"
    "${WRKPARSE[@]}" row "$engine" "$label" "$out" | tee -a "$RESULTS"
    if grep -q 'Non-2xx or 3xx responses' "$out"; then
        cat "$out" >&2
        die "$engine $label: the server answered errors under load"
    fi
}

# serve_and_measure ENGINE DATABASE
serve_and_measure() {
    local engine="$1" db="$2" port url log cookie first name id term
    port="$(free_port)"; url="http://127.0.0.1:$port"; log="$TMP/serve-$engine.log"
    echo
    echo "-- $engine: kam serve on $url"
    "$KAM" serve --database "$db" --hostname 127.0.0.1 --port "$port" >"$log" 2>&1 &
    SERVER_PID=$!
    wait_healthy "$url" "$log"

    curl -s -D "$TMP/signin.headers" -o "$TMP/signin.body" -c "$TMP/jar" --max-time 30 \
        -H 'Content-Type: application/json' -d '{"username":"admin","password":"openkam-demo"}' \
        "$url/api/v1/session" || true
    cookie="$(sed -nE 's/^[Ss]et-[Cc]ookie: *kam_session=([^;[:space:]]*).*/\1/p' "$TMP/signin.headers" | tail -n1)"
    if [[ -z "$cookie" ]]; then
        cat "$TMP/signin.headers" "$TMP/signin.body" >&2
        die "$engine: sign-in gave no kam_session cookie"
    fi
    local auth=(-H "Cookie: kam_session=$cookie")

    first="$(curl -s --max-time 30 "${auth[@]}" "$url/api/v1/accounts?limit=1")"
    read -r id term < <(echo "$first" | python3 -c '
import json, sys, urllib.parse
item = json.load(sys.stdin)["items"][0]
print(item["id"], urllib.parse.quote(item["name"][:2]))') || die "$engine: cannot read an account from /api/v1/accounts: $first"
    echo "$engine: account page id $id, search term '$(python3 -c 'import sys, urllib.parse; print(urllib.parse.unquote(sys.argv[1]))' "$term")'"

    measure "$engine" "/healthz"                  "$url/healthz"
    measure "$engine" "/accounts"                 "$url/accounts" "${auth[@]}"
    measure "$engine" "/accounts?q="              "$url/accounts?q=$term" "${auth[@]}"
    measure "$engine" "/accounts/{id}"            "$url/accounts/$id" "${auth[@]}"
    measure "$engine" "/api/v1/accounts?limit=50" "$url/api/v1/accounts?limit=50" "${auth[@]}"
    measure_access "$engine" "$db" "$url" "$term"
    stop_server
}

# sql ENGINE DATABASE STATEMENTS: runs trusted bench SQL with the engine's own client.
sql() {
    case "$1" in
        sqlite) sqlite3 -bail "$2" "$3" >/dev/null ;;
        postgres) pg_psql kambench -c "$3" >/dev/null ;;
    esac
}

# signin URL USERNAME: prints the kam_session cookie value.
signin() {
    curl -s -D - -o /dev/null --max-time 30 -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"password\":\"openkam-demo\"}" "$1/api/v1/session" |
        sed -nE 's/^[Ss]et-[Cc]ookie: *kam_session=([^;[:space:]]*).*/\1/p' | tail -n1
}

# measure_access ENGINE DATABASE URL TERM: the access rule as a query. A sales force of
# SALES_FORCE salespeople shares the accounts evenly (1,000 each at full size), DIRECTORS
# directors sit above 50 of them each; list and search as one salesperson and one director.
measure_access() {
    local engine="$1" db="$2" url="$3" term="$4" alias="" cookie
    [[ $engine == postgres ]] && alias="AS g(value)"
    echo "-- $engine: access rule: $SALES_FORCE salespeople, $DIRECTORS directors above $PER_DIRECTOR each"
    sql "$engine" "$db" "
        INSERT INTO users (username, display_name, role, manager_id, time_zone, active, password_hash, version, created_at, updated_at)
        SELECT 'bench.director.' || value, 'Bench director ' || value, 'sales_director', NULL, 'UTC', 1,
               (SELECT password_hash FROM users WHERE username = 'admin'), 1, 0, 0 FROM generate_series(1, $DIRECTORS) $alias;
        INSERT INTO users (username, display_name, role, manager_id, time_zone, active, password_hash, version, created_at, updated_at)
        SELECT 'bench.sales.' || value, 'Bench salesperson ' || value, 'salesperson',
               (SELECT id FROM users WHERE username = 'bench.director.' || ((value - 1) / $PER_DIRECTOR + 1)), 'UTC', 1,
               (SELECT password_hash FROM users WHERE username = 'admin'), 1, 0, 0 FROM generate_series(1, $SALES_FORCE) $alias;
        UPDATE accounts SET owner_id = (SELECT id FROM users WHERE username = 'bench.sales.' || (accounts.id % $SALES_FORCE + 1));"
    # Every account row was just rewritten: let PostgreSQL do what autovacuum would do next
    # (clear dead rows, set the visibility map, refresh statistics) before measuring.
    if [[ $engine == postgres ]]; then sql "$engine" "$db" "VACUUM ANALYZE accounts"; sql "$engine" "$db" "ANALYZE"; fi
    cookie="$(signin "$url" bench.sales.1)"; [[ -n "$cookie" ]] || die "$engine: bench.sales.1 could not sign in"
    measure "$engine" "sales: /accounts"      "$url/accounts" -H "Cookie: kam_session=$cookie"
    measure "$engine" "sales: /accounts?q="   "$url/accounts?q=$term" -H "Cookie: kam_session=$cookie"
    cookie="$(signin "$url" bench.director.1)"; [[ -n "$cookie" ]] || die "$engine: bench.director.1 could not sign in"
    measure "$engine" "director: /accounts"    "$url/accounts" -H "Cookie: kam_session=$cookie"
    measure "$engine" "director: /accounts?q=" "$url/accounts?q=$term" -H "Cookie: kam_session=$cookie"
}

for engine in ${ENGINES//,/ }; do
    case "$engine" in
        sqlite)
            load sqlite "$TMP/bench.sqlite"
            serve_and_measure sqlite "$TMP/bench.sqlite"
            ;;
        postgres)
            pg_start -c shared_buffers=512MB -c max_wal_size=4GB
            pg_createdb kambench
            load postgres "$(pg_url kambench)"
            serve_and_measure postgres "$(pg_url kambench)"
            pg_stop
            ;;
        *) die "unknown engine: $engine" ;;
    esac
done

# ---------------------------------------------------------------- report

echo
echo "==================== results ($MODE, $SCALE accounts, wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s) ===================="
echo "bulk load (reference: sqlite3 .import of the same $REF_ROWS rows into bare tables in ${REF_SECS}s, $REF_PPS rows/s):"
awk -F'\t' 'BEGIN { printf "  %-9s %9s %10s %9s %12s %7s %17s\n", "engine", "accounts", "persons", "wall s", "rows/s", "ratio", "key-persons ratio" }
            { printf "  %-9s %9s %10s %9s %12s %7s %17s\n", $1, $2, $3, $4, $5, $7, $9 }' "$LOADS"
awk -F'\t' '{ printf "  %s said: %s\n", $1, $8 }' "$LOADS"
echo "  target: ratio >= $TARGET_RATIO (same data); the key-persons ratio compares our key persons/s with sqlite3's"
echo "  import of the key-persons table alone (${KP_SECS}s, $KP_PPS rows/s), for comparison with earlier notes"
echo
echo "HTTP (ms; errors = socket errors + non-2xx/3xx):"
"${WRKPARSE[@]}" table "$RESULTS" "$TARGET_P99_MS" "/accounts?q=" "/accounts/{id}" "sales: /accounts" "sales: /accounts?q=" \
    "director: /accounts" "director: /accounts?q=" | sed 's/^/  /'
echo "  target: p99 < ${TARGET_P99_MS} ms for search (/accounts?q=), the account page (/accounts/{id}), and list and"
echo "  search as a salesperson with $((SCALE / SALES_FORCE)) accounts and as a director above $PER_DIRECTOR salespeople"
if [[ $MODE == smoke ]]; then
    echo "  (smoke mode: debug build and tiny data; the numbers say nothing about the targets)"
fi
