#!/usr/bin/env python3
"""Requests per second and latency of `haven serve`'s webhook endpoint, with signatures checked.

Starts `haven serve` on 127.0.0.1 (an ephemeral port, a fresh state file, a generic endpoint
signed with Standard Webhooks, rate limits off), checks that a badly signed request is refused,
then sends a bounded number of signed messages from several client processes, each over one
keep-alive connection, one request at a time. Every message is a real one: verified, deduplicated
by its id, answered by the dialogue, stored. Prints requests/s, p50/p99/max latency, the status
counts, and the server's peak RSS (VmHWM from /proc/PID/status). Asserts nothing.

Only the Python standard library is used. Usage:
  Benchmarks/webhook_load.py [--requests 20000] [--clients 8] [--build release|debug|none] [--binary PATH]
"""
import argparse, base64, hashlib, hmac, http.client, json, multiprocessing, os, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import SAMPLES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KEY = b"haven-load-test-signing-key-0123456789"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
PATH = "/webhooks/load"


def signed(message_id, body):
    timestamp = str(int(time.time()))
    mac = hmac.new(KEY, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {
        "Content-Type": "application/json",
        "webhook-id": message_id,
        "webhook-timestamp": timestamp,
        "webhook-signature": "v1," + base64.b64encode(mac).decode(),
    }


def client(args):
    """One client process: `count` requests over one keep-alive connection; returns latencies and statuses."""
    port, index, count, senders = args
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies, statuses = [], {}
    for i in range(count):
        sender = f"sender-{(index * 7919 + i) % senders}"
        body = json.dumps({"conversation": f"room-{sender}", "sender": sender, "text": SAMPLES[i % len(SAMPLES)]}).encode()
        headers = signed(f"msg_{index}_{i}", body)
        start = time.perf_counter()
        connection.request("POST", PATH, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        latencies.append(time.perf_counter() - start)
        statuses[response.status] = statuses.get(response.status, 0) + 1
    connection.close()
    return latencies, statuses


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS"):
                fields[name] = int(value.split()[0]) / 1024
    return fields


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20000, help="requests in all, split across the clients")
    parser.add_argument("--clients", type=int, default=8, help="concurrent client processes, one connection each")
    parser.add_argument("--senders", type=int, default=500, help="distinct senders (one conversation each)")
    parser.add_argument("--build", choices=["release", "debug", "none"], default="release")
    parser.add_argument("--binary", help="the haven binary, with haven-serve beside it (default: .build/<build>/haven)")
    args = parser.parse_args()
    configuration = "debug" if args.build == "debug" else "release"
    if args.build != "none":
        for product in ("haven", "haven-serve"):
            subprocess.run(["swift", "build", "-c", configuration, "--product", product], cwd=ROOT, check=True, stdout=sys.stderr)
    binary = args.binary or os.path.join(ROOT, ".build", configuration, "haven")

    folder = tempfile.mkdtemp(prefix="haven-webhook-load-")
    config = os.path.join(folder, "config.json")
    with open(config, "w") as file:
        json.dump({"version": 1, "rules": {"watch": False}, "log": {"level": "warning"},
                   "adapters": {"webhooks": {"enabled": True, "host": "127.0.0.1", "port": 0,
                                             "rateLimit": {"perSenderPerMinute": 0, "globalPerSecond": 0},
                                             "endpoints": {"load": {"path": PATH, "format": "generic", "secretEnv": "HAVEN_LOAD_SECRET"}}}}},
                  file)
    environment = dict(os.environ, HAVEN_LOAD_SECRET=SECRET)
    server = subprocess.Popen([binary, "serve", "--rules", os.path.join(ROOT, "Prompts"), "--state", os.path.join(folder, "state.sqlite"),
                               "--config", config], stdout=subprocess.PIPE, text=True, env=environment)
    try:
        port = None
        for line in server.stdout:
            words = line.split()
            if words[:2] == ["listening", "webhooks"]:
                port = int(words[-1])
                break
        if port is None:
            raise RuntimeError("haven serve did not start")

        # Signatures are checked: a request signed with another key is refused.
        probe = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        body = b'{"conversation": "c", "sender": "s", "text": "hello"}'
        headers = signed("msg_probe", body)
        headers["webhook-signature"] = "v1," + base64.b64encode(hmac.new(b"wrong", b"x", hashlib.sha256).digest()).decode()
        probe.request("POST", PATH, body=body, headers=headers)
        refused = probe.getresponse()
        refused.read()
        probe.close()
        if refused.status != 401:
            raise RuntimeError(f"a badly signed request got {refused.status}, not 401")
        idle = memory(server.pid)

        per_client = [args.requests // args.clients + (1 if i < args.requests % args.clients else 0) for i in range(args.clients)]
        cpu_before = cpu_seconds(server.pid)
        start = time.perf_counter()
        with multiprocessing.Pool(args.clients) as pool:
            results = pool.map(client, [(port, i, n, args.senders) for i, n in enumerate(per_client)])
        elapsed = time.perf_counter() - start
        after = memory(server.pid)
        server_cpu = cpu_seconds(server.pid) - cpu_before

        latencies = sorted(l for result in results for l in result[0])
        statuses = {}
        for _, counts in results:
            for status, n in counts.items():
                statuses[status] = statuses.get(status, 0) + n
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
        print(f"haven serve webhooks ({binary}), generic endpoint, Standard Webhooks signatures checked, loopback")
        print(f"requests:        {len(latencies)} from {args.clients} clients ({args.senders} senders), statuses {dict(sorted(statuses.items()))}")
        print(f"throughput:      {len(latencies) / elapsed:,.0f} requests/s over {elapsed:.1f} s")
        print(f"latency:         p50 {p(0.50):.2f} ms, p99 {p(0.99):.2f} ms, max {latencies[-1] * 1000:.2f} ms")
        print(f"server CPU:      {server_cpu:.1f} s ({server_cpu / len(latencies) * 1e6:.0f} us per request; the clients share the 2 cores)")
        print(f"server memory:   idle RSS {idle.get('VmRSS', 0):.1f} MB, peak RSS (VmHWM) {after.get('VmHWM', 0):.1f} MB")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
