#!/usr/bin/env python3
"""bench-link driver (see README.md). Called by run.sh with the binaries, the snmpsim venv and a work dir.

    bench.py SERVER_BIN AGENT_BIN VENV FIXTURES WORK

Everything listens on 127.0.0.0/8 only. Prints the result tables on stdout (progress on stderr) and
writes them to WORK/results.json as well.
"""
import asyncio
import gzip
import http.client
import json
import math
import os
import re
import resource
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.request
import uuid

SERVER, AGENT, VENV, FIXTURES, WORK = sys.argv[1:6]
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.getuid() == 0
IDLE_STEPS = [int(x) for x in os.environ.get("BENCH_LINK_IDLE_STEPS", "250,500,1000,2000").split(",") if x]
IDLE_HOLD = float(os.environ.get("BENCH_LINK_IDLE_HOLD", "35"))
INGEST_UPLOADS = int(os.environ.get("BENCH_LINK_INGEST_UPLOADS", "50"))
IDLE_WINDOW = float(os.environ.get("BENCH_LINK_IDLE_WINDOW", "26"))
COPY_PLAIN = "psql \\copy of the same rows into a plain table (PK only)"
COPY_READINGS = "psql \\copy of the same rows into readings (partitioned, FK)"
SEED = {"empty": 20, "mono": 620, "colour": 935, "discovery": 220}  # KB, PRODUCT.md "internet" column
procs = []
results = {}


def log(*args):
    print("bench-link:", *args, file=sys.stderr, flush=True)


def start(args, out, err, **kw):
    p = subprocess.Popen(args, stdout=open(out, "w"), stderr=open(err, "w"), stdin=subprocess.DEVNULL, **kw)
    procs.append(p)
    return p


def cleanup():
    for p in reversed(procs):
        if p.poll() is None:
            try:
                if getattr(p, "group", False):
                    os.killpg(p.pid, signal.SIGKILL)
                else:
                    p.terminate()
                    try:
                        p.wait(20)
                    except subprocess.TimeoutExpired:
                        p.kill()
            except ProcessLookupError:
                pass


def wait_for(predicate, timeout, what):
    end = time.time() + timeout
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise SystemExit(f"bench-link: timed out waiting for {what}")


# ---------------------------------------------------------------- simulated printers (snmpsim)
def free_udp_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def responder(name, address, port):
    d = os.path.join(WORK, "sim", name)
    os.makedirs(os.path.join(d, "cache"), exist_ok=True)
    subprocess.run(["chmod", "-R", "a+rX", d])
    os.chmod(os.path.join(d, "cache"), 0o777)
    user = ["--process-user=nobody", "--process-group=nogroup"] if ROOT else []
    p = start([os.path.join(VENV, "bin", "snmpsim-command-responder"), f"--data-dir={d}/data", f"--cache-dir={d}/cache",
               f"--agent-udpv4-endpoint={address}:{port}"] + user, "/dev/null", os.path.join(d, "log"),
              start_new_session=True)
    p.group = True  # snmpsim ignores SIGTERM: its whole group is killed
    return d


def setup_simulator():
    expected = json.load(open(os.path.join(FIXTURES, "EXPECTED.json")))["devices"]
    printers = sorted(k for k, v in expected.items() if v["category"] == "printer")
    mono = [k for k in printers if not expected[k]["color_device"]]
    colour = [k for k in printers if expected[k]["color_device"]]
    port = free_udp_port()
    dirs = []
    for name, address, prefix, names in (("mono", "127.0.0.3", "mono-", mono), ("colour", "127.0.0.4", "colour-", colour)):
        data = os.path.join(WORK, "sim", name, "data")
        os.makedirs(data, exist_ok=True)
        for i in range(100):
            shutil.copy(os.path.join(FIXTURES, names[i % len(names)] + ".snmprec"), os.path.join(data, f"{prefix}{i}.snmprec"))
        dirs.append(responder(name, address, port))
    # The /24 discovery: one responder per address 127.0.12.2… holding one recording as "public"
    # (every recording, the AIX non-printer and the Kyocera stub included, as bench-snmp does).
    recordings = sorted(f[:-8] for f in os.listdir(FIXTURES) if f.endswith(".snmprec"))
    for i, name in enumerate(recordings, start=2):
        data = os.path.join(WORK, "sim", f"disc-{i}", "data")
        os.makedirs(data, exist_ok=True)
        shutil.copy(os.path.join(FIXTURES, name + ".snmprec"), os.path.join(data, "public.snmprec"))
        dirs.append(responder(f"disc-{i}", f"127.0.12.{i}", port))
    for d in dirs:
        wait_for(lambda: "Listening at" in open(os.path.join(d, "log")).read(), 120, f"snmpsim in {d}")
    return port, len(mono), len(colour), len(recordings), len(printers)


