#!/usr/bin/env bash
# make bench-link: the agent link measured (a benchmark, not a test). See README.md.
#   (a) internet-side bytes per task (agent <-> gateway, through a byte-counting proxy) vs PRODUCT.md's seed
#   (b) readings ingested per second through the gateway vs psql \copy of the same rows
#   (c) idle agents (long polls) one gateway process holds, and its memory per connection
# Loopback (127.0.0.0/8) only. Knobs: SERVER=path AGENT=path (skip the release build),
# BENCH_LINK_TIMEOUT=1200 (seconds, whole run), BENCH_LINK_IDLE_STEPS=250,500,1000,2000,
# BENCH_LINK_IDLE_HOLD=35, BENCH_LINK_INGEST_UPLOADS=50, BENCH_LINK_IDLE_WINDOW=26, BENCH_LINK_KEEP=1 (keep the work dir).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIXTURES=$ROOT/Tests/AgentTests/Fixtures/snmprec
VENV=$ROOT/.build/snmpsim-venv
SCRATCH=${BENCH_LINK_SCRATCH:-$ROOT/.build-linkbench}
if [ -z "${SERVER:-}" ] || [ -z "${AGENT:-}" ]; then
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product printercare >&2
    swift build -c release --package-path "$ROOT" --scratch-path "$SCRATCH" --product printercare-agent >&2
    SERVER=${SERVER:-$SCRATCH/release/printercare}
    AGENT=${AGENT:-$SCRATCH/release/printercare-agent}
fi
if [ ! -x "$VENV/bin/snmpsim-command-responder" ]; then
    /usr/bin/python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet snmpsim==1.2.2 pysmi==2.0.0 pysnmp==7.1.30 pyasn1==0.6.5
fi
command -v psql >/dev/null || { echo "bench-link: psql missing (PostgreSQL client tools)" >&2; exit 1; }
WORK=$(mktemp -d /tmp/printercare-bench-link.XXXXXX)
chmod 755 "$WORK"
# The driver kills what it started on exit; the timeout bounds the whole run (SIGTERM, then KILL).
set +e
timeout -k 30 "${BENCH_LINK_TIMEOUT:-1200}" python3 "$ROOT/Benchmarks/link/bench.py" "$SERVER" "$AGENT" "$VENV" "$FIXTURES" "$WORK"
status=$?
set -e
if [ "${BENCH_LINK_KEEP:-0}" = 1 ] || [ $status -ne 0 ]; then
    echo "bench-link: work directory kept: $WORK (exit $status)" >&2
else
    rm -rf "$WORK"
fi
exit $status
