#!/usr/bin/env python3
"""PrinterCare static-file benchmark: wrk against our server and, in the same interleaved run,
against nginx, a raw SwiftNIO server and a minimal Hummingbird 2 server serving the same bytes.

Not a test. Run through `make bench` (Benchmarks/run.sh builds the binaries, then calls this).
Every knob is an environment variable (BENCH_*) or the matching flag; see --help and README.md.
All servers listen on 127.0.0.1 only, every wrk run is bounded in time, and every server this
script started is stopped on exit (normal, error or signal).
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
LUA = os.path.join(BENCH_DIR, "lua", "bench.lua")
CLK_TCK = os.sysconf("SC_CLK_TCK")
CORES = os.cpu_count() or 1
HOST = "127.0.0.1"  # never anything else

ALL_SERVERS = ["ours", "nginx", "nio", "hb", "nginx-sendfile"]
DEFAULT_SERVERS = ["ours", "nginx", "nio", "hb"]
LABELS = {"ours": "printercare", "nginx": "nginx", "nio": "swift-nio (raw)", "hb": "hummingbird 2",
          "nginx-sendfile": "nginx sendfile"}


def env(name, default):
    return os.environ.get(name, default)


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=float, default=float(env("BENCH_DURATION", "5")),
                   help="seconds per wrk run (BENCH_DURATION, default 5)")
    p.add_argument("--rounds", type=int, default=int(env("BENCH_ROUNDS", "3")),
                   help="interleaved rounds per scenario (BENCH_ROUNDS, default 3)")
    p.add_argument("--warmup", type=float, default=float(env("BENCH_WARMUP", "1")),
                   help="unrecorded warm-up seconds per server and scenario, 0 = none (BENCH_WARMUP, default 1)")
    p.add_argument("--scenarios", default=env("BENCH_SCENARIOS", "plain,ka64,ka256,pipe16"),
                   help="comma list of plain,ka64,ka256,pipe16 (BENCH_SCENARIOS)")
    p.add_argument("--servers", default=env("BENCH_SERVERS", ",".join(DEFAULT_SERVERS)),
                   help="comma list of ours,nginx,nio,hb,nginx-sendfile (BENCH_SERVERS, default the first four)")
    p.add_argument("--path", default=env("BENCH_PATH", "/robots.txt"),
                   help="URL path requested, a file under the public dir (BENCH_PATH, default /robots.txt)")
    p.add_argument("--public-dir", default=env("BENCH_PUBLIC_DIR", os.path.join(ROOT, "Public")),
                   help="directory served (BENCH_PUBLIC_DIR, default the repo's Public/)")
    p.add_argument("--wrk-threads", type=int, default=int(env("BENCH_WRK_THREADS", "2")),
                   help="wrk -t (BENCH_WRK_THREADS, default 2)")
    p.add_argument("--server-threads", type=int, default=int(env("BENCH_SERVER_THREADS", "0")) or None,
                   help="event loops / nginx workers per server (BENCH_SERVER_THREADS, default = cores)")
    p.add_argument("--plain-connections", type=int, default=int(env("BENCH_PLAIN_CONNECTIONS", "16")),
                   help="wrk -c for the connection-per-request scenario (default 16)")
    p.add_argument("--pipeline-depth", type=int, default=int(env("BENCH_PIPELINE_DEPTH", "16")),
                   help="requests per write in the pipelined scenario (default 16)")
    p.add_argument("--pipeline-connections", type=int, default=int(env("BENCH_PIPELINE_CONNECTIONS", "64")),
                   help="wrk -c for the pipelined scenario (default 64)")
    p.add_argument("--ours-bin", default=env("BENCH_OURS_BIN", ""), help="printercare binary (release)")
    p.add_argument("--nio-bin", default=env("BENCH_NIO_BIN", os.path.join(BENCH_DIR, ".build", "release", "nio-static")))
    p.add_argument("--hb-bin", default=env("BENCH_HB_BIN", os.path.join(BENCH_DIR, ".build", "release", "hb-static")))
    p.add_argument("--skip-ours", action="store_true", default=env("BENCH_OURS", "") == "skip",
                   help="leave our server out (BENCH_OURS=skip), e.g. while it does not build")
    p.add_argument("--nginx-sendfile", choices=["on", "off"], default=env("BENCH_NGINX_SENDFILE", "off"),
                   help="sendfile for the 'nginx' server (BENCH_NGINX_SENDFILE, default off: faster for small "
                        "files, and 'on' with tcp_nopush stalls pipelined responses; the optional server "
                        "'nginx-sendfile' always has sendfile and tcp_nopush on)")
    p.add_argument("--wait-quiet", type=float, default=float(env("BENCH_WAIT_QUIET", "60")),
                   help="before each round and each repeat, wait up to this many seconds for the machine to be quiet "
                        "(< 15%% busy CPU over 1s) (BENCH_WAIT_QUIET, default 60; 0 = never wait)")
    p.add_argument("--max-other", type=float, default=float(env("BENCH_MAX_OTHER", "0.25")),
                   help="a run during which more than this many cores were busy outside the server and wrk "
                        "is 'disturbed' and repeated (BENCH_MAX_OTHER, default 0.25)")
    p.add_argument("--retries", type=int, default=int(env("BENCH_RETRIES", "2")),
                   help="repeats of a disturbed run (BENCH_RETRIES, default 2)")
    p.add_argument("--results-dir", default=env("BENCH_RESULTS_DIR", os.path.join(BENCH_DIR, "results")))
    p.add_argument("--keep-tmp", action="store_true", default=env("BENCH_KEEP_TMP", "") == "1",
                   help="keep the temp dir with configs and server logs (BENCH_KEEP_TMP=1)")
    return p.parse_args()


def scenario_table(args):
    d = args.pipeline_depth
    return {
        "plain": dict(title=f"plain: new connection per request (Connection: close), c={args.plain_connections}",
                      connections=args.plain_connections, depth=1, close=True),
        "ka64": dict(title="keep-alive, c=64", connections=64, depth=1, close=False),
        "ka256": dict(title="keep-alive, c=256", connections=256, depth=1, close=False),
        "pipe16": dict(title=f"pipelined x{d} per write, keep-alive, c={args.pipeline_connections}",
                       connections=args.pipeline_connections, depth=d, close=False),
    }


# ---------------------------------------------------------------------------------------------
# /proc accounting

def read_stat(pid):
    """(ppid, utime+stime ticks) of one process (all its threads), or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            text = f.read()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # fields[0] is field 3 (state)
    return int(fields[1]), int(fields[11]) + int(fields[12])