# ---------------------------------------------------------------- server, API, database
class Server:
    def __init__(self):
        self.data = os.path.join(WORK, "data")
        out, err = os.path.join(WORK, "server.out"), os.path.join(WORK, "server.err")
        env = dict(os.environ, LOG_LEVEL=os.environ.get("LOG_LEVEL", "notice"))
        self.proc = start([SERVER, "serve", "--host", "127.0.0.1", "--http-port", "0", "--https-port", "0", "--gateway-port", "0",
                           "--data-dir", self.data], out, err, env=env)
        line = wait_for(lambda: re.search(r"printercare: http=(\d+) https=(\d+) gateway=(\d+)", open(out).read()), 180, "the server")
        self.http, self.https, self.gateway = (int(x) for x in line.groups())
        token = subprocess.run([SERVER, "tokens", "create", "--user", "admin@localhost.localdomain", "--data-dir", self.data],
                               capture_output=True, text=True, check=True).stdout
        self.token = re.search(r"pc_[A-Za-z0-9_\-]+", token).group(0)

    def api(self, method, path, body=None):
        req = urllib.request.Request(f"http://127.0.0.1:{self.http}/api/v1{path}", method=method,
                                     data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                text = r.read()
                return json.loads(text) if text else None
        except urllib.error.HTTPError as e:
            raise SystemExit(f"bench-link: {method} {path} -> {e.code} {e.read().decode()}")

    def psql(self, sql, *extra):
        cmd = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(self.data, "postgres-socket"),
               "-U", "postgres", "-d", "printercare", *extra, "-c", sql]
        if ROOT:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()

    def rss_kb(self):
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0


# ---------------------------------------------------------------- the agent behind the counting proxy
class Link:
    def __init__(self, server):
        self.server = server
        self.state = os.path.join(WORK, "agent-state")
        created = server.api("POST", "/agents", {"name": "bench-link"})
        self.agent_id = created["id"]
        subprocess.run([AGENT, "enroll", "--server", f"127.0.0.1:{server.https}", "--token", created["enrollment_token"],
                        "--state-dir", self.state], capture_output=True, text=True, check=True)
        self.counter_file = os.path.join(WORK, "proxy.json")
        port_file = os.path.join(WORK, "proxy.port")
        self.trace = os.path.join(WORK, "proxy.trace")
        start([sys.executable, os.path.join(HERE, "countproxy.py"), port_file, str(server.gateway), self.counter_file, self.trace],
              os.path.join(WORK, "proxy.out"), os.path.join(WORK, "proxy.err"))
        self.proxy_port = int(wait_for(lambda: os.path.exists(port_file) and open(port_file).read(), 30, "the proxy"))
        info_path = os.path.join(self.state, "server.json")
        info = json.load(open(info_path))
        info["gateway_port"] = self.proxy_port
        with open(info_path, "w") as f:
            json.dump(info, f)
        self.log = os.path.join(WORK, "agent.err")
        start([AGENT, "run", "--state-dir", self.state], os.path.join(WORK, "agent.out"), self.log,
              env=dict(os.environ, LOG_LEVEL="info"))
        # What a (re)connection costs: TCP + TLS 1.3 handshake (certificates both ways) + the first long
        # poll's request (its answer comes after the poll wait, and "connected" is logged only then).
        wait_for(lambda: os.path.exists(self.trace) and self.trace_lines() >= 3, 60, "the agent to connect")
        c = self.quiet(1.0)
        self.connect_cost = {k: c[k] for k in ("up", "down", "up_segments", "down_segments", "up_chunks", "down_chunks",
                                               "connections")} | {"chunks": self.chunks(0)}

    def trace_lines(self):
        return sum(1 for _ in open(self.trace))

    def chunks(self, first, last=None):
        lines = open(self.trace).read().splitlines()[first:last]
        if not lines:
            return []
        t0 = float(lines[0].split()[0])
        return [(round(float(t) - t0, 3), d, int(n)) for t, d, n in (l.split() for l in lines)]

    def counters(self):
        for _ in range(20):
            try:
                return json.load(open(self.counter_file))
            except (ValueError, OSError):
                time.sleep(0.05)
        raise SystemExit("bench-link: proxy counters unreadable")

    def quiet(self, seconds=1.5, timeout=60):
        """Waits until no byte crossed the proxy for `seconds`; returns the counters then."""
        end = time.time() + timeout
        while time.time() < end:
            c = self.counters()
            if time.monotonic() - c["last"] >= seconds:
                return c
            time.sleep(0.1)
        return self.counters()

    def confirmed(self):
        return open(self.log).read().count(" confirmed: ")

    def task(self, trigger, timeout=300):
        """Bytes between the agent and the gateway for one command: from the trigger to the upload's
        confirmation and the silence after it (the agent's next long poll request included)."""
        before = self.quiet()
        first = self.trace_lines()
        done = self.confirmed()
        t0 = time.time()
        trigger()
        wait_for(lambda: self.confirmed() > done, timeout, "the upload's confirmation")
        t1 = time.time()
        after = self.quiet()
        chunks = self.chunks(first)
        line = [l for l in open(self.log).read().splitlines() if " confirmed: " in l][-1]
        stored = re.search(r"(\d+) reading\(s\) stored", line)
        return {k: after[k] - before[k] for k in ("up", "down", "up_segments", "down_segments", "up_chunks", "down_chunks",
                                                  "connections")} | {"seconds": round(t1 - t0, 2),
                                                                     "readings": int(stored.group(1)) if stored else None,
                                                                     "chunks": chunks}


