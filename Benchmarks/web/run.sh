#!/usr/bin/env bash
# The web pages measured (a benchmark, not a test): the device list and a device page with 10,000
# synthetic devices and a year of daily readings. See README.md.
#   1. release build of `printercare` (skip with SERVER=path)
#   2. `printercare serve` on loopback with its embedded PostgreSQL in a fresh work directory
#   3. seed.sql straight into the tables as the superuser (synthetic data, generate_series)
#   4. bench.py: sign in, then per scenario BENCH_WEB_REQUESTS sequential requests (median, p99)
#      and wrk for BENCH_WEB_WRK_SECONDS with BENCH_WEB_CONNECTIONS connections (requests per second)
# Knobs: BENCH_WEB_DEVICES=10000 BENCH_WEB_DAYS=365 BENCH_WEB_REQUESTS=500 BENCH_WEB_WRK_SECONDS=10
#        BENCH_WEB_CONNECTIONS=8 BENCH_WEB_SCRATCH=.build-webbench BENCH_WEB_KEEP=1 (keep the work dir)
#        BENCH_WEB_REUSE=dir (measure again on a kept, already seeded work directory)
#        BENCH_WEB_TIMEOUT=3600 (seconds, for the seeding and for the measuring each)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DEVICES=${BENCH_WEB_DEVICES:-10000}
DAYS=${BENCH_WEB_DAYS:-365}
REQUESTS=${BENCH_WEB_REQUESTS:-500}
WRK_SECONDS=${BENCH_WEB_WRK_SECONDS:-10}
CONNECTIONS=${BENCH_WEB_CONNECTIONS:-8}
SCRATCH=${BENCH_WEB_SCRATCH:-$ROOT/.build-webbench}
if [ -z "${SERVER:-}" ]; then
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product printercare >&2
    SERVER=$SCRATCH/release/printercare
fi
command -v psql >/dev/null || { echo "bench-web: psql missing (PostgreSQL client tools)" >&2; exit 1; }
if [ -n "${BENCH_WEB_REUSE:-}" ]; then
    WORK=$BENCH_WEB_REUSE   # a work directory kept by an earlier run (BENCH_WEB_KEEP=1): already seeded
    BENCH_WEB_KEEP=1
else
    WORK=$(mktemp -d /tmp/printercare-bench-web.XXXXXX)
    chmod 755 "$WORK"
fi
PASSWORD="benchmark-password-1"
EMAIL=bench@example.test
PID=""
cleanup() {
    if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi
    if [ "${BENCH_WEB_KEEP:-0}" = 1 ]; then echo "bench-web: work directory kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

LOG_LEVEL=warning PRINTERCARE_ADMIN_EMAIL=$EMAIL PRINTERCARE_ADMIN_PASSWORD=$PASSWORD \
    "$SERVER" serve --host 127.0.0.1 --http-port 0 --https-port 0 --gateway-port 0 --data-dir "$WORK/data" \
    --public-dir "$ROOT/Public" >"$WORK/out.log" 2>"$WORK/err.log" &
PID=$!
for _ in $(seq 1 240); do grep -q "http=" "$WORK/out.log" 2>/dev/null && break; sleep 0.5; done
PORT=$(grep -o "http=[0-9]*" "$WORK/out.log" | head -1 | cut -d= -f2)
[ -n "$PORT" ] || { echo "bench-web: server did not start" >&2; cat "$WORK/err.log" >&2; exit 1; }
SOCKET=$WORK/data/postgres-socket
PSQL=(psql -X -q -h "$SOCKET" -U postgres -d printercare)

if [ -z "${BENCH_WEB_REUSE:-}" ]; then
echo "bench-web: seeding $DEVICES synthetic devices with $DAYS daily readings each..." >&2
started=$(date +%s)
(cd "$WORK" && timeout "${BENCH_WEB_TIMEOUT:-3600}" "${PSQL[@]}" -v devices="$DEVICES" -v days="$DAYS" -f "$ROOT/Benchmarks/web/seed.sql" >&2)
echo "bench-web: seeded in $(( $(date +%s) - started )) s: $("${PSQL[@]}" -At -c "SELECT count(*) FROM devices") devices, $("${PSQL[@]}" -At -c "SELECT count(*) FROM readings") readings" >&2
fi
"${PSQL[@]}" -At -c "SELECT id FROM devices ORDER BY id" > "$WORK/device-ids.txt"

echo "bench-web: machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'); server: $SERVER" >&2
timeout "${BENCH_WEB_TIMEOUT:-3600}" python3 "$ROOT/Benchmarks/web/bench.py" "http://127.0.0.1:$PORT" "$EMAIL" "$PASSWORD" "$WORK/device-ids.txt" \
    "$REQUESTS" "$WRK_SECONDS" "$CONNECTIONS"