def process_tree(root):
    """root and all its descendants (nginx: master + workers)."""
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            st = read_stat(int(name))
            if st:
                children.setdefault(st[0], []).append(int(name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        st = read_stat(pid)
        if st:
            total += st[1]
    return total


def system_busy_ticks():
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    v = [int(x) for x in parts]
    # user nice system idle iowait irq softirq steal (guest is already inside user)
    return v[0] + v[1] + v[2] + v[5] + v[6] + (v[7] if len(v) > 7 else 0)


def children_cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def busy_fraction(seconds=1.0):
    """Share of all cores busy over `seconds` (everything on the machine)."""
    with open("/proc/stat") as f:
        a = [int(x) for x in f.readline().split()[1:]]
    time.sleep(seconds)
    with open("/proc/stat") as f:
        b = [int(x) for x in f.readline().split()[1:]]
    total = sum(b[:8]) - sum(a[:8])
    idle = (b[3] + b[4]) - (a[3] + a[4])
    return 1.0 - idle / total if total > 0 else 0.0


def wait_quiet(limit):
    """Waits up to `limit` seconds for < 15% busy CPU; returns the last sample."""
    deadline = time.monotonic() + limit
    busy = busy_fraction()
    while busy >= 0.15 and time.monotonic() < deadline:
        print(f"bench: machine {busy:.0%} busy; waiting for quiet ({deadline - time.monotonic():.0f}s left)",
              flush=True)
        time.sleep(4)
        busy = busy_fraction()
    return busy


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


# ---------------------------------------------------------------------------------------------
# Servers

def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((HOST, 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


class Server:
    def __init__(self, key, argv, port, tmp, cwd=None, extra_env=None, config=None):
        self.key, self.label, self.argv, self.port, self.cwd = key, LABELS[key], argv, port, cwd
        self.extra_env = extra_env or {}
        self.config = config
        self.log_path = os.path.join(tmp, f"{key}.log")
        self.proc = None
        self.dead = None       # reason, once it stopped or failed
        self.headers = None    # status line + headers of a GET, for the report
        self.pipelining_ok = None
        self.response_bytes = None

    def start(self):
        log = open(self.log_path, "wb")
        e = dict(os.environ)
        e.update(self.extra_env)
        # A session of its own: the whole group (nginx workers, anything ours spawns) is stopped at exit.
        self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     cwd=self.cwd, env=e, start_new_session=True)
        log.close()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def wait_ready(self, timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                return f"exited with status {self.proc.returncode} before listening"
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return None
            except OSError:
                time.sleep(0.1)
        return f"not listening on {HOST}:{self.port} after {timeout}s"

    def pids(self):
        return process_tree(self.proc.pid) if self.alive() else []

    def stop(self):
        if not self.alive():
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=5)

    def log_tail(self, n=15):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
            return "\n".join("    | " + line for line in lines[-n:])
        except OSError:
            return "    | (no log)"


def nginx_config(prefix, port, public_dir, workers, sendfile, nopush):
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = {k: os.path.join(prefix, k) for k in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for d in temp.values():
        os.makedirs(d, exist_ok=True)
    return f"""# Generated by Benchmarks/bench.py: nginx serving the same directory as PrinterCare.
# sendfile {sendfile}: with "sendfile on; tcp_nopush on;" nginx keeps the socket corked while pipelined
# requests are pending, which stalls pipelined responses (~40 ms); for small files "off" is also faster.
{user}worker_processes {workers};
daemon off;
master_process on;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 8192; }}
http {{
    types {{
        text/html html htm; text/css css; text/javascript js mjs; application/json json map;
        text/plain txt; application/xml xml; image/svg+xml svg; image/png png; image/jpeg jpg jpeg;
        image/x-icon ico; font/woff2 woff2; application/wasm wasm;
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types text/plain text/css text/javascript;  # text/html is always included
    access_log off;
    server_tokens off;
    sendfile {sendfile};
    tcp_nopush {nopush};
    tcp_nodelay on;
    keepalive_timeout 75s;
    keepalive_requests 1000000;
    open_file_cache max=1000 inactive=60s;
    open_file_cache_valid 60s;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    server {{
        listen {HOST}:{port} backlog=4096;
        server_name _;
        root {public_dir};
        location / {{
            add_header Cache-Control "public, max-age=300";
        }}
    }}
}}
"""


def make_servers(args, tmp, file_path):
    wanted = [s.strip() for s in args.servers.split(",") if s.strip()]
    if args.skip_ours and "ours" in wanted:
        wanted.remove("ours")
    for s in wanted:
        if s not in ALL_SERVERS:
            sys.exit(f"bench: unknown server {s!r} (known: {', '.join(ALL_SERVERS)})")
    threads = args.server_threads or CORES
    servers = []
    for key in wanted:
        if key == "ours":
            if not args.ours_bin or not os.access(args.ours_bin, os.X_OK):
                sys.exit(f"bench: our binary {args.ours_bin!r} is missing; build it "
                         "(swift build -c release --product printercare) or set BENCH_OURS=skip")
            http_port, https_port, gw_port = free_ports(3)
            argv = [args.ours_bin, "serve", "--host", HOST, "--http-port", str(http_port),
                    "--https-port", str(https_port), "--gateway-port", str(gw_port),
                    "--data-dir", os.path.join(tmp, "ours-data"), "--public-dir", args.public_dir]
            if args.server_threads:
                argv += ["--loops", str(args.server_threads)]
            servers.append(Server("ours", argv, http_port, tmp, cwd=ROOT,
                                  extra_env={"LOG_LEVEL": os.environ.get("LOG_LEVEL", "warning")}))
        elif key in ("nginx", "nginx-sendfile"):
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            (port,) = free_ports(1)
            sendfile = args.nginx_sendfile if key == "nginx" else "on"
            prefix = os.path.join(tmp, key)
            os.makedirs(prefix, exist_ok=True)
            conf = nginx_config(prefix, port, args.public_dir, threads, sendfile, "on")
            conf_path = os.path.join(prefix, "nginx.conf")
            with open(conf_path, "w") as f:
                f.write(conf)
            argv = [nginx, "-p", prefix + "/", "-c", conf_path, "-e", os.path.join(prefix, "error.log")]
            servers.append(Server(key, argv, port, tmp, config=conf))
        else:
            binary = args.nio_bin if key == "nio" else args.hb_bin
            if not os.access(binary, os.X_OK):
                sys.exit(f"bench: {binary} is missing; build it with "
                         "swift build -c release --package-path Benchmarks/Servers --scratch-path Benchmarks/.build")
            (port,) = free_ports(1)
            argv = [binary, "--host", HOST, "--port", str(port), "--file", file_path, "--path", args.path,
                    "--threads", str(threads)]
            servers.append(Server(key, argv, port, tmp))
    return servers


# ---------------------------------------------------------------------------------------------
# Correctness checks before measuring

def read_response(sock_file):
    """Reads one HTTP/1.1 response with Content-Length from a socket file; returns (status, headers, body)."""
    status_line = sock_file.readline()
    if not status_line:
        raise ValueError("connection closed before a response")
    status = int(status_line.split()[1])
    headers = []
    while True:
        line = sock_file.readline()
        if line in (b"\r\n", b"\n", b""):
            break
        name, _, value = line.decode("latin-1").partition(":")
        headers.append((name.strip(), value.strip()))
    length = next((int(v) for n, v in headers if n.lower() == "content-length"), None)
    if length is None:
        raise ValueError("response without Content-Length")
    body = sock_file.read(length)
    return status, status_line.decode("latin-1").strip(), headers, body


def validate(server, path, expected, depth):
    """200 + identical bytes, keep-alive on one connection, and `depth` pipelined requests answered in order."""
    try:
        conn = http.client.HTTPConnection(HOST, server.port, timeout=5)
        for _ in range(2):  # two requests on one connection: keep-alive works
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            if resp.status != 200:
                return f"GET {path} answered {resp.status}"
            if body != expected:
                return f"GET {path} body differs ({len(body)} bytes, expected {len(expected)})"
        conn.close()
        with socket.create_connection((HOST, server.port), timeout=5) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n\r\n".encode())
            f = s.makefile("rb")
            _, status_line, headers, body = read_response(f)
            server.headers = [status_line] + [f"{n}: {v}" for n, v in headers]
            # bytes on the wire: status line, header lines, blank line, body
            server.response_bytes = sum(len(h) + 2 for h in server.headers) + 2 + len(body)
        with socket.create_connection((HOST, server.port), timeout=5) as s:
            request = f"GET {path} HTTP/1.1\r\nHost: {HOST}:{server.port}\r\n\r\n".encode()
            s.sendall(request * depth)
            f = s.makefile("rb")
            for i in range(depth):
                status, _, _, body = read_response(f)
                if status != 200 or body != expected:
                    server.pipelining_ok = False
                    return f"pipelined response {i + 1}/{depth} wrong (status {status}, {len(body)} bytes)"
            server.pipelining_ok = True
    except (OSError, ValueError, http.client.HTTPException) as e:
        return f"{type(e).__name__}: {e}"
    return None


# ---------------------------------------------------------------------------------------------
# wrk

def run_wrk(server, scenario, duration, wrk_threads, path):
    url = f"http://{HOST}:{server.port}{path}"
    argv = ["wrk", "-t", str(wrk_threads), "-c", str(scenario["connections"]), "-d", f"{duration:g}s",
            "--timeout", "2s", "-s", LUA]
    if scenario["close"]:
        argv += ["-H", "Connection: close"]
    argv += [url, "--", str(scenario["depth"])]

    pids = server.pids()
    t0 = time.monotonic()
    cpu0, busy0, kids0 = cpu_ticks(pids), system_busy_ticks(), children_cpu_seconds()
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=duration + 30)
        stdout, rc = out.stdout, out.returncode
        stderr = out.stderr
    except subprocess.TimeoutExpired as e:  # run() has killed wrk
        raw = e.stdout or b""
        stdout = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        rc, stderr = -1, f"wrk did not finish within {duration + 30:g}s and was killed"
    wall = time.monotonic() - t0
    cpu1, busy1, kids1 = cpu_ticks(pids), system_busy_ticks(), children_cpu_seconds()

    result = {"argv": argv, "wall_s": round(wall, 3), "rc": rc}
    line = next((ln for ln in stdout.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        result["error"] = f"wrk gave no result (rc={rc}): {stderr.strip()[:300] or stdout.strip()[-300:]}"
        return result
    data = json.loads(line[len("BENCH_JSON "):])
    n = data["requests"]
    secs = data["duration_us"] / 1e6
    server_cpu = (cpu1 - cpu0) / CLK_TCK
    wrk_cpu = kids1 - kids0
    busy = (busy1 - busy0) / CLK_TCK
    non2xx = 0
    for ln in stdout.splitlines():
        if "Non-2xx or 3xx responses:" in ln:
            non2xx = int(ln.split(":")[1])
    result.update({
        "requests": n,
        "duration_s": secs,
        "rps": n / secs if secs > 0 else 0.0,
        "bytes": data["bytes"],
        "errors": data["errors"],
        "non2xx": non2xx,
        "latency_us": data["latency_us"],
        "server_cpu_s": server_cpu,
        "cpu_us_per_req": server_cpu * 1e6 / n if n else None,
        "server_cores": server_cpu / wall,
        "wrk_cores": wrk_cpu / wall,
        # Busy CPU not charged to the server or wrk: other processes, plus kernel softirq time (loopback
        # networking) not charged to a process. A large value means the machine was not quiet.
        "other_cores": max(0.0, busy - server_cpu - wrk_cpu) / wall,
        "pids": pids,
    })
    return result


# ---------------------------------------------------------------------------------------------
# Report

def fmt_us(us):
    if us is None:
        return "-"
    if us >= 1_000_000:
        return f"{us / 1e6:.2f}s"
    if us >= 1000:
        return f"{us / 1000:.2f}ms"
    return f"{us:.0f}us"


def summarize(runs):
    ok = [r for r in runs if "rps" in r]
    if not ok:
        return None
    rps = [r["rps"] for r in ok]
    req = sum(r["requests"] for r in ok)
    cpu = sum(r["server_cpu_s"] for r in ok)
    pct = {q: statistics.median(r["latency_us"]["p"][q] for r in ok) for q in ("50", "90", "99")}
    errs = sum(sum(r["errors"].values()) for r in ok) + sum(r["non2xx"] for r in ok)
    return {
        "rounds": len(ok),
        "rps_median": statistics.median(rps),
        "rps_min": min(rps),
        "rps_max": max(rps),
        "p50_us": pct["50"], "p90_us": pct["90"], "p99_us": pct["99"],
        "cpu_us_per_req": cpu * 1e6 / req if req else None,
        "server_cores": statistics.median(r["server_cores"] for r in ok),
        "wrk_cores": statistics.median(r["wrk_cores"] for r in ok),
        "other_cores": statistics.median(r["other_cores"] for r in ok),
        "errors": errs,
        "failed_runs": len(runs) - len(ok),
        "disturbed_runs": sum(1 for r in ok if r.get("disturbed")),
    }


def print_table(title, servers, summaries, args):
    print(f"\n=== {title}")
    print(f"    wrk -t{args.wrk_threads}, {args.rounds} interleaved round(s) x {args.duration:g}s; "
          f"median req/s over rounds; latency = median of per-round percentiles")
    head = (f"    {'server':<16}{'req/s':>10}{'(min-max)':>19}{'p50':>9}{'p90':>9}{'p99':>9}"
            f"{'CPU us/req':>11}{'srv cores':>10}{'wrk cores':>10}{'other':>7}{'errors':>8}{'x nginx':>8}")
    print(head)
    print("    " + "-" * (len(head) - 4))
    base = summaries.get("nginx")
    for s in servers:
        sm = summaries.get(s.key)
        if sm is None:
            print(f"    {s.label:<16}{'no result':>10}   {s.dead or ''}")
            continue
        rel = f"{sm['rps_median'] / base['rps_median']:.2f}" if base and s.key != "nginx" else "-"
        cpu = f"{sm['cpu_us_per_req']:.1f}" if sm["cpu_us_per_req"] is not None else "-"
        span = "({:.0f}-{:.0f})".format(sm["rps_min"], sm["rps_max"])
        print(f"    {s.label:<16}{sm['rps_median']:>10.0f}{span:>19}"
              f"{fmt_us(sm['p50_us']):>9}{fmt_us(sm['p90_us']):>9}{fmt_us(sm['p99_us']):>9}"
              f"{cpu:>11}{sm['server_cores']:>10.2f}{sm['wrk_cores']:>10.2f}{sm['other_cores']:>7.2f}"
              f"{sm['errors']:>8}{rel:>8}"
              + (f"   ! {sm['disturbed_runs']} disturbed run(s)" if sm["disturbed_runs"] else ""))
    ours = summaries.get("ours")
    if ours:
        parts_rps, parts_cpu = [], []
        for other in ("nginx", "nio", "hb", "nginx-sendfile"):
            o = summaries.get(other)
            if o:
                parts_rps.append(f"ours/{other} {ours['rps_median'] / o['rps_median']:.2f}")
                if ours["cpu_us_per_req"] and o["cpu_us_per_req"]:
                    parts_cpu.append(f"ours/{other} {ours['cpu_us_per_req'] / o['cpu_us_per_req']:.2f}")
        print("    ratios req/s:      " + "   ".join(parts_rps))
        print("    ratios CPU/req:    " + "   ".join(parts_cpu) + "   (lower is better)")


def ratios(summaries):
    ours = summaries.get("ours")
    if not ours:
        return {}
    out = {}
    for other in ("nginx", "nio", "hb", "nginx-sendfile"):
        o = summaries.get(other)
        if o:
            out[f"ours/{other}"] = {
                "rps": ours["rps_median"] / o["rps_median"],
                "cpu_per_req": (ours["cpu_us_per_req"] / o["cpu_us_per_req"])
                if ours["cpu_us_per_req"] and o["cpu_us_per_req"] else None,
            }
    return out


def version_of(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=10)
        return (out.stdout + out.stderr).strip().splitlines()[0]
    except (OSError, subprocess.TimeoutExpired, IndexError):
        return None


def binary_mtime(path):
    try:
        return datetime.datetime.fromtimestamp(os.path.getmtime(path)).isoformat(timespec="seconds")
    except OSError:
        return None


def git_state():
    try:
        head = subprocess.run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "-C", ROOT, "status", "--porcelain"], capture_output=True, text=True,
                               timeout=10).stdout.strip() != ""
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        return None


# ---------------------------------------------------------------------------------------------

def main():
    args = parse_args()
    scenarios_all = scenario_table(args)
    scenario_keys = [s.strip() for s in args.scenarios.split(",") if s.strip()]
    for k in scenario_keys:
        if k not in scenarios_all:
            sys.exit(f"bench: unknown scenario {k!r} (known: {', '.join(scenarios_all)})")
    if not shutil.which("wrk"):
        sys.exit("bench: wrk not found (apt-get install -y wrk)")
    args.public_dir = os.path.abspath(args.public_dir)
    file_path = os.path.join(args.public_dir, args.path.lstrip("/"))
    if not os.path.isfile(file_path):
        sys.exit(f"bench: {file_path} does not exist (BENCH_PATH / BENCH_PUBLIC_DIR)")
    with open(file_path, "rb") as f:
        expected = f.read()

    tmp = tempfile.mkdtemp(prefix="printercare-bench-")
    servers = []

    def cleanup():
        for s in servers:
            s.stop()
        if not args.keep_tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"bench: kept {tmp}")

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGHUP, on_signal)

    try:
        servers.extend(make_servers(args, tmp, file_path))
        load = loadavg()
        print(f"bench: {CORES} cores; wrk ({args.wrk_threads} threads) and the servers share them, so a server "
              f"that needs less CPU per request also leaves more CPU to wrk.")
        print(f"bench: file {file_path} ({len(expected)} bytes) at {args.path}; load average {load[0]:.2f} "
              f"{load[1]:.2f} {load[2]:.2f}")
        if load[0] > 0.5 * CORES:
            print("bench: WARNING: the machine is busy (other builds?); results will be noisy. "
                  "See the 'other' column.")
        if args.skip_ours:
            print("bench: NOTE: our server is SKIPPED (BENCH_OURS=skip); no ours/x ratios.")

        for s in servers:
            s.start()
        for s in servers:
            err = s.wait_ready()
            if err is None:
                err = validate(s, args.path, expected, args.pipeline_depth)
            if err:
                s.dead = f"failed start/check: {err}"
                print(f"bench: {s.label}: {s.dead}\n{s.log_tail()}")
                s.stop()
            else:
                print(f"bench: {s.label} on {HOST}:{s.port} (pid {s.proc.pid}) OK: 200, identical "
                      f"{len(expected)} bytes, keep-alive, {args.pipeline_depth} pipelined")
        live = [s for s in servers if not s.dead]
        if not live:
            sys.exit("bench: no server passed its checks")
        print("\nbench: response headers (GET, keep-alive):")
        for s in live:
            print(f"  {s.label} ({s.response_bytes} bytes per response):")
            for h in s.headers:
                print(f"      {h}")

        results = {s.key: {k: [] for k in scenario_keys} for s in servers}
        started = time.monotonic()
        for key in scenario_keys:
            sc = scenarios_all[key]
            if args.wait_quiet > 0:
                busy = wait_quiet(args.wait_quiet)
                if busy >= 0.15:
                    print(f"bench: WARNING: machine still {busy:.0%} busy; measuring anyway")
            print(f"\nbench: scenario {key}: {sc['title']}", flush=True)
            if args.warmup > 0:
                for s in servers:
                    if not s.dead:
                        run_wrk(s, sc, args.warmup, args.wrk_threads, args.path)
            for rnd in range(args.rounds):
                if args.wait_quiet > 0 and rnd > 0:
                    wait_quiet(args.wait_quiet)
                order = servers[rnd % len(servers):] + servers[:rnd % len(servers)]  # rotate who goes first
                for s in order:
                    if s.dead:
                        continue
                    if not s.alive():
                        s.dead = f"died (exit status {s.proc.returncode})"
                        print(f"bench: {s.label} {s.dead}\n{s.log_tail()}")
                        continue
                    retries = 0
                    while True:
                        r = run_wrk(s, sc, args.duration, args.wrk_threads, args.path)
                        disturbed = "rps" in r and r["other_cores"] > args.max_other
                        if not (disturbed and retries < args.retries and s.alive()):
                            break
                        retries += 1
                        print(f"  round {rnd + 1} {s.label:<16} disturbed ({r['rps']:.0f} req/s, "
                              f"{r['other_cores']:.2f} cores busy elsewhere); repeating", flush=True)
                        if args.wait_quiet > 0:
                            wait_quiet(args.wait_quiet)
                    r["round"] = rnd
                    r["retries"] = retries
                    r["disturbed"] = disturbed
                    results[s.key][key].append(r)
                    if not s.alive():
                        s.dead = f"died during {key} round {rnd + 1} (exit status {s.proc.returncode})"
                        print(f"bench: {s.label} {s.dead}\n{s.log_tail()}")
                    if "rps" in r:
                        print(f"  round {rnd + 1} {s.label:<16} {r['rps']:>10.0f} req/s  p99 "
                              f"{fmt_us(r['latency_us']['p']['99']):>8}  {r['cpu_us_per_req'] or 0:6.1f} us/req CPU"
                              + (f"  errors {r['errors']} non2xx {r['non2xx']}"
                                 if sum(r["errors"].values()) or r["non2xx"] else ""), flush=True)
                    else:
                        print(f"  round {rnd + 1} {s.label:<16} {r['error']}", flush=True)
                    time.sleep(0.3)

        summary = {}
        for key in scenario_keys:
            summary[key] = {s.key: summarize(results[s.key][key]) for s in servers}
        print("\n" + "#" * 100)
        print(f"# Results ({datetime.datetime.now().isoformat(timespec='seconds')}, "
              f"{time.monotonic() - started:.0f}s of runs, {CORES} cores shared by wrk and server)")
        for key in scenario_keys:
            print_table(scenarios_all[key]["title"], servers, {k: v for k, v in summary[key].items() if v}, args)
        if any(s.dead for s in servers):
            print("\nbench: servers that failed:")
            for s in servers:
                if s.dead:
                    print(f"  {s.label}: {s.dead}")

        os.makedirs(args.results_dir, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        out_path = os.path.join(args.results_dir, f"bench-{stamp}.json")
        doc = {
            "date": datetime.datetime.now().isoformat(timespec="seconds"),
            "git": git_state(),
            "machine": {"cores": CORES, "kernel": platform.release(), "clk_tck": CLK_TCK,
                        "loadavg_at_start": load},
            "tools": {"wrk": version_of(["wrk", "-v"]), "nginx": version_of(["nginx", "-v"])},
            "config": {k: v for k, v in vars(args).items()},
            "scenarios": {k: scenarios_all[k] for k in scenario_keys},
            "servers": {s.key: {"label": s.label, "argv": s.argv, "port": s.port, "failed": s.dead,
                                "binary_mtime": binary_mtime(s.argv[0]),
                                "headers": s.headers, "response_bytes": s.response_bytes,
                                "pipelining_ok": s.pipelining_ok,
                                "config": s.config} for s in servers},
            "summary": summary,
            "ratios": {key: ratios({k: v for k, v in summary[key].items() if v}) for key in scenario_keys},
            "runs": results,
        }
        with open(out_path, "w") as f:
            json.dump(doc, f, indent=1)
        print(f"\nbench: wrote {os.path.relpath(out_path, ROOT)}")
        return 1 if any(s.dead for s in servers) else 0
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main())