def wire(d):
    """Payload plus 52 bytes of TCP/IPv4 headers (with timestamps) per estimated segment: data segments
    (MSS 1448), one pure ACK per two data segments the other way, 7 segments per new connection."""
    segments = d["up_segments"] + d["down_segments"]
    acks = math.ceil(d["up_segments"] / 2) + math.ceil(d["down_segments"] / 2)
    return d["up"] + d["down"] + 52 * (segments + acks + 7 * d["connections"])


# ---------------------------------------------------------------- (b) ingest
def gateway_context(state):
    ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=os.path.join(state, "ca.crt"))
    ctx.load_cert_chain(os.path.join(state, "agent.crt"), os.path.join(state, "agent.key"))
    return ctx


def ingest_bench(server, link, device_ids):
    """N synthetic readings (copies of the devices' real latest readings at new times) posted as agent
    uploads to the gateway, then the very same rows COPYed by psql."""
    rows = server.psql(f"SELECT id, latest_reading::text FROM devices WHERE id = ANY(ARRAY[{','.join(map(str, device_ids))}]) "
                       "AND latest_reading IS NOT NULL ORDER BY id")
    latest = [(int(l.split("|", 1)[0]), json.loads(l.split("|", 1)[1])) for l in rows.splitlines()]
    per_upload = len(latest)
    base = time.time() + 60  # every synthetic reading is the device's newest (the full ingest path)
    bodies = []
    for u in range(INGEST_UPLOADS):
        stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base + u))
        readings = []
        for device_id, reading in latest:
            r = dict(reading)
            r["collected_at"] = stamp
            readings.append({"device_id": device_id, "command_id": None, "snmp": {"community": "bench", "version": "2c", "port": 161},
                             "reading": r})
        body = json.dumps({"upload_key": "bench-ingest-" + uuid.uuid4().hex, "readings": readings, "unreachable": [],
                           "completed_commands": []}).encode()
        bodies.append(gzip.compress(body, 6))
    ctx = gateway_context(link.state)
    conn = http.client.HTTPSConnection("127.0.0.1", server.gateway, context=ctx, timeout=120)
    conn.connect()
    before_count = int(server.psql("SELECT count(*) FROM readings"))
    stored = 0
    t0 = time.time()
    for body in bodies:
        conn.request("POST", "/agent/v1/uploads", body=body, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"})
        r = conn.getresponse()
        answer = r.read()
        if r.status != 200:
            raise SystemExit(f"bench-link: ingest upload -> {r.status} {answer[:300]}")
        stored += json.loads(answer)["readings_stored"]
    elapsed = time.time() - t0
    conn.close()
    total = INGEST_UPLOADS * per_upload
    log(f"ingest: {stored}/{total} readings in {elapsed:.2f} s")
    # The same rows, exported and COPYed back: into a plain scratch table shaped like readings (same
    # columns, primary key, no partitions, no foreign key) and into readings itself (rows deleted first).
    dump = os.path.join(WORK, "ingest-rows.copy")
    open(dump, "w").close()
    os.chmod(dump, 0o666)
    os.chmod(WORK, 0o755)
    cutoff = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(base - 1))
    columns = "device_id, organization_id, collected_at, received_at, total, mono, color, reading"
    server.psql(f"\\copy (SELECT {columns} FROM readings WHERE collected_at >= '{cutoff}' "
                f"AND device_id = ANY(ARRAY[{','.join(map(str, device_ids))}])) TO '{dump}'")
    exported = sum(1 for _ in open(dump))
    size = os.path.getsize(dump)
    server.psql("DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS); "
                "ALTER TABLE bench_copy ADD PRIMARY KEY (device_id, collected_at)")
    copy_times = {}
    # psql with \timing prints "Time: X ms" for the \copy itself (process start excluded).
    for label, setup, target in (("scratch", "TRUNCATE bench_copy", "bench_copy"),
                                 ("readings", f"DELETE FROM readings WHERE collected_at >= '{cutoff}'", "readings")):
        server.psql(setup)
        server.psql("CHECKPOINT")
        cmd = ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", os.path.join(server.data, "postgres-socket"), "-U", "postgres",
               "-d", "printercare"]
        if ROOT:
            cmd = ["runuser", "-u", "postgres", "--"] + cmd
        script = f"\\timing on\n\\copy {target} ({columns}) FROM '{dump}'\n"
        out = subprocess.run(cmd, input=script, capture_output=True, text=True, check=True).stdout
        ms = float(re.search(r"Time: ([\d.]+) ms", out).group(1))
        copy_times[label] = ms / 1000
    server.psql("DROP TABLE bench_copy")
    after_count = int(server.psql("SELECT count(*) FROM readings"))
    return {"uploads": INGEST_UPLOADS, "readings_per_upload": per_upload, "readings_sent": total, "readings_stored": stored,
            "seconds": round(elapsed, 3), "per_second": round(stored / elapsed, 1) if elapsed else 0,
            "gzip_bytes_per_upload": sum(map(len, bodies)) // len(bodies), "copy_rows": exported, "copy_file_bytes": size,
            "copy_scratch_seconds": round(copy_times["scratch"], 3), "copy_readings_seconds": round(copy_times["readings"], 3),
            "copy_scratch_per_second": round(exported / copy_times["scratch"], 1),
            "copy_readings_per_second": round(exported / copy_times["readings"], 1),
            "readings_rows_before_after": [before_count, after_count]}


