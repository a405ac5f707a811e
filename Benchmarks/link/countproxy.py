#!/usr/bin/env python3
"""Byte-counting TCP proxy for bench-link (loopback only).

    countproxy.py LISTEN_PORT_FILE TARGET_PORT COUNTER_FILE [TRACE_FILE]

Listens on 127.0.0.1:0 (the chosen port is written to LISTEN_PORT_FILE), forwards every connection to
127.0.0.1:TARGET_PORT and, every 0.1 s, rewrites COUNTER_FILE (JSON) with running totals:

* up / down: payload bytes agent->gateway / gateway->agent (TLS records included, nothing stripped);
* up_segments / down_segments: an estimate of the data segments those bytes would need on an internet
  path (each chunk read from the socket is one burst the peer wrote; ceil(len / 1448) segments, 1448 =
  a 1500-byte MTU's MSS with TCP timestamps). Loopback's own segment count (MTU 64 KiB) means nothing
  for the internet, and there is no packet capture on this machine;
* connections: TCP connections accepted (each costs about 7 header-only segments: handshake + close);
* last: time.monotonic() of the last byte seen (the driver waits for silence).

With TRACE_FILE, every chunk is also appended there as "MONOTONIC_TIME up|down LENGTH".
"""
import asyncio
import json
import math
import os
import sys
import time

MSS = 1448
counters = {"up": 0, "down": 0, "up_segments": 0, "down_segments": 0, "up_chunks": 0, "down_chunks": 0,
            "connections": 0, "open": 0, "last": time.monotonic()}
trace = open(sys.argv[4], "a") if len(sys.argv) > 4 else None


async def pipe(reader, writer, direction):
    try:
        while True:
            data = await reader.read(1 << 16)
            if not data:
                break
            counters[direction] += len(data)
            counters[direction + "_segments"] += math.ceil(len(data) / MSS)
            counters[direction + "_chunks"] += 1
            counters["last"] = time.monotonic()
            if trace:
                trace.write(f"{counters['last']:.4f} {direction} {len(data)}\n")
                trace.flush()
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(client_reader, client_writer, target_port):
    counters["connections"] += 1
    counters["open"] += 1
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        counters["open"] -= 1
        return
    await asyncio.gather(pipe(client_reader, server_writer, "up"), pipe(server_reader, client_writer, "down"))
    counters["open"] -= 1


async def dump(path):
    tmp = path + ".tmp"
    while True:
        with open(tmp, "w") as f:
            json.dump(counters, f)
        os.replace(tmp, path)
        await asyncio.sleep(0.1)


async def main():
    port_file, target_port, counter_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    server = await asyncio.start_server(lambda r, w: handle(r, w, target_port), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    with open(port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.replace(port_file + ".tmp", port_file)
    asyncio.ensure_future(dump(counter_file))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
