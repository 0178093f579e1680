#!/usr/bin/env python3
"""Replies per second and reply latency of `haven serve` over the plain-text TCP protocol.

Starts a release `haven serve` on 127.0.0.1 (an ephemeral port, a fresh state file), then
for each client count runs that many concurrent clients, each sending a bounded number of
messages one at a time (send a line, wait for its reply). Prints replies/s and p50/p99
latency; asserts nothing. Usage: Benchmarks/tcp_bench.py [--messages N] [--clients 1,50]
"""
import argparse, asyncio, os, signal, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import SAMPLES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

async def client(port, count, latencies):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    await reader.readline()  # greeting
    for i in range(count):
        line = SAMPLES[i % len(SAMPLES)] + "\n"
        start = time.perf_counter()
        writer.write(line.encode())
        await writer.drain()
        reply = await reader.readline()
        if not reply:
            raise RuntimeError("connection closed early")
        latencies.append(time.perf_counter() - start)
    writer.write(b"/quit\n")
    await writer.drain()
    writer.close()

async def run(port, clients, per_client):
    latencies = []
    start = time.perf_counter()
    await asyncio.gather(*(client(port, per_client, latencies) for _ in range(clients)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    return len(latencies) / elapsed, p(0.50), p(0.99), len(latencies)

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=20000, help="messages per run, split across the clients")
    parser.add_argument("--clients", default="1,50")
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "haven"], cwd=ROOT, check=True, stdout=sys.stderr)
    state = tempfile.mktemp(suffix=".sqlite")
    server = subprocess.Popen([os.path.join(ROOT, ".build/release/haven"), "serve", "--rules", os.path.join(ROOT, "Prompts"),
                               "--state", state, "--tcp", "127.0.0.1:0", "--log-level", "warning"],
                              stdout=subprocess.PIPE, text=True)
    try:
        words = server.stdout.readline().split()
        port = int(words[-1])
        print(f"{'clients':>8} {'messages':>9} {'replies/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
        for clients in [int(c) for c in args.clients.split(",")]:
            per_client = max(1, args.messages // clients)
            rate, p50, p99, total = asyncio.run(run(port, clients, per_client))
            print(f"{clients:>8} {total:>9} {rate:>10.0f} {p50:>8.3f} {p99:>8.3f}")
        rss = 0
        with open(f"/proc/{server.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1]) / 1024
        print(f"server peak RSS: {rss:.1f} MiB")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        for suffix in ("", "-wal", "-shm"):
            try: os.remove(state + suffix)
            except FileNotFoundError: pass

if __name__ == "__main__":
    main()
