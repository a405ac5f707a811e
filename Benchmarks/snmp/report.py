#!/usr/bin/env python3
"""Prints bench-snmp's table from the stats lines run.sh collected (one per measurement).

Bytes: SNMP messages as the client counted them (UDP payload, --stats), and "wire" = payload plus
42 bytes of Ethernet + IPv4 + UDP headers per datagram, plus 34 bytes (Ethernet + IPv4) for each
further IPv4 fragment a datagram over 1472 bytes would need on a 1500-byte MTU, the figure compared
with PRODUCT.md's seed.
"""
import re
import sys

HEADERS = 42  # Ethernet 14 + IPv4 20 + UDP 8 per datagram
FRAGMENT = 34  # Ethernet 14 + IPv4 20 per further fragment
SEED = {  # PRODUCT.md "Traffic", local network, in bytes (1 KB = 1000 B)
    "one device": 15_000, "100 mono": 500_000, "100 colour": 800_000,
    "/24 discovery": 25_000, "empty scan (/24)": 5_000,
}


def parse(path):
    rows = {}
    for line in open(path):
        parts = line.split()
        if len(parts) < 2:
            continue
        fields = dict(re.findall(r"(\w+)=(\d+)", line))
        fields = {k: int(v) for k, v in fields.items()}
        fields["seconds"] = float(parts[1] or 0)
        rows[parts[0]] = fields
    return rows


def wire(row):
    datagrams = row.get("requests", 0) + row.get("retransmissions", 0) + row.get("responses", 0)
    return (row.get("bytes_sent", 0) + row.get("bytes_received", 0) + HEADERS * datagrams
            + FRAGMENT * row.get("fragments", 0))


def kb(value):
    return f"{value / 1000:.1f} KB"


def main():
    rows = parse(sys.argv[1])
    devices = int(sys.argv[2])
    mono, colour = sys.argv[3].split(), sys.argv[4].split()
    ours = {k[len("device:"):]: v for k, v in rows.items() if k.startswith("device:")}
    theirs = {k[len("netsnmp:"):]: v for k, v in rows.items() if k.startswith("netsnmp:")}

    print("\nOne device, full reading (probe --stats; net-snmp: snmpbulkwalk of system, ifTable, hrDevice, Printer MIB)")
    print(f"{'device':24} {'requests':>8} {'sent':>9} {'received':>9} {'wire':>10} {'snmpbulkwalk wire':>18}")
    for name in sorted(ours):
        row = ours[name]
        other = kb(wire(theirs[name])) if name in theirs else "-"
        print(f"{name:24} {row.get('requests', 0):8} {row.get('bytes_sent', 0):9} {row.get('bytes_received', 0):9} "
              f"{kb(wire(row)):>10} {other:>18}")
    worst = max(wire(r) for r in ours.values())
    mean = sum(wire(r) for r in ours.values()) / len(ours)

    print("\nAgainst PRODUCT.md's seed figures (local network); goal: ratio <= 0.33")
    print("(100 mono/colour: the status query, a repeat poll of devices read before (poll --rounds 2,")
    print(" round 2); \"first read\" is round 1, every device read fully)")
    print(f"{'task':34} {'ours (wire)':>12} {'seed':>9} {'ratio':>7} {'time':>9} {'net-snmp':>10} {'first read':>11}")

    def line(task, value, seed, seconds=None, netsnmp=None, first=None):
        ratio = f"{value / seed:.2f}" if seed else "-"
        time = f"{seconds:.2f} s" if seconds is not None else "-"
        other = kb(netsnmp) if netsnmp else "-"
        full = kb(first) if first is not None else "-"
        print(f"{task:34} {kb(value):>12} {kb(seed) if seed else '-':>9} {ratio:>7} {time:>9} {other:>10} {full:>11}")

    netsnmp_mean = (sum(wire(r) for r in theirs.values()) / len(theirs)) if theirs else None
    line("one device (worst recording)", worst, SEED["one device"])
    line("one device (mean)", mean, SEED["one device"], None, netsnmp_mean)
    v1 = [v for k, v in rows.items() if k.startswith("device-v1:")]
    if v1:
        line("one device over SNMPv1 (worst)", max(wire(r) for r in v1), SEED["one device"])
        line("one device over SNMPv1 (mean)", sum(wire(r) for r in v1) / len(v1), SEED["one device"])

    def fleet_netsnmp(names, count):
        if not theirs:
            return None
        return sum(wire(theirs[names[i % len(names)]]) for i in range(count) if names[i % len(names)] in theirs)

    per_device = []
    for key, task, names, seed in (("mono100", "100 mono devices", mono, SEED["100 mono"]),
                                   ("colour100", "100 colour devices", colour, SEED["100 colour"])):
        status, first = rows.get(key + ":round2"), rows.get(key + ":round1")
        if status:
            line(f"{task} ({status.get('lines', 0)} read)", wire(status), seed, status["seconds"],
                 fleet_netsnmp(names, 100), wire(first) if first else None)
            per_device.append((task, wire(first) if first else None, wire(status), status.get("lines", 0)))
        elif key in rows:
            line(f"{task} ({rows[key].get('lines', 0)} read)", wire(rows[key]), seed, rows[key]["seconds"],
                 fleet_netsnmp(names, 100))
    if "scan-empty" in rows:
        line("/24 empty, loopback sweep", wire(rows["scan-empty"]), SEED["empty scan (/24)"], rows["scan-empty"]["seconds"])
    if "scan-devices" in rows:
        found = rows["scan-devices"].get("lines", 0)
        line(f"/24, 17 hosts ({found} pr.), lo sweep", wire(rows["scan-devices"]), SEED["/24 discovery"],
             rows["scan-devices"]["seconds"])
    if "fleet" in rows:
        row = rows["fleet"]
        line(f"{devices} devices ({row.get('lines', 0)} read)", wire(row), None, row["seconds"])
    if per_device:
        print("\nPer device (wire): first full read vs status query (repeat poll)")
        for task, first, status, count in per_device:
            count = max(count, 1)
            full = f"{first / count:.0f} B" if first is not None else "-"
            print(f"{task:34} full {full:>8}   status {status / count:.0f} B")
        firsts = [f for _, f, _, _ in per_device if f is not None]
        if len(firsts) == len(per_device):
            total = sum(max(c, 1) for *_, c in per_device)
            print(f"{'mean':34} full {sum(firsts) / total:.0f} B   status {sum(s for _, _, s, _ in per_device) / total:.0f} B")
    print("\nwire = SNMP payload + 42 B Ethernet/IPv4/UDP headers per datagram + 34 B per further IPv4 fragment")
    print("(MTU 1500); one-device reads use community `public`; empty-address probes are one")
    print("request and one retry each. The seed does not say how big its \"no device\" scan is; a /24 is assumed.")
    print("Loopback cannot broadcast, so both /24 rows here are sweeps (no ARP counted); a LAN broadcasts:")
    print("Benchmarks/snmp/lan.sh measures discovery as Ethernet frames on a namespace LAN.")


main()
