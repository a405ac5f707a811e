#!/usr/bin/env bash
# Database-backed request benchmark (not a test): `make bench-db`.
# One printercare server (release, embedded PostgreSQL) and, in the same run, interleaved:
#   static   GET /robots.txt          no database (the ceiling)
#   health   GET /healthz             one pooled `SELECT 1` per request
#   page     GET /  signed in         session lookup (+ scope) in PostgreSQL and a rendered page
#   pgbench  `SELECT 1` straight into the same PostgreSQL over its socket (the named alternative:
#            the database's own throughput for that query at the same concurrency)
# Prints req/s per scenario (median of rounds) and the ratios. Loopback only; every run is bounded.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${BENCH_DURATION:-5}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNECTIONS:-64}
BIN=${BENCH_OURS_BIN:-}
command -v wrk >/dev/null || { echo "bench-db: wrk missing (make bench installs it)"; exit 1; }
if [ -z "$BIN" ]; then
    swift build -c release --product printercare --scratch-path .build-release >/dev/null
    BIN=.build-release/release/printercare
fi
TMP=$(mktemp -d /tmp/printercare-benchdb-XXXXXX)
chmod 755 "$TMP"
PASSWORD="benchmark-password-1"
cleanup() {
    [ -n "${PID:-}" ] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null || true
    rm -rf "$TMP"
}
trap cleanup EXIT
PRINTERCARE_ADMIN_EMAIL=bench@example.test PRINTERCARE_ADMIN_PASSWORD=$PASSWORD \
    "$BIN" serve --host 127.0.0.1 --http-port 0 --https-port 0 --gateway-port 0 --data-dir "$TMP/data" \
    --public-dir Public >"$TMP/out.log" 2>"$TMP/err.log" &
PID=$!
for _ in $(seq 1 120); do grep -q "http=" "$TMP/out.log" 2>/dev/null && break; sleep 0.5; done
PORT=$(grep -o "http=[0-9]*" "$TMP/out.log" | head -1 | cut -d= -f2)
[ -n "$PORT" ] || { echo "bench-db: server did not start"; cat "$TMP/err.log"; exit 1; }
BASE=http://127.0.0.1:$PORT

# Sign in through the real form to get a session cookie (the page scenario is skipped if that fails).
COOKIE=""
if curl -s -c "$TMP/jar" -o "$TMP/login.html" "$BASE/login"; then
    CSRF=$(grep -o 'name="csrf_token" value="[^"]*"' "$TMP/login.html" | head -1 | sed 's/.*value="//;s/"$//')
    curl -s -b "$TMP/jar" -c "$TMP/jar" -o /dev/null -H "Origin: $BASE" \
        --data-urlencode "email=bench@example.test" --data-urlencode "password=$PASSWORD" \
        --data-urlencode "csrf_token=$CSRF" "$BASE/login" || true
    COOKIE=$(awk '$6 ~ /session/ {print $6"="$7}' "$TMP/jar" | head -1)
fi

SOCKET=$(ls -d "$TMP"/data/postgres-socket 2>/dev/null || true)
echo "select 1;" > "$TMP/select1.sql"
chmod 644 "$TMP/select1.sql"

wrk_rate() {  # path [cookie]
    local args=(-t2 -c"$CONNS" -d"${DURATION}s" --timeout 5s)
    [ -n "${2:-}" ] && args+=(-H "Cookie: $2")
    timeout $((DURATION + 30)) wrk "${args[@]}" "$BASE$1" | awk '/Requests\/sec/ {print $2}'
}
pgbench_rate() {
    [ -n "$SOCKET" ] || { echo 0; return; }
    local run=(pgbench -n -f "$TMP/select1.sql" -c "$CONNS" -j 2 -T "$DURATION" -h "$SOCKET" -U printercare printercare)
    if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres -- "${run[@]}"); fi
    timeout $((DURATION + 30)) "${run[@]}" 2>/dev/null | awk '/^tps/ {print $3; exit}'
}

declare -A results
for round in $(seq 1 "$ROUNDS"); do
    results[static]+="$(wrk_rate /robots.txt) "
    results[health]+="$(wrk_rate /healthz) "
    [ -n "$COOKIE" ] && results[page]+="$(wrk_rate / "$COOKIE") "
    results[pgbench]+="$(pgbench_rate) "
    echo "round $round done" >&2
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR ? a[int((NR+1)/2)] : 0)}'; }
printf "\n%-10s %12s   (%s connections, %s s x %s rounds, median; wrk/pgbench and the server share the cores)\n" scenario "req/s" "$CONNS" "$DURATION" "$ROUNDS"
for k in static health page pgbench; do
    [ -n "${results[$k]:-}" ] || continue
    printf "%-10s %12.0f\n" "$k" "$(echo "${results[$k]}" | median)"
done
s=$(echo "${results[static]}" | median); h=$(echo "${results[health]}" | median); g=$(echo "${results[pgbench]}" | median)
awk -v s="$s" -v h="$h" -v g="$g" 'BEGIN { printf "\nhealth/static = %.2f   health/pgbench = %.2f\n", h/s, (g > 0 ? h/g : 0) }'
if [ -n "$COOKIE" ]; then
    p=$(echo "${results[page]}" | median)
    awk -v s="$s" -v p="$p" -v g="$g" 'BEGIN { printf "page/static = %.2f     page/pgbench = %.2f\n", p/s, (g > 0 ? p/g : 0) }'
else
    echo "(page scenario skipped: could not sign in through /login)"
fi
