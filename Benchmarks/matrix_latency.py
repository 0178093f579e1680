#!/usr/bin/env python3
"""Bot-added latency of Haven's Matrix adapter against a real Synapse on 127.0.0.1.

Starts Synapse (scripts/synapse, venv under .build/synapse-venv) and a release `haven serve`
with the Matrix adapter, then a person sends N messages in a direct room, each after the
previous reply arrived. Reports, from Haven's own log, the time from a /sync response arriving
to the reply being sent (p50/p99), and the round trip the person sees. Asserts nothing.
Usage: Benchmarks/matrix_latency.py [--messages 100]
"""
import argparse, json, os, re, signal, statistics, subprocess, sys, tempfile, time, urllib.request, uuid

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, "scripts/synapse")
ENV = dict(os.environ, SYNAPSE_VENV=os.path.join(ROOT, ".build/synapse-venv"))

def synapse(*args):
    return subprocess.run([SCRIPT, *args], env=ENV, check=True, capture_output=True, text=True).stdout.strip()

def call(base, token, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + "/_matrix/client/v3" + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read() or b"null")

def quote(value):
    return urllib.request.quote(value, safe="")

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100)
    args = parser.parse_args()
    subprocess.run(["swift", "build", "-c", "release", "--product", "haven"], cwd=ROOT, check=True, stdout=sys.stderr)
    directory = tempfile.mkdtemp(prefix="haven-synapse-bench-")
    base = synapse("start", directory)
    suffix = uuid.uuid4().hex[:6]
    bot_token = synapse("register", directory, "bot" + suffix, "pw")
    human_token = synapse("register", directory, "alice" + suffix, "pw")
    bot = f"@bot{suffix}:localhost"
    config = tempfile.mktemp(suffix=".json")
    with open(config, "w") as handle:
        json.dump({"log": {"level": "info"}, "adapters": {"matrix": {"enabled": True, "homeserver": base, "userID": bot,
                   "accessTokenEnv": "HAVEN_BENCH_TOKEN", "syncTimeoutSeconds": 30}}}, handle)
    log = tempfile.NamedTemporaryFile(delete=False, suffix=".log")
    server = subprocess.Popen([os.path.join(ROOT, ".build/release/haven"), "serve", "--config", config,
                               "--state", tempfile.mktemp(suffix=".sqlite"), "--rules", os.path.join(ROOT, "Prompts")],
                              env=dict(ENV, HAVEN_BENCH_TOKEN=bot_token), stdout=subprocess.DEVNULL, stderr=log)
    try:
        room = call(base, human_token, "POST", "/createRoom", {"preset": "private_chat", "is_direct": True, "invite": [bot]})["room_id"]
        while bot not in call(base, human_token, "GET", f"/rooms/{quote(room)}/joined_members")["joined"]:
            time.sleep(0.2)
        round_trips = []
        samples = ["You never listen to me", "he just walks out when we argue", "I feel like I'm walking on eggshells",
                   "we went to the market today", "she keeps checking my phone"]
        seen = 0
        for index in range(args.messages):
            started = time.perf_counter()
            call(base, human_token, "PUT", f"/rooms/{quote(room)}/send/m.room.message/{uuid.uuid4().hex}",
                 {"msgtype": "m.text", "body": samples[index % len(samples)]})
            while True:
                chunk = call(base, human_token, "GET", f"/rooms/{quote(room)}/messages?dir=b&limit=5")["chunk"]
                if sum(1 for event in chunk if event["sender"] == bot) and \
                   len([e for e in call(base, human_token, "GET", f"/rooms/{quote(room)}/messages?dir=b&limit=1000")["chunk"] if e["sender"] == bot and e["type"] == "m.room.message"]) > seen:
                    seen += 1
                    break
                time.sleep(0.01)
            round_trips.append((time.perf_counter() - started) * 1000)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        synapse("stop", directory)
    text = open(log.name).read()
    added = [float(value) for value in re.findall(r"haven\.matrix\.latency_ms=([0-9.]+)", text)]
    ready = [float(value) for value in re.findall(r"haven\.matrix\.ready_ms=([0-9.]+)", text)]
    def pct(values, q):
        values = sorted(values)
        return values[min(len(values) - 1, int(q * len(values)))]
    print(f"messages: {len(round_trips)}")
    print(f"bot-added latency (sync arrival -> reply ready to send): p50 {pct(ready, 0.5):.2f} ms, p99 {pct(ready, 0.99):.2f} ms")
    print(f"bot-added latency (sync arrival -> homeserver accepted the reply): p50 {pct(added, 0.5):.1f} ms, p99 {pct(added, 0.99):.1f} ms")
    print(f"round trip seen by the person (send -> reply visible): p50 {pct(round_trips, 0.5):.1f} ms, p99 {pct(round_trips, 0.99):.1f} ms")

if __name__ == "__main__":
    main()
