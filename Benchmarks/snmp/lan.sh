#!/usr/bin/env bash
# Benchmarks/snmp/lan.sh: discovery traffic on a simulated Ethernet LAN, counted ON THE WIRE.
#
# Network namespaces of our own (root only): a switch namespace holding a bridge; an agent namespace
# (eth0 10.231.1.1/24, plus 10.231.2.1/24 on the same wire: a second subnet where nothing answers);
# one namespace per recording of Tests/AgentTests/Fixtures/snmprec (10.231.1.2 …), each running
# snmpsim on 0.0.0.0:161 (so it hears broadcasts) with that recording as community `public`.
# Bytes and packets are the agent's eth0 counters (/sys/class/net/eth0/statistics, read inside its
# namespace before and after each run): Ethernet frames including ARP, IPv4 and UDP headers.
# Every namespace's neighbour cache is flushed before each run, so each run pays for its own ARP.
# Nothing leaves the namespaces; all of them are deleted on exit.
# Knobs: AGENT=path (default: a release build), BENCH_LAN_TIMEOUT=300 (seconds, the whole run).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
FIXTURES=$ROOT/Tests/AgentTests/Fixtures/snmprec
VENV=$ROOT/.build/snmpsim-venv
[ "$(id -u)" = 0 ] || { echo "lan.sh needs root (network namespaces)" >&2; exit 1; }
command -v ip >/dev/null || { echo "lan.sh needs iproute2 (ip)" >&2; exit 1; }

