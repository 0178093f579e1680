#!/usr/bin/env python3
"""Replies per second and latency through nginx: one and three instances on one PostgreSQL,
beside one instance on SQLite (the single-instance default).

For each setup it starts a fresh deployment with scripts/cluster (release build by default) and
runs Benchmarks/cluster_load.py against it: N signed webhook messages in bursts through nginx,
every reply delivered through the outbox to the driver's receiver. A reply counts when it
arrives; the rate is replies over the time from the first send to the last first reply; latency
is first send -> first reply at the receiver, so it includes signing, nginx, the dialogue, the
store, the outbox and the delivery request. Nothing is killed. Prints one table and the load
average (the machine is often shared: read the figures with it). Asserts nothing.

Only the Python standard library is used. Usage:
  Benchmarks/cluster_bench.py [--messages 2000] [--burst 200] [--concurrency 16]
      [--conversations 200] [--build release|debug|none] [--haven PATH] [--setups sqlite:1,postgres:1,postgres:3]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--burst", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--conversations", type=int, default=200)
    parser.add_argument("--build", choices=["release", "debug", "none"], default="release")
    parser.add_argument("--haven", help="the haven binary, haven-serve beside it (default: .build/<build>/haven)")
    parser.add_argument("--setups", default="sqlite:1,postgres:1,postgres:3", help="store:instances, comma-separated")
    args = parser.parse_args()
    configuration = "debug" if args.build == "debug" else "release"
    if args.build != "none":
        for product in ("haven", "haven-serve"):
            subprocess.run(["swift", "build", "-c", configuration, "--product", product], cwd=ROOT, check=True,
                           stdout=sys.stderr)
    haven = args.haven or os.path.join(ROOT, ".build", configuration, "haven")

    rows = []
    for setup in args.setups.split(","):
        store, _, instances = setup.partition(":")
        directory = tempfile.mkdtemp(prefix=f"haven-cluster-bench-{store}-{instances}-")
        command = [sys.executable, os.path.join(ROOT, "Benchmarks", "cluster_load.py"), directory, "--haven", haven,
                   "--store", store, "--instances", instances, "--messages", str(args.messages),
                   "--burst", str(args.burst), "--concurrency", str(args.concurrency),
                   "--conversations", str(args.conversations), "--timeout", "600", "--settle", "1"]
        print(f"[cluster-bench] {store}, {instances} instance(s) ...", file=sys.stderr, flush=True)
        result = subprocess.run(command, capture_output=True, text=True)
        shutil.rmtree(directory, ignore_errors=True)  # the driver stopped the cluster it started
        try:
            summary = json.loads(result.stdout)
        except ValueError:
            print(result.stderr, file=sys.stderr)
            raise SystemExit(f"[cluster-bench] no summary for {setup} (status {result.returncode})")
        webhooks = summary["webhooks"]
        rows.append((store, instances, webhooks, summary["loadAverage"]))

    print(f"haven serve behind nginx ({haven}), {args.messages} signed webhook messages in bursts of {args.burst}, "
          f"{args.concurrency} in flight, {args.conversations} conversations, replies through the outbox; "
          f"{os.cpu_count()} CPUs shared by the driver, nginx, PostgreSQL and the instances")
    print(f"{'store':<9} {'instances':>9} {'accepted/s':>10} {'replies/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'replied':>8} "
          f"{'missing':>8} {'doubled':>8}  load average after (1, 5, 15 min)")
    for store, instances, webhooks, load in rows:
        latency = webhooks["latencyMs"]
        print(f"{store:<9} {instances:>9} {webhooks['acceptedPerSecond']:>10.1f} {webhooks['repliesPerSecond']:>10.1f} {latency['p50']:>8.1f} "
              f"{latency['p99']:>8.1f} {webhooks['replied']:>8} {len(webhooks['missing']):>8} "
              f"{len(webhooks['doubled']):>8}  {load}  ({webhooks['repliesReceived']} reply requests received)")


if __name__ == "__main__":
    main()
