#!/usr/bin/env python3
"""Load through a scripts/cluster deployment: every message must get exactly one reply.

Starts a receiver for Haven's outbound replies (generic format: `inReplyTo` is the delivery id,
`webhook-id` stays the same across redeliveries of one reply; signatures are checked), and,
unless DIR already holds a running cluster, starts one there (scripts/cluster start DIR
--reply-url ...). Then it sends N signed webhook messages through nginx in bursts, over several
conversations, several at a time. A send that fails (connection refused or reset, 5xx, 408, 429)
is sent again with the SAME delivery id, as real platforms do. With --kill I, instance I is
SIGKILLed in the middle burst and restarted. It waits for every reply, then a little longer for
late doubles, and prints one JSON summary on stdout:

  sent, replied, missing (delivery ids without a reply), doubled (ids with two or more different
  replies), redeliveries (receipts of a webhook-id already received: a receiver that dedupes by
  webhook-id drops them, but each is a request sent twice; after a SIGKILL, the killed instance's
  replies in flight may be sent again, at most one outbox batch), redeliveredReplies (webhook-ids
  received more than once), repliesReceived (POSTs in all),
  badSignatures, latency p50/p99 (ms, first send -> first reply at the receiver), repliesPerSecond,
  acceptedPerSecond (messages over the time until the last send was answered 200),
  sameDelivery (the same delivery posted directly to two instances at once, --same-delivery
  times: how many of those got more than one reply), matrix (with --matrix-messages), loadAverage.

Exit status: 0 when nothing is missing or doubled (webhooks, same-delivery pairs and Matrix);
1 otherwise; 2 bad arguments. Only the Python standard library is used; everything is on 127.0.0.1.

Usage:
  Benchmarks/cluster_load.py DIR [--instances 3] [--haven PATH] [--store postgres|sqlite]
      [--messages 200] [--burst 25] [--concurrency 8] [--conversations 20] [--kill I]
      [--same-delivery 20] [--matrix-messages 0] [--timeout 120] [--keep]
"""
import argparse
import base64
import concurrent.futures
import hashlib
import hmac
import http.client
import http.server
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from samples import SAMPLES  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLUSTER = os.path.join(ROOT, "scripts", "cluster")
SYNAPSE = os.path.join(ROOT, "scripts", "synapse")
RETRY_STATUSES = {408, 429, 500, 502, 503, 504}
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def log(message):
    print(f"[cluster-load] {message}", file=sys.stderr, flush=True)


def percentile(values, q):
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)


def cluster(*arguments, check=True):
    result = subprocess.run([sys.executable, CLUSTER] + list(arguments), capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"scripts/cluster {' '.join(arguments)} failed: {result.stderr.strip()}")
    return result


def signing_key(secret):
    return base64.b64decode(secret[len("whsec_"):] if secret.startswith("whsec_") else secret)


def sign(key, message_id, body):
    timestamp = str(int(time.time()))
    mac = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return {"Content-Type": "application/json", "webhook-id": message_id, "webhook-timestamp": timestamp,
            "webhook-signature": "v1," + base64.b64encode(mac).decode()}