# ---------------------------------------------------------------- (c) idle agents on one gateway process
async def idle_connection(ctx, port, stats, stop):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx)
    except Exception as e:
        stats["failed"] += 1
        stats["errors"][type(e).__name__ + ": " + str(e)[:80]] = stats["errors"].get(type(e).__name__ + ": " + str(e)[:80], 0) + 1
        return
    stats["open"] += 1
    try:
        while not stop.is_set():
            writer.write(b"GET /agent/v1/commands?after=999999999999&wait=30 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            await writer.drain()
            stats["polls_sent"] += 1
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length:\s*(\d+)", head).group(1))
            await reader.readexactly(length)
            stats["answers"][status] = stats["answers"].get(status, 0) + 1
            if status != 200:
                break
    except Exception as e:
        key = type(e).__name__ + ": " + str(e)[:80]
        stats["errors"][key] = stats["errors"].get(key, 0) + 1
        stats["dropped"] += 1
    finally:
        stats["open"] -= 1
        writer.close()


async def idle_bench(server, link):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    ctx = gateway_context(link.state)
    stop = asyncio.Event()
    stats = {"open": 0, "failed": 0, "dropped": 0, "polls_sent": 0, "answers": {}, "errors": {}}
    tasks = []
    server_limit = next((l.split()[3] for l in open(f"/proc/{server.proc.pid}/limits") if l.startswith("Max open files")), "?")
    rows = []
    await asyncio.sleep(2)
    rows.append({"connections": 0, "rss_kb": server.rss_kb(), "open": 0, "failed": 0})
    log(f"idle: base RSS {rows[0]['rss_kb']} KB (server fd limit {server_limit}, client {hard})")
    for k in IDLE_STEPS:
        t0 = time.time()
        while len(tasks) < k:
            tasks.append(asyncio.ensure_future(idle_connection(ctx, server.gateway, stats, stop)))
            if len(tasks) % 50 == 0:
                await asyncio.sleep(0.05)  # let handshakes progress instead of queueing thousands
        end = time.time() + 120
        while time.time() < end and stats["open"] + stats["failed"] + stats["dropped"] < k:
            await asyncio.sleep(0.2)
        while time.time() < end and stats["polls_sent"] < k:
            await asyncio.sleep(0.2)
        await asyncio.sleep(3)
        row = {"connections": k, "open": stats["open"], "failed": stats["failed"], "dropped": stats["dropped"],
               "rss_kb": server.rss_kb(), "ramp_seconds": round(time.time() - t0, 1)}
        rows.append(row)
        log(f"idle: {row}")
        if stats["failed"] or stats["dropped"]:
            break
    # Hold the last level through a full long-poll cycle (answers after 30 s, polls again).
    polls = stats["polls_sent"]
    await asyncio.sleep(IDLE_HOLD)
    held = {"connections": len(tasks), "open": stats["open"], "failed": stats["failed"], "dropped": stats["dropped"],
            "rss_kb": server.rss_kb(), "held_seconds": IDLE_HOLD, "polls_during_hold": stats["polls_sent"] - polls,
            "answers": dict(stats["answers"]), "errors": dict(stats["errors"])}
    log(f"idle: held {held}")
    stop.set()
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return {"steps": rows, "held": held, "server_fd_limit": server_limit}


# ---------------------------------------------------------------- main
def main():
    os.chmod(WORK, 0o755)
    log("starting snmpsim responders")
    port, n_mono, n_colour, n_recordings, n_printers = setup_simulator()
    log("starting the server")
    server = Server()
    link = Link(server)
    log(f"server http={server.http} https={server.https} gateway={server.gateway}; proxy {link.proxy_port}; snmp port {port}")
    org = server.psql(f"SELECT organization_id FROM agents WHERE id = {link.agent_id}")

    def rng(name, body):
        return server.api("POST", "/address-ranges", dict({"agent_id": link.agent_id, "name": name, "snmp_community": "public",
                                                           "snmp_version": "2c", "snmp_port": port}, **body))["id"]
    empty = rng("empty /24", {"cidr": "127.0.13.0/24"})
    disc = rng("printers /24", {"cidr": "127.0.12.0/24"})
    mono = rng("mono", {"first_address": "127.0.0.3", "last_address": "127.0.0.3"})
    colour = rng("colour", {"first_address": "127.0.0.4", "last_address": "127.0.0.4"})
    status_schedule = {r: server.api("POST", "/schedules", {"kind": "status", "address_range_id": r, "interval_minutes": 1440})["id"]
                       for r in (mono, colour)}

    tasks = {"connect": link.connect_cost}
    if IDLE_WINDOW > 0:
        log(f"idle link for {IDLE_WINDOW} s")
        before = link.quiet()
        time.sleep(IDLE_WINDOW)
        after = link.counters()
        tasks["idle"] = {k: after[k] - before[k] for k in ("up", "down", "up_segments", "down_segments", "up_chunks",
                                                           "down_chunks", "connections")} | {"seconds": IDLE_WINDOW}
    for label, range_id in (("empty", empty), ("discovery", disc)):
        for run in (1, 2):
            log(f"task {label} run {run}")
            tasks[f"{label}:{run}"] = link.task(lambda: server.api("POST", f"/address-ranges/{range_id}/discover"))
            log(f"  {tasks[f'{label}:{run}']}")
    found = server.psql(f"SELECT count(*) FROM devices WHERE address_range_id = {disc}")
    # 100 mono and 100 colour devices, as a discovery would have made them, but with the simulator's
    # per-device communities (copies of the recordings on one address each).
    values = []
    for range_id, address, prefix in ((mono, "127.0.0.3", "mono-"), (colour, "127.0.0.4", "colour-")):
        for i in range(100):
            values.append(f"({org}, {link.agent_id}, {range_id}, '{address}', '{prefix}{i}', '2c', {port})")
    server.psql("INSERT INTO devices (organization_id, agent_id, address_range_id, address, snmp_community, snmp_version, snmp_port) "
                "VALUES " + ", ".join(values))
    for label, range_id in (("mono", mono), ("colour", colour)):
        for run in (1, 2):
            log(f"task {label} run {run}")
            tasks[f"{label}:{run}"] = link.task(lambda: server.api("POST", f"/schedules/{status_schedule[range_id]}/run"))
            log(f"  {tasks[f'{label}:{run}']}")
    results["tasks"] = tasks
    results["discovered_devices"] = int(found)
    # How much of the status bytes is content: the command as stored (the gateway sends it as plain
    # JSON), and the readings as gzip sees them — all together (as sent: copies of a few recordings
    # compress very well) and each alone (a bound for a fleet of 100 all-different devices).
    content = {}
    for label, range_id in (("mono", mono), ("colour", colour)):
        payload = server.psql(f"SELECT payload::text FROM agent_commands WHERE kind = 'status' AND payload::text LIKE "
                              f"'%{label}-0%' ORDER BY id DESC LIMIT 1").encode()
        readings = [l.encode() for l in server.psql(f"SELECT latest_reading::text FROM devices WHERE address_range_id = {range_id} "
                                                     "AND latest_reading IS NOT NULL ORDER BY id").splitlines()]
        content[label] = {"command_json": len(payload), "command_gzip": len(gzip.compress(payload, 6)),
                          "readings_json": sum(map(len, readings)), "readings_gzip_together": len(gzip.compress(b"[" + b",".join(readings) + b"]", 6)),
                          "readings_gzip_each_alone": sum(len(gzip.compress(r, 6)) for r in readings), "readings": len(readings)}
    results["content"] = content
    device_ids = [int(x) for x in server.psql(f"SELECT id FROM devices WHERE address_range_id IN ({mono}, {colour}) ORDER BY id").split()]
    log("ingest")
    results["ingest"] = ingest_bench(server, link, device_ids)
    log("idle agents")
    results["idle"] = asyncio.run(idle_bench(server, link))
    results["setup"] = {"mono_recordings": n_mono, "colour_recordings": n_colour, "recordings": n_recordings, "printers": n_printers}
    with open(os.path.join(WORK, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    report()


def report():
    t = results["tasks"]
    print("\n(a) internet-side bytes per task: agent <-> gateway through a counting proxy (TLS 1.3 records, HTTP, gzip JSON)")
    print(f"{'task':<34} {'run':>3} {'up B':>8} {'down B':>8} {'payload KB':>10} {'+hdr est KB':>11} {'seed KB':>7} "
          f"{'ratio':>6} {'s':>6} {'readings':>8}")
    names = {"empty": "scan empty /24 (no device)", "discovery": f"discovery /24 ({results['discovered_devices']} printers)",
             "mono": "status query, 100 mono devices", "colour": "status query, 100 colour devices"}
    for key in ("empty", "discovery", "mono", "colour"):
        for run in (1, 2):
            d = t[f"{key}:{run}"]
            payload = (d["up"] + d["down"]) / 1000
            est = wire(d) / 1000
            print(f"{names[key]:<34} {run:>3} {d['up']:>8} {d['down']:>8} {payload:>10.1f} {est:>11.1f} {SEED[key]:>7} "
                  f"{est / SEED[key]:>6.3f} {d['seconds']:>6} {d['readings'] if d['readings'] is not None else '-':>8}")
    d = t["connect"]
    print(f"{'agent (re)connect: TLS + 1st poll':<34} {'':>3} {d['up']:>8} {d['down']:>8} {(d['up'] + d['down']) / 1000:>10.1f} "
          f"{wire(d) / 1000:>11.1f}")
    if "idle" in t:
        d = t["idle"]
        print(f"{'idle link (no task), ' + str(int(d['seconds'])) + ' s':<34} {'':>3} {d['up']:>8} {d['down']:>8} "
              f"{(d['up'] + d['down']) / 1000:>10.1f} {wire(d) / 1000:>11.1f}")
    print("ratio = (+hdr est) / seed internet figure; the goal is <= 0.200. Run 2 is the steady state.")
    print("\nwhat the status bytes carry (B):")
    print(f"{'':<8} {'command json':>12} {'command gzip':>12} {'readings json':>13} {'gzip together':>13} {'gzip each alone':>15}")
    for label, c in results["content"].items():
        print(f"{label:<8} {c['command_json']:>12} {c['command_gzip']:>12} {c['readings_json']:>13} {c['readings_gzip_together']:>13} "
              f"{c['readings_gzip_each_alone']:>15}")
    for label in results["content"]:
        d, c = t[f"{label}:2"], results["content"][label]
        extra = c["readings_gzip_each_alone"] - c["readings_gzip_together"]
        bound = wire(d) + extra + 52 * math.ceil(1.5 * math.ceil(extra / 1448))  # + headers of the extra segments and ACKs
        print(f"{label}: 100 all-different devices, bound (each reading gzip-compressed alone): {bound / 1000:.1f} KB "
              f"= {bound / 1000 / SEED[label]:.3f} of the seed; with the command gzip-compressed too: "
              f"{(bound - c['command_json'] + c['command_gzip']) / 1000:.1f} KB")
    print("\nchunks on the link (seconds from the first, direction, bytes), run 2:")
    for key in ("empty:2", "discovery:2", "mono:2", "colour:2"):
        print(f"  {key:<12} " + " ".join(f"{t_}{'>' if d_ == 'up' else '<'}{n}" for t_, d_, n in t[key]["chunks"]))
    print(f"  {'connect':<12} " + " ".join(f"{t_}{'>' if d_ == 'up' else '<'}{n}" for t_, d_, n in t["connect"]["chunks"]))
    print("  (> agent to gateway, < gateway to agent)")
    i = results["ingest"]
    print(f"\n(b) ingest: {i['readings_sent']} readings ({i['uploads']} uploads x {i['readings_per_upload']} devices, "
          f"~{i['gzip_bytes_per_upload']} B gzip each) posted one after another on one mTLS connection")
    print(f"{'path':<58} {'rows':>7} {'seconds':>8} {'rows/s':>9}")
    print(f"{'gateway: POST /agent/v1/uploads (full ingest transaction)':<58} {i['readings_stored']:>7} {i['seconds']:>8} {i['per_second']:>9}")
    print(f"{COPY_PLAIN:<58} {i['copy_rows']:>7} {i['copy_scratch_seconds']:>8} "
          f"{i['copy_scratch_per_second']:>9}")
    print(f"{COPY_READINGS:<58} {i['copy_rows']:>7} {i['copy_readings_seconds']:>8} "
          f"{i['copy_readings_per_second']:>9}")
    print(f"gateway / COPY(readings) = {i['per_second'] / i['copy_readings_per_second']:.3f}; "
          f"gateway / COPY(plain) = {i['per_second'] / i['copy_scratch_per_second']:.3f}")
    c = results["idle"]
    print(f"\n(c) idle agents on one gateway process (long polls GET /agent/v1/commands?wait=30, one agent certificate)")
    print(f"{'connections':>11} {'open':>6} {'failed':>6} {'server RSS MB':>13} {'KB/conn vs 0':>12}")
    base = c["steps"][0]["rss_kb"]
    for row in c["steps"]:
        per = (row["rss_kb"] - base) / row["connections"] if row["connections"] else 0
        print(f"{row['connections']:>11} {row['open']:>6} {row['failed'] + row.get('dropped', 0):>6} {row['rss_kb'] / 1024:>13.1f} {per:>12.1f}")
    h = c["held"]
    print(f"held {h['held_seconds']} s at {h['connections']}: open {h['open']}, failed {h['failed']}, dropped {h['dropped']}, "
          f"RSS {h['rss_kb'] / 1024:.1f} MB, polls answered {h['answers']}, errors {h['errors']}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("bench-link: stopped (SIGTERM)"))
    signal.signal(signal.SIGINT, lambda *_: sys.exit("bench-link: interrupted"))
    try:
        if len(sys.argv) > 6 and sys.argv[6] == "--report":
            results.update(json.load(open(os.path.join(WORK, "results.json"))))
            report()
        else:
            main()
    finally:
        cleanup()
