#!/usr/bin/env python3
"""The web benchmark's client (see README.md): signs in through the real form, then measures pages.

usage: bench.py BASE_URL EMAIL PASSWORD DEVICE_IDS_FILE [requests] [wrk_seconds] [wrk_connections]

Latency: `requests` sequential GETs per scenario over one keep-alive connection (after 20 warm-up
requests): median, p90, p99, max of the whole request as the client sees it (render time plus
loopback). Throughput: `wrk` with `wrk_connections` connections for `wrk_seconds` when installed,
else a thread pool of this client. Prints a table and writes JSON to stdout's last line.
"""
import http.client, json, random, re, shutil, statistics, subprocess, sys, time, urllib.parse

base, email, password, ids_file = sys.argv[1:5]
count = int(sys.argv[5]) if len(sys.argv) > 5 else 500
wrk_seconds = int(sys.argv[6]) if len(sys.argv) > 6 else 10
wrk_connections = int(sys.argv[7]) if len(sys.argv) > 7 else 8
url = urllib.parse.urlparse(base)
ids = [line.strip() for line in open(ids_file) if line.strip()]

def connect():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)

def sign_in():
    c = connect()
    c.request("GET", "/login")
    r = c.getresponse(); body = r.read().decode()
    cookies = {}
    for name, value in r.getheaders():
        if name.lower() == "set-cookie":
            k, v = value.split(";")[0].split("=", 1); cookies[k] = v
    token = re.search(r'name="csrf_token" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"email": email, "password": password, "csrf_token": token})
    c.request("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded", "Origin": base,
                                        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())})
    r = c.getresponse(); r.read()
    assert r.status == 303, f"sign-in failed: {r.status}"
    for name, value in r.getheaders():
        if name.lower() == "set-cookie":
            k, v = value.split(";")[0].split("=", 1)
            if v: cookies[k] = v
    return "; ".join(f"{k}={v}" for k, v in cookies.items())

cookie = sign_in()

def fetch(c, path):
    c.request("GET", path, headers={"Cookie": cookie, "Accept-Language": "en"})
    r = c.getresponse(); body = r.read()
    if r.status != 200: raise SystemExit(f"{path}: HTTP {r.status}")
    return body

def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values) + 0.5)) - 1))]

scenarios = [
    ("list: first page", lambda k: "/devices"),
    ("list: filtered (status=warning, Kyocera)", lambda k: "/devices?status=warning&manufacturer=Kyocera"),
    ("list: search (q=Building 3)", lambda k: "/devices?q=Building+3"),
    ("list: sorted (lowest supply, page 7)", lambda k: "/devices?sort=supply&order=asc&page=7"),
    ("device page (random device)", lambda k: f"/devices/{ids[k % len(ids)]}"),
    ("overview /", lambda k: "/"),
]
random.seed(7)
random.shuffle(ids)
results = []
for name, path in scenarios:
    c = connect()
    for k in range(20): fetch(c, path(k))
    times, size = [], 0
    for k in range(count):
        started = time.perf_counter()
        size = len(fetch(c, path(k)))
        times.append((time.perf_counter() - started) * 1000)
    c.close()
    results.append({"scenario": name, "path": path(0), "requests": count, "bytes": size,
                    "median_ms": round(statistics.median(times), 2), "p90_ms": round(percentile(times, 90), 2),
                    "p99_ms": round(percentile(times, 99), 2), "max_ms": round(max(times), 2)})

def wrk(path):
    out = subprocess.run(["wrk", "-t2", f"-c{wrk_connections}", f"-d{wrk_seconds}s", "--latency", "-H", f"Cookie: {cookie}",
                          "-H", "Accept-Language: en", base + path], capture_output=True, text=True, timeout=wrk_seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, int(errors.group(1)) if errors else 0

if shutil.which("wrk") and wrk_seconds > 0:
    for result, (name, path) in zip(results, scenarios):
        rps, bad = wrk(path(0))
        result["wrk_rps"] = rps
        result["wrk_non_2xx"] = bad

print(f"{'scenario':44} {'median':>8} {'p90':>8} {'p99':>8} {'max':>8} {'req/s':>8}  KiB")
for r in results:
    print(f"{r['scenario']:44} {r['median_ms']:8.2f} {r['p90_ms']:8.2f} {r['p99_ms']:8.2f} {r['max_ms']:8.2f} "
          f"{r.get('wrk_rps', 0):8.0f}  {r['bytes'] / 1024:.0f}")
print(json.dumps({"requests_each": count, "wrk_seconds": wrk_seconds, "wrk_connections": wrk_connections, "results": results}))