def verified(key, headers, body):
    message_id, timestamp, signatures = (headers.get("webhook-id"), headers.get("webhook-timestamp"),
                                         headers.get("webhook-signature") or "")
    if not message_id or not timestamp:
        return False
    expected = hmac.new(key, f"{message_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    for candidate in signatures.split(" "):
        version, _, value = candidate.partition(",")
        if version == "v1" and hmac.compare_digest(base64.b64decode(value or "="), expected):
            return True
    return False


class Receiver:
    """Takes Haven's outbound replies; remembers, per delivery id, every reply and when it came."""

    def __init__(self, port, key):
        self.key = key
        self.lock = threading.Lock()
        self.replies = {}  # delivery id -> {webhook-id: first arrival (perf_counter)}
        self.arrivals = {}  # webhook-id -> times received
        self.bad_signatures = 0
        self.unexpected = 0
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                receiver.take(self.headers, body)
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_):
                pass

        class Server(http.server.ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 256  # bursts of replies from several instances at once

        self.server = Server(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def take(self, headers, body):
        now = time.perf_counter()
        good = verified(self.key, headers, body)
        try:
            reply = json.loads(body)
        except ValueError:
            reply = {}
        with self.lock:
            if not good:
                self.bad_signatures += 1
                return
            webhook_id = headers.get("webhook-id")
            self.arrivals[webhook_id] = self.arrivals.get(webhook_id, 0) + 1
            delivery = reply.get("inReplyTo")
            if not delivery:
                self.unexpected += 1
                return
            self.replies.setdefault(delivery, {}).setdefault(webhook_id, now)

    def snapshot(self):
        with self.lock:
            return {key: dict(value) for key, value in self.replies.items()}, dict(self.arrivals)


class Sender:
    """Signed webhook messages, one keep-alive connection per thread, retried with the same id."""

    def __init__(self, port, path, key, timeout):
        self.port, self.path, self.key, self.timeout = port, path, key, timeout
        self.local = threading.local()
        self.lock = threading.Lock()
        self.attempts = 0
        self.retries = 0
        self.statuses = {}

    def connection(self, port):
        connections = getattr(self.local, "connections", None)
        if connections is None:
            connections = self.local.connections = {}
        if port not in connections:
            connections[port] = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        return connections[port]

    def post(self, delivery, body, port=None):
        """Posts until an answer that is not worth retrying; returns the last status (None: gave up)."""
        port = port or self.port
        deadline = time.monotonic() + self.timeout
        pause = 0.1
        while time.monotonic() < deadline:
            with self.lock:
                self.attempts += 1
            connection = self.connection(port)
            status = None
            try:
                connection.request("POST", self.path, body=body, headers=sign(self.key, delivery, body))
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                status = "error"
            with self.lock:
                self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
            if status != "error" and status not in RETRY_STATUSES:
                return status
            with self.lock:
                self.retries += 1
            time.sleep(pause)
            pause = min(pause * 2, 2.0)
        return None


def message(run_id, index, conversations):
    who = index % conversations
    delivery = f"d-{run_id}-{index}"
    body = json.dumps({"conversation": f"room-{run_id}-{who}", "sender": f"person-{who}", "id": delivery,
                       "text": SAMPLES[index % len(SAMPLES)]}).encode()
    return delivery, body


def send_webhooks(args, sender, run_id, sent_at):
    """Sends args.messages in bursts; kills and restarts an instance in the middle burst."""
    bursts = [list(range(start, min(start + args.burst, args.messages)))
              for start in range(0, args.messages, args.burst)]
    killer = None
    gave_up = []
    with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
        for number, burst in enumerate(bursts):
            if args.kill and number == len(bursts) // 2:
                def kill_and_restart(number=number):
                    time.sleep(0.02)
                    cluster("kill", args.directory, str(args.kill))
                    log(f"instance {args.kill} SIGKILLed in burst {number + 1} of {len(bursts)}")
                    time.sleep(0.5)
                    cluster("restart", args.directory, str(args.kill))
                    log(f"instance {args.kill} restarted")
                killer = threading.Thread(target=kill_and_restart)
                killer.start()

            def one(index):
                delivery, body = message(run_id, index, args.conversations)
                sent_at.setdefault(delivery, time.perf_counter())
                if sender.post(delivery, body) is None:
                    gave_up.append(delivery)

            list(pool.map(one, burst))
    if killer:
        killer.join()
    return gave_up


def same_delivery(args, sender, state, run_id, sent_at):
    """Posts each of `args.same_delivery` deliveries to two instances at the same moment."""
    ports = [instance["webhookPort"] for instance in state["instances"]][:2]
    if len(ports) < 2:
        return []
    ids = []
    for pair in range(args.same_delivery):
        delivery, body = message(run_id + "-same", pair, max(1, args.conversations))
        ids.append(delivery)
        barrier = threading.Barrier(2)
        statuses = []

        def post(port):
            barrier.wait()
            sent_at.setdefault(delivery, time.perf_counter())
            statuses.append(sender.post(delivery, body, port=port))

        threads = [threading.Thread(target=post, args=(port,)) for port in ports]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return ids


# ------------------------------------------------------------------ matrix ---


def matrix_call(base, token, method, path, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + "/_matrix/client/v3" + path, data=data, method=method,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with HTTP.open(request, timeout=timeout) as response:
        return json.loads(response.read() or b"null")


def matrix_load(args, state):
    """Alice sends args.matrix_messages in bursts in a direct room with the bot (through the client
    API, each send retried with its transaction id); the bot's replies are counted per the event id
    they reply to (`m.relates_to.m.in_reply_to.event_id`)."""
    matrix = state.get("matrix")
    if not matrix:
        raise RuntimeError("--matrix-messages needs a cluster started with --matrix")
    base, bot = matrix["homeserver"], matrix["userID"]
    synapse_dir = os.path.join(os.path.abspath(args.directory), "synapse")
    alice = "alice" + uuid.uuid4().hex[:6]
    token = subprocess.run([sys.executable, SYNAPSE, "register", synapse_dir, alice, "pw"], check=True,
                           capture_output=True, text=True).stdout.strip()
    room = matrix_call(base, token, "POST", "/createRoom",
                       {"preset": "private_chat", "is_direct": True, "invite": [bot]})["room_id"]
    quoted_room = urllib.parse.quote(room, safe="")
    deadline = time.monotonic() + 60
    while bot not in matrix_call(base, token, "GET", f"/rooms/{quoted_room}/joined_members")["joined"]:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the bot {bot} did not join the room within 60 s")
        time.sleep(0.2)
    since = matrix_call(base, token, "GET", "/sync?timeout=0")["next_batch"]
    sent_at, replies, lock, stop = {}, {}, threading.Lock(), threading.Event()

    def watch():
        nonlocal since
        while not stop.is_set():
            try:
                batch = matrix_call(base, token, "GET", f"/sync?timeout=5000&since={urllib.parse.quote(since)}",
                                    timeout=35)
            except OSError:
                time.sleep(0.5)
                continue
            since = batch["next_batch"]
            events = batch.get("rooms", {}).get("join", {}).get(room, {}).get("timeline", {}).get("events", [])
            now = time.perf_counter()
            with lock:
                for event in events:
                    if event.get("sender") != bot or event.get("type") != "m.room.message":
                        continue
                    target = (event.get("content", {}).get("m.relates_to", {}).get("m.in_reply_to", {})
                              .get("event_id"))
                    if target:
                        replies.setdefault(target, {}).setdefault(event["event_id"], now)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    started = time.perf_counter()

    def send(index):
        transaction = f"load-{index}-{uuid.uuid4().hex[:8]}"
        for _ in range(60):
            try:
                begun = time.perf_counter()
                event = matrix_call(base, token, "PUT", f"/rooms/{quoted_room}/send/m.room.message/{transaction}",
                                    {"msgtype": "m.text", "body": SAMPLES[index % len(SAMPLES)]})["event_id"]
                with lock:
                    sent_at[event] = begun
                return
            except OSError:
                time.sleep(0.5)

    with concurrent.futures.ThreadPoolExecutor(min(args.concurrency, 4)) as pool:
        for start in range(0, args.matrix_messages, args.burst):
            list(pool.map(send, range(start, min(start + args.burst, args.matrix_messages))))
            if args.kill and start // args.burst == (args.matrix_messages // args.burst) // 2:
                cluster("kill", args.directory, str(args.kill))
                cluster("restart", args.directory, str(args.kill))
    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline:
        with lock:
            if all(event in replies for event in sent_at):
                break
        time.sleep(0.2)
    time.sleep(args.settle)
    stop.set()
    with lock:
        return summarize(sent_at, replies, {}, started)


# ----------------------------------------------------------------- summary ---


def summarize(sent_at, replies, arrivals, started):
    missing = sorted(key for key in sent_at if key not in replies)
    doubled = sorted(key for key in sent_at if len(replies.get(key, {})) > 1)
    latencies = [min(replies[key].values()) - sent_at[key] for key in sent_at if key in replies]
    last = max((min(replies[key].values()) for key in sent_at if key in replies), default=started)
    span = max(last - started, 1e-9)
    return {
        "sent": len(sent_at),
        "replied": len(sent_at) - len(missing),
        "missing": missing,
        "doubled": doubled,
        "redeliveries": sum(count - 1 for count in arrivals.values() if count > 1),
        "redeliveredReplies": sum(1 for count in arrivals.values() if count > 1),
        "repliesReceived": sum(arrivals.values()),
        "latencyMs": {"p50": percentile(latencies, 0.50), "p99": percentile(latencies, 0.99),
                      "max": percentile(latencies, 1.0)},
        "repliesPerSecond": round((len(sent_at) - len(missing)) / span, 1),
        "seconds": round(span, 2),
    }


def wait_for(receiver, ids, timeout, settle):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies, _ = receiver.snapshot()
        if all(key in replies for key in ids):
            break
        time.sleep(0.1)
    time.sleep(settle)  # a late second reply to an answered delivery is a double: wait for it


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", help="the cluster's folder (started here unless one runs there already)")
    parser.add_argument("--instances", type=int, default=3)
    parser.add_argument("--haven", help="the haven binary (default: scripts/cluster's, .build/debug/haven)")
    parser.add_argument("--store", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--matrix", action="store_true", help="start the cluster with Synapse and the appservice")
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--burst", type=int, default=25, help="messages per burst (sent together)")
    parser.add_argument("--concurrency", type=int, default=8, help="requests in flight at once")
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--kill", type=int, help="SIGKILL this instance (1-based) in the middle burst, then restart it")
    parser.add_argument("--same-delivery", type=int, default=0,
                        help="deliveries each posted directly to instances 1 and 2 at the same moment")
    parser.add_argument("--matrix-messages", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for the replies")
    parser.add_argument("--settle", type=float, default=3, help="seconds to wait for late doubles after the last reply")
    parser.add_argument("--keep", action="store_true", help="leave a cluster this run started running")
    args = parser.parse_args()

    state_path = os.path.join(os.path.abspath(args.directory), "cluster.json")
    running = os.path.exists(state_path) and cluster("status", args.directory, check=False).returncode == 0
    started_here = False
    if running:
        with open(state_path) as file:
            state = json.load(file)
        if not state.get("replyURL"):
            raise SystemExit("[cluster-load] error: the running cluster has no --reply-url; stop it or use another DIR")
        reply_port = urllib.parse.urlsplit(state["replyURL"]).port
    else:
        reply_port = 0
    secret_values = {}

    def secrets():
        with open(os.path.join(os.path.abspath(args.directory), "secrets.env")) as file:
            return dict(line.strip().partition("=")[::2] for line in file if "=" in line)

    # The receiver first: a new cluster is told its URL.
    receiver = Receiver(reply_port, b"")
    try:
        if not running:
            command = ["start", args.directory, "--instances", str(args.instances), "--store", args.store,
                       "--reply-url", f"http://127.0.0.1:{receiver.port}/replies"]
            if args.haven:
                command += ["--haven", args.haven]
            if args.matrix:
                command.append("--matrix")
            log("starting the cluster: scripts/cluster " + " ".join(command))
            cluster(*command)
            started_here = True
            with open(state_path) as file:
                state = json.load(file)
        secret_values = secrets()
        key = signing_key(secret_values["HAVEN_WEBHOOK_SECRET"])
        receiver.key = key
        nginx_port = state["nginx"]["port"]
        sender = Sender(nginx_port, state["webhookPath"], key, timeout=args.timeout)
        run_id = uuid.uuid4().hex[:8]
        sent_at = {}
        started = time.perf_counter()
        gave_up = send_webhooks(args, sender, run_id, sent_at)
        accepted_seconds = time.perf_counter() - started
        webhook_ids = list(sent_at)
        wait_for(receiver, webhook_ids, args.timeout, 0)
        same_ids = same_delivery(args, sender, state, run_id, sent_at) if args.same_delivery else []
        wait_for(receiver, webhook_ids + same_ids, args.timeout, args.settle)
        replies, arrivals = receiver.snapshot()
        main_sent = {key: sent_at[key] for key in webhook_ids}
        summary = {"instances": len(state["instances"]), "store": state.get("store", "postgres"),
                   "kill": args.kill, "webhooks": summarize(main_sent, replies, arrivals, started)}
        summary["webhooks"].update({"attempts": sender.attempts, "retries": sender.retries,
                                    "statuses": sender.statuses, "gaveUp": gave_up,
                                    "badSignatures": receiver.bad_signatures,
                                    "acceptedPerSecond": round(len(webhook_ids) / accepted_seconds, 1)})
        failed = bool(summary["webhooks"]["missing"] or summary["webhooks"]["doubled"] or gave_up)
        if same_ids:
            pairs = {key: sent_at[key] for key in same_ids}
            result = summarize(pairs, replies, {}, started)
            summary["sameDelivery"] = {"pairs": len(same_ids), "missing": result["missing"],
                                       "doubled": result["doubled"]}
            failed |= bool(result["missing"] or result["doubled"])
        if args.matrix_messages:
            summary["matrix"] = matrix_load(args, state)
            failed |= bool(summary["matrix"]["missing"] or summary["matrix"]["doubled"])
        summary["loadAverage"] = [round(value, 2) for value in os.getloadavg()]
        summary["ok"] = not failed
        print(json.dumps(summary, indent=2), flush=True)
        return 1 if failed else 0
    finally:
        if started_here and not args.keep:
            cluster("stop", args.directory, check=False)
        receiver.server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