TAG=pcl$$                       # unique per run: parallel runs never share a name
SWITCH=${TAG}sw
AGENTNS=${TAG}a
NAMESPACES=()
PIDS=()
WORK=$(mktemp -d /tmp/printercare-bench-lan.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    # Each responder leads its own process group (setsid): kill the group, snmpsim ignores SIGTERM.
    for pid in "${PIDS[@]}"; do kill -9 -- "-$pid" 2>/dev/null || true; done
    for ns in "${NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT
( sleep "${BENCH_LAN_TIMEOUT:-300}" </dev/null >/dev/null 2>&1; echo "lan.sh: time limit reached" >&2; kill -TERM $$ ) &
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

# namespace NAME: a new namespace with loopback up and IPv6 off (no autoconfiguration chatter on the wire).
namespace() {
    ip netns add "$1"; NAMESPACES+=("$1")
    ip -n "$1" link set lo up
    # snmpsim binds after dropping to nobody: port 161 must be open to unprivileged users (this namespace only).
    ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
        net.ipv4.ip_unprivileged_port_start=0
}
# attach NS PORT ADDRESS/PREFIX [MAC]: eth0 in NS (with that link address), its peer PORT on the switch's bridge.
attach() {
    ip link add eth0 netns "$1" type veth peer name "$2" netns "$SWITCH"
    ip -n "$SWITCH" link set "$2" master br0 up
    ip -n "$1" addr add "$3" brd + dev eth0
    if [ -n "${4:-}" ]; then ip -n "$1" link set eth0 address "$4"; fi
    ip -n "$1" link set eth0 up
}
namespace "$SWITCH"
ip -n "$SWITCH" link add br0 type bridge stp_state 0
ip -n "$SWITCH" link set br0 up
namespace "$AGENTNS"
attach "$AGENTNS" p1 10.231.1.1/24
ip -n "$AGENTNS" addr add 10.231.2.1/24 brd + dev eth0

i=2
HOSTS=()
for name in $(cd "$FIXTURES" && ls *.snmprec | sed 's/.snmprec$//'); do
    ns=${TAG}h$i
    namespace "$ns"
    # The host's link address is its recording's MAC, as a real printer's ifPhysAddress is its wire address.
    mac=$(python3 -c "import json; print((json.load(open('$FIXTURES/EXPECTED.json'))['devices']['$name'].get('mac') or '').lower())")
    attach "$ns" "p$i" "10.231.1.$i/24" "$mac"
    dir=$WORK/h$i
    mkdir -p "$dir/data" "$dir/cache"
    cp "$FIXTURES/$name.snmprec" "$dir/data/public.snmprec"
    chmod -R a+rX "$dir"; chmod 777 "$dir/cache"
    ip netns exec "$ns" setsid "$VENV/bin/snmpsim-command-responder" --data-dir="$dir/data" --cache-dir="$dir/cache" \
        --agent-udpv4-endpoint=0.0.0.0:161 --process-user=nobody --process-group=nogroup >/dev/null 2>"$dir/log" &
    PIDS+=($!); disown
    HOSTS+=("h$i:$name")
    i=$((i + 1))
done
for host in "${HOSTS[@]}"; do
    dir=$WORK/${host%%:*}
    for _ in $(seq 600); do grep -q "Listening at" "$dir/log" 2>/dev/null && break; sleep 0.1; done
    grep -q "Listening at" "$dir/log" || { echo "snmpsim ${host#*:} did not start:" >&2; cat "$dir/log" >&2; exit 1; }
done
printers=$(python3 -c "
import json; d = json.load(open('$FIXTURES/EXPECTED.json'))['devices']
print(sum(1 for v in d.values() if v['category'] == 'printer'))")

counters() {  # tx_bytes rx_bytes tx_packets rx_packets of the agent's eth0
    ip netns exec "$AGENTNS" sh -c 'cd /sys/class/net/eth0/statistics && echo $(cat tx_bytes rx_bytes tx_packets rx_packets)'
}
RESULTS=$WORK/results.txt
: > "$RESULTS"
measure() {  # measure LABEL RANGE MODE
    for ns in "${NAMESPACES[@]}"; do ip -n "$ns" neigh flush all 2>/dev/null || true; done
    sleep 0.2
    local before after start end
    before=$(counters)
    start=$(date +%s.%N)
    ip netns exec "$AGENTNS" "$AGENT" discover "$2" --mode "$3" --json --stats > "$WORK/out.json" 2> "$WORK/err.txt" || true
    end=$(date +%s.%N)
    sleep 0.5   # late frames (ARP replies, stray answers) still belong to this run
    after=$(counters)
    cp "$WORK/out.json" "$WORK/out-$1-$3.json"
    echo "$1 $3 $(echo "$end - $start" | bc) $before $after $(wc -l < "$WORK/out.json") $(grep -o 'method=[a-z]*' "$WORK/err.txt" | head -1) $(grep '^stats:' "$WORK/err.txt" | tail -1)" >> "$RESULTS"
}
measure devices 10.231.1.0/24 auto
measure devices 10.231.1.0/24 sweep
measure empty 10.231.2.0/24 auto
measure empty 10.231.2.0/24 sweep

for host in "${HOSTS[@]}"; do  # address recording link-MAC
    link=$(ip -n "$TAG${host%%:*}" -br link show eth0 | awk '{print toupper($3)}')
    echo "10.231.1.${host%%:*} ${host#*:} $link" | sed 's/^10.231.1.h/10.231.1./'
done > "$WORK/hosts.txt"
python3 - "$RESULTS" "$printers" "$WORK" "$FIXTURES/EXPECTED.json" <<'EOF'
import json, re, sys
SEED = {"devices": 25_000, "empty": 5_000}   # PRODUCT.md "Traffic", local network (1 KB = 1000 B)
TASK = {"devices": "discovery of one /24", "empty": "/24 with no device"}
print(f"\nDiscovery on a namespace LAN: {int(sys.argv[2])} printers + 2 non-printers on 10.231.1.0/24; "
      "10.231.2.0/24 empty. Bytes = agent eth0 frames (ARP included).")
print(f"{'task':22} {'mode':16} {'found':>5} {'frames out/in':>13} {'bytes out':>9} {'bytes in':>9} "
      f"{'wire':>9} {'seed':>7} {'ratio':>6} {'time':>7}")
for line in open(sys.argv[1]):
    p = line.split()
    label, mode, seconds = p[0], p[1], float(p[2])
    b = list(map(int, p[3:7])); a = list(map(int, p[7:11])); found = int(p[11])
    method = re.search(r"method=(\w+)", line)
    tx, rx, txp, rxp = (a[k] - b[k] for k in range(4))
    total = tx + rx
    shown = mode + (f"={method.group(1)}" if method and mode == "auto" else "")
    print(f"{TASK[label]:22} {shown:16} {found:5} {f'{txp}/{rxp}':>13} {tx:9} {rx:9} "
          f"{total / 1000:7.1f} KB {SEED[label] / 1000:5.0f} KB {total / SEED[label]:6.2f} {seconds:5.2f} s")

# What the discoveries printed, checked against EXPECTED.json: every printer, nothing else, every field.
expected = json.load(open(sys.argv[4]))["devices"]
rows = [line.split() for line in open(sys.argv[3] + "/hosts.txt")]
hosts = {r[0]: r[1] for r in rows}
links = {r[0]: r[2] for r in rows}
for mode in ("auto", "sweep"):
    lines = [json.loads(l) for l in open(f"{sys.argv[3]}/out-devices-{mode}.json") if l.strip()]
    wrong = []
    for line in lines:
        want = expected[hosts[line["address"]]]
        if want["category"] != "printer":
            wrong.append(f"{hosts[line['address']]} is not a printer")
            continue
        facts = {"sys_object_id": want["system"]["sysObjectID"], "description": want["system"]["sysDescr"],
                 "model": want.get("model"), "serial_number": want.get("serial"), "mac_address": want.get("mac")}
        if mode == "auto" and facts["mac_address"] is None:
            # No interface table in the recording: a broadcast still learns the host's MAC from ARP.
            facts["mac_address"] = links[line["address"]]
        wrong += [f"{hosts[line['address']]} {k}: {line.get(k)!r} != {v!r}" for k, v in facts.items() if line.get(k) != v]
    missing = len({a for a, n in hosts.items() if expected[n]["category"] == "printer"} - {l["address"] for l in lines})
    print(f"identity ({mode}): {len(lines)} printed, {missing} printers missing, "
          + ("every field as EXPECTED.json" if not wrong else "; ".join(wrong)))
EOF
