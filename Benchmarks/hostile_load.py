#!/usr/bin/env python3
"""A well-behaved client's reply time, and the server's memory, while others attack `haven serve --tcp`.

Starts `haven serve` on 127.0.0.1 (an ephemeral port, a fresh state file; a release build
unless --binary is given) with room for every connection below, then for --seconds runs, at once:
  - a client that never reads: it floods `/help` lines (each earns a long reply) as fast as
    the server takes them, with a small receive buffer, and reconnects when it is closed;
  - a pipelining client: writes lines in batches of --batch without waiting, reading the replies;
  - --slowloris connections that each trickle one byte a second and never finish a line, and
    reconnect when they are closed (idle);
  - in a process of its own, a well-behaved client: one line, wait for the reply, again.
It prints the well-behaved client's reply count and p50/p99/max reply time, how many replies
the pipeliner got, how often the attackers were closed, and the server's peak and final
resident memory. Bounded in time and count; asserts nothing.

Usage: Benchmarks/hostile_load.py [--seconds 30] [--slowloris 100] [--binary PATH]
"""
import argparse, asyncio, json, multiprocessing, os, socket, statistics, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import SAMPLES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def rss_bytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def well_behaved(port, seconds, results):
    """One message at a time on a blocking socket, in its own process so the attackers' Python does not slow it."""
    latencies = []
    deadline = time.monotonic() + seconds
    with socket.create_connection(("127.0.0.1", port)) as sock:
        reader = sock.makefile("rb")
        reader.readline()  # greeting
        index = 0
        while time.monotonic() < deadline:
            line = (SAMPLES[index % len(SAMPLES)] + "\n").encode()
            index += 1
            start = time.perf_counter()
            sock.sendall(line)
            reply = reader.readline()
            if not reply:
                break
            latencies.append(time.perf_counter() - start)
            time.sleep(0.01)
    results.put(latencies)


class Counters:
    def __init__(self):
        self.hog_bytes = 0
        self.hog_closed = 0
        self.pipelined = 0
        self.slowloris_closed = 0


async def never_reads(port, stop, counters):
    flood = b"/help\n" * 4096
    while not stop.is_set():
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        try:
            await asyncio.get_running_loop().sock_connect(sock, ("127.0.0.1", port))
            while not stop.is_set():
                try:
                    counters.hog_bytes += sock.send(flood)
                except BlockingIOError:
                    await asyncio.sleep(0.05)
        except (ConnectionError, OSError):
            counters.hog_closed += 1
        finally:
            sock.close()
        await asyncio.sleep(0.1)


async def pipelines(port, stop, counters, batch):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
    await reader.readline()

    async def drain_replies():
        while not stop.is_set():
            line = await reader.readline()
            if not line:
                return
            counters.pipelined += 1

    reading = asyncio.create_task(drain_replies())
    index = 0
    while not stop.is_set():
        lines = "".join(SAMPLES[(index + i) % len(SAMPLES)] + "\n" for i in range(batch))
        index += batch
        writer.write(lines.encode())
        await writer.drain()
        await asyncio.sleep(0)
    reading.cancel()
    writer.close()


async def slowloris(port, stop, counters):
    while not stop.is_set():
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            while not stop.is_set():
                writer.write(b"x")
                await writer.drain()
                try:
                    if await asyncio.wait_for(reader.read(4096), timeout=1.0) == b"":
                        break
                except asyncio.TimeoutError:
                    pass
                if reader.at_eof():
                    break
            if not stop.is_set():
                counters.slowloris_closed += 1
            writer.close()
        except (ConnectionError, OSError):
            await asyncio.sleep(0.2)


async def attack(port, seconds, args, counters, server_pid, samples):
    stop = asyncio.Event()
    tasks = [asyncio.create_task(never_reads(port, stop, counters)), asyncio.create_task(pipelines(port, stop, counters, args.batch))]
    tasks += [asyncio.create_task(slowloris(port, stop, counters)) for _ in range(args.slowloris)]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        samples.append(rss_bytes(server_pid))
        await asyncio.sleep(0.5)
    stop.set()
    await asyncio.sleep(1.5)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--slowloris", type=int, default=100)
    parser.add_argument("--batch", type=int, default=2000, help="lines per pipelined write")
    parser.add_argument("--idle", type=int, default=10, help="the server's idleTimeoutSeconds")
    parser.add_argument("--binary", help="a built haven (default: build and use the release one)")
    args = parser.parse_args()
    binary = args.binary
    if not binary:
        for product in ["haven-serve", "haven"]:
            subprocess.run(["swift", "build", "-c", "release", "--product", product], cwd=ROOT, check=True, stdout=sys.stderr)
        binary = os.path.join(ROOT, ".build/release/haven")
    state = tempfile.mktemp(suffix=".sqlite")
    config = tempfile.mktemp(suffix=".json")
    with open(config, "w") as file:
        json.dump({"adapters": {"tcp": {"maxConnections": args.slowloris + 16, "idleTimeoutSeconds": args.idle}}, "rules": {"watch": False}}, file)
    server = subprocess.Popen(
        [binary, "serve", "--rules", os.path.join(ROOT, "Prompts"), "--state", state, "--config", config, "--tcp", "127.0.0.1:0",
         "--log-level", "warning"],
        stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().split()[-1])
        baseline = rss_bytes(server.pid)
        results = multiprocessing.Queue()
        polite = multiprocessing.Process(target=well_behaved, args=(port, args.seconds - 2, results))
        counters, samples = Counters(), []
        # The attackers get a head start, so the well-behaved client meets them at full strength.
        attacker = asyncio.new_event_loop()
        head_start = attacker.create_task(attack(port, args.seconds + 1, args, counters, server.pid, samples))
        attacker.run_until_complete(asyncio.sleep(1))
        polite.start()
        attacker.run_until_complete(head_start)
        latencies = sorted(results.get(timeout=60))
        polite.join()
        final = rss_bytes(server.pid)
    finally:
        server.terminate()
        try:
            status = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            status = "killed after 30 s"
        for path in [state, state + "-wal", state + "-shm", config]:
            if os.path.exists(path):
                os.remove(path)
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
    print(f"binary: {binary}")
    print(f"attackers: 1 never-reading, 1 pipelining ({args.batch}-line batches), {args.slowloris} slowloris; {args.seconds:.0f} s")
    print(f"well-behaved client: {len(latencies)} replies, p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    print(f"pipeliner: {counters.pipelined} replies; never-reader: {counters.hog_bytes / 1e6:.1f} MB taken, closed {counters.hog_closed} times; "
          f"slowloris closed {counters.slowloris_closed} times")
    print(f"server RSS: {baseline / 2**20:.1f} MB at start, peak {max(samples) / 2**20:.1f} MB, {final / 2**20:.1f} MB at the end; "
          f"SIGTERM exit: {status}")


if __name__ == "__main__":
    main()
