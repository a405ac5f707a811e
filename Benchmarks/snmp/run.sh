#!/usr/bin/env bash
# make bench-snmp: bytes on the wire and time of the agent's SNMP work, against snmpsim on 127.0.0.0/8
# only, compared with PRODUCT.md's seed figures and with net-snmp's snmpbulkwalk. See README.md.
# Knobs: AGENT=path (default: a release build), BENCH_SNMP_DEVICES=1000, BENCH_SNMP_TIMEOUT=600 (seconds).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIXTURES=$ROOT/Tests/AgentTests/Fixtures/snmprec
VENV=$ROOT/.build/snmpsim-venv
DEVICES=${BENCH_SNMP_DEVICES:-1000}
WORK=$(mktemp -d /tmp/printercare-bench-snmp.XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
    # Each responder leads its own process group (setsid): kill the group, snmpsim ignores SIGTERM.
    for pid in "${PIDS[@]}"; do kill -9 -- "-$pid" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
# Bounded in time: the whole run is killed after BENCH_SNMP_TIMEOUT seconds.
# Its sleep writes nowhere, so a pipe reading this script's output is not held open by it.
( sleep "${BENCH_SNMP_TIMEOUT:-600}" </dev/null >/dev/null 2>&1; echo "bench-snmp: time limit reached" >&2; kill -TERM $$ ) &
WATCH=$!
trap 'kill $(pgrep -P $WATCH) $WATCH 2>/dev/null; cleanup' EXIT
trap 'exit 1' TERM INT

if [ -z "${AGENT:-}" ]; then
    swift build -c release --package-path "$ROOT" --scratch-path "$ROOT/.build-agent-release" --product printercare-agent >&2
    AGENT=$ROOT/.build-agent-release/release/printercare-agent
fi
if [ ! -x "$VENV/bin/snmpsim-command-responder" ]; then
    /usr/bin/python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet snmpsim==1.2.2 pysmi==2.0.0 pysnmp==7.1.30 pyasn1==0.6.5
fi
PORT=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# responder NAME ADDRESS: serves $WORK/NAME/data on ADDRESS:$PORT.
responder() {
    local dir=$WORK/$1
    mkdir -p "$dir/cache"; chmod -R a+rX "$dir"; chmod 777 "$dir/cache"
    local user=(); [ "$(id -u)" = 0 ] && user=(--process-user=nobody --process-group=nogroup)
    setsid "$VENV/bin/snmpsim-command-responder" --data-dir="$dir/data" --cache-dir="$dir/cache" \
        --agent-udpv4-endpoint="$2:$PORT" "${user[@]}" >/dev/null 2>"$dir/log" &
    PIDS+=($!)
}
wait_listening() {
    for dir in "$@"; do
        for _ in $(seq 600); do grep -q "Listening at" "$WORK/$dir/log" 2>/dev/null && break; sleep 0.1; done
        grep -q "Listening at" "$WORK/$dir/log" || { echo "snmpsim $dir did not start:" >&2; cat "$WORK/$dir/log" >&2; exit 1; }
    done
}
printers=$(python3 -c "
import json; d = json.load(open('$FIXTURES/EXPECTED.json'))['devices']
print(' '.join(sorted(k for k, v in d.items() if v['category'] == 'printer')))")
mono=$(python3 -c "
import json; d = json.load(open('$FIXTURES/EXPECTED.json'))['devices']
print(' '.join(sorted(k for k, v in d.items() if v['category'] == 'printer' and not v['color_device'])))")
colour=$(python3 -c "
import json; d = json.load(open('$FIXTURES/EXPECTED.json'))['devices']
print(' '.join(sorted(k for k, v in d.items() if v['category'] == 'printer' and v['color_device'])))")

# 1. every recording under its own name; 100 mono + 100 colour + the 1,000 devices as communities.
mkdir -p "$WORK/fleet/data"
copies() {  # copies PREFIX COUNT RECORDINGS… → targets file on stdout
    local prefix=$1 count=$2; shift 2; local list=("$@") i
    for ((i = 0; i < count; i++)); do
        local name=${list[$((i % ${#list[@]}))]}
        ln -f "$FIXTURES/$name.snmprec" "$WORK/fleet/data/$prefix$i.snmprec" 2>/dev/null \
            || cp "$FIXTURES/$name.snmprec" "$WORK/fleet/data/$prefix$i.snmprec"
        echo "127.0.0.3:$PORT $prefix$i"
    done
}
copies mono- 100 $mono > "$WORK/mono.txt"
copies colour- 100 $colour > "$WORK/colour.txt"
copies dev- "$DEVICES" $printers > "$WORK/fleet.txt"
responder fleet 127.0.0.3
# 2. one responder per address of 127.0.2.0/24 holding a device (every recording), community
# `public` as printers ship: the one-device reads and the /24 discovery.
declare -A ADDRESS
i=2
for name in $(cd "$FIXTURES" && ls *.snmprec | sed 's/.snmprec$//'); do
    mkdir -p "$WORK/disc-$i/data"; cp "$FIXTURES/$name.snmprec" "$WORK/disc-$i/data/public.snmprec"
    responder "disc-$i" "127.0.2.$i"; ADDRESS[$name]=127.0.2.$i; i=$((i + 1))
done
wait_listening fleet $(cd "$WORK" && ls -d disc-*)

STATS=$WORK/stats.txt
: > "$STATS"
measure() {  # measure LABEL COMMAND… → "LABEL seconds stats-line" in $STATS
    local label=$1; shift
    local start end
    start=$(date +%s.%N)
    "$@" --stats > "$WORK/out.json" 2> "$WORK/err.txt" || true
    end=$(date +%s.%N)
    echo "$label $(echo "$end - $start" | bc) $(grep '^stats:' "$WORK/err.txt" | tail -1) lines=$(wc -l < "$WORK/out.json")" >> "$STATS"
    # poll --rounds N: one row per round too, "LABEL:roundN seconds stats: <fields> lines=<readings>".
    { grep '^round [0-9]*:' "$WORK/err.txt" || true; } | while read -r _ number rest; do
        local fields=${rest#*; } ms readings
        ms=$(echo "$fields" | sed -n 's/.*ms=\([0-9]*\).*/\1/p'); readings=$(echo "$fields" | sed -n 's/.*readings=\([0-9]*\).*/\1/p')
        echo "$label:round${number%:} $(echo "scale=3; ${ms:-0} / 1000" | bc) stats: $fields lines=${readings:-0}" >> "$STATS"
    done
}
for name in $printers; do measure "device:$name" "$AGENT" probe "${ADDRESS[$name]}:$PORT" --json; done
# The same reads over SNMPv1 (GetNext only), as a board without v2c is read.
for name in $printers; do measure "device-v1:$name" "$AGENT" probe "${ADDRESS[$name]}:$PORT" --snmp-version 1 --json; done
# A status query in normal operation is a repeat poll (the agent keeps each device's last full view):
# round 1 reads every device fully, round 2 is the status query compared with the seed.
measure mono100 "$AGENT" poll --targets "$WORK/mono.txt" --rounds 2 --json
measure colour100 "$AGENT" poll --targets "$WORK/colour.txt" --rounds 2 --json
measure fleet "$AGENT" poll --targets "$WORK/fleet.txt" --concurrency 64 --timeout 3 --json
measure scan-empty "$AGENT" discover 127.0.1.0/24 --port "$PORT" --json
measure scan-devices "$AGENT" discover 127.0.2.0/24 --port "$PORT" --json

# 3. net-snmp for comparison: snmpbulkwalk of the subtrees a Printer-MIB poller needs, bytes from -d.
if command -v snmpbulkwalk >/dev/null; then
    for name in $printers; do
        sent=0; received=0; packets=0; fragments=0
        for tree in 1.3.6.1.2.1.1 1.3.6.1.2.1.2.2.1 1.3.6.1.2.1.25.3 1.3.6.1.2.1.43; do
            out=$(snmpbulkwalk -d -v2c -c public -Cr25 -t 2 "${ADDRESS[$name]}:$PORT" "$tree" 2>&1 >/dev/null || true)
            sent=$((sent + $(echo "$out" | awk '/^Sending [0-9]+ bytes/ {s += $2} END {print s + 0}')))
            received=$((received + $(echo "$out" | awk '/^Received [0-9]+ byte/ {s += $2} END {print s + 0}')))
            packets=$((packets + $(echo "$out" | grep -cE '^(Sending|Received) [0-9]+ byte' || true)))
            # further IPv4 fragments on a 1500-byte MTU, as the agent's --stats counts them
            fragments=$((fragments + $(echo "$out" | awk '/^(Sending|Received) [0-9]+ byte/ {f += int(($2 + 8 + 1479) / 1480) - 1} END {print f + 0}')))
        done
        echo "netsnmp:$name 0 stats: bytes_sent=$sent bytes_received=$received requests=$((packets / 2)) retransmissions=0 timeouts=0 responses=$((packets / 2)) fragments=$fragments lines=0" >> "$STATS"
    done
fi
python3 "$(dirname "$0")/report.py" "$STATS" "$DEVICES" "$mono" "$colour"
