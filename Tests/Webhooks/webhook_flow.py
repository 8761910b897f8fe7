"""Webhooks end to end against a live `specwright serve`: signed deliveries in order, retries, a
restart that loses nothing, and a slow receiver that never slows a request.

Usage: webhook_flow.py BIN [WORK PORT] (scripts/webhook-check passes all three; default: a new
scratch folder and port 18393).
Standard library only, so it runs wherever python3 does: the receivers are http.server threads on
127.0.0.1, and this script starts, restarts and stops the server itself (the restart is a check).
"""
import hashlib, hmac, http.server, json, os, re, signal, subprocess, sys, tempfile, threading, time
import urllib.error, urllib.request

if len(sys.argv) not in (2, 4):
    sys.exit(__doc__)
BIN, WORK, PORT = sys.argv[1:] if len(sys.argv) == 4 else (sys.argv[1], tempfile.mkdtemp(), "18393")
sys.stdout.reconfigure(line_buffering=True)  # each "ok" line shows as it happens, before any FAIL on stderr
DB, BASE, SLUG = os.path.join(WORK, "db"), f"http://127.0.0.1:{PORT}", "payment-retries"
SECRET = "whsec_" + os.urandom(16).hex()
ALL_EVENTS = ["spec.created", "revision.created", "status.changed", "signoff.recorded", "signoff.stale",
              "thread.created", "comment.created", "concern.opened", "concern.resolved", "review.requested"]
server = None  # the running `specwright serve` (a Popen), stopped by the finally at the bottom

def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    log = os.path.join(WORK, "server.log")
    if os.path.exists(log):  # the server's own account of the failure (JSON lines, last few)
        print("--- server log (tail) ---\n" + "".join(open(log, errors="replace").readlines()[-15:]), file=sys.stderr)
    sys.exit(1)

def check(condition, message):
    if not condition:
        fail(message)

def wait_for(predicate, seconds, what):
    """Polls until `predicate` holds: a deadline instead of fixed sleeps keeps the run short and steady."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            fail(f"waited {seconds} s for {what}")
        time.sleep(0.05)

class Receiver:
    """Records every POST (headers, raw body, arrival time, the answer given) and checks its signature
    with the registered secret. Modes: ok (200), fail (500), flaky (500 to the first two attempts of the
    first delivery it sees, then 200), slow (5 s, then 200)."""

    def __init__(self):
        self.lock, self.requests, self.mode, self.flaky_target = threading.Lock(), [], "ok", None
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                entry = {"time": time.monotonic(), "event": self.headers.get("Specwright-Event"), "raw": raw,
                         "delivery": self.headers.get("Specwright-Delivery"), "type": self.headers.get("Content-Type"),
                         "valid": receiver.verify(self.headers.get("Specwright-Signature", ""), raw)}
                with receiver.lock:
                    entry["status"] = receiver.answer(entry["delivery"])
                    receiver.requests.append(entry)  # recorded on arrival, so a slow answer is seen "in flight"
                    slow = receiver.mode == "slow"
                if slow:
                    time.sleep(5)
                self.send_response(entry["status"])
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *_):  # quiet: the check prints its own lines
                pass

        self.http = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # port 0: a free one
        self.http.daemon_threads = True  # a sleeping slow answer must not hold up exit
        threading.Thread(target=self.http.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.http.server_port}/hook"

    def answer(self, delivery):
        if self.mode == "fail":
            return 500
        if self.mode == "flaky":
            self.flaky_target = self.flaky_target or delivery
            tries = sum(1 for r in self.requests if r["delivery"] == delivery) + 1
            return 500 if delivery == self.flaky_target and tries <= 2 else 200
        return 200

    def set_mode(self, mode):
        with self.lock:
            self.mode, self.flaky_target = mode, None

    def since(self, start):
        with self.lock:
            return list(self.requests[start:])

    @staticmethod
    def verify(header, raw):
        """`t=<unix seconds>,v1=<hex>`, hex = HMAC-SHA256(secret, "<t>." + body): compared in constant
        time (no timing leak) and only within 300 s of now (an old signed body is a replay)."""
        parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
        if not parts.get("t", "").isdigit() or abs(time.time() - int(parts["t"])) > 300:
            return False
        expected = hmac.new(SECRET.encode(), parts["t"].encode() + b"." + raw, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, parts.get("v1", ""))

def api(method, path, body=None, headers=None, expect=200):
    headers = {"Authorization": f"Bearer {TOKEN}", **(headers or {})}
    if isinstance(body, dict):
        body, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    request = urllib.request.Request(BASE + path, data=body, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, answer_headers, raw = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, raw = error.code, error.headers, error.read()
    check(status == expect, f"{method} {path}: expected {expect}, got {status}: {raw[:300]!r}")
    return answer_headers, raw

def call(method, path, body=None, expect=200):
    return json.loads(api(method, path, body, expect=expect)[1] or b"null")

def put_revision(line):
    """A new revision through GET (for the ETag) and PUT If-Match; returns how long the PUT took."""
    headers, text = api("GET", f"/api/v1/specs/{SLUG}", headers={"Accept": "text/markdown"})
    began = time.monotonic()
    api("PUT", f"/api/v1/specs/{SLUG}", text + f"\n{line}\n".encode(), {"If-Match": headers["ETag"], "Content-Type": "text/markdown"})
    return time.monotonic() - began

def deliveries():
    return call("GET", f"/api/v1/webhooks/{HOOK}/deliveries")["deliveries"][::-1]  # the API lists newest first

def all_delivered(count):
    log = deliveries()
    return len(log) == count and all(d["state"] == "delivered" for d in log)

def start_server():
    global server
    env = dict(os.environ, SPECWRIGHT_WEBHOOK_RETRY_SECONDS="1")  # retries after 1, 2, 4 … s instead of 10, 20 …
    with open(os.path.join(WORK, "server.out"), "ab") as out, open(os.path.join(WORK, "server.log"), "ab") as log:
        server = subprocess.Popen([BIN, "serve", "--port", PORT, "--db", DB, "--workspace", os.path.join(WORK, "none")],
                                  cwd=WORK, env=env, stdout=out, stderr=log)
    with open(os.path.join(WORK, "server.pid"), "w") as pid:  # for the shell trap, if this script dies hard
        pid.write(str(server.pid))

    def healthy():
        check(server.poll() is None, f"the server exited with {server.returncode}")
        try:
            return urllib.request.urlopen(BASE + "/healthz", timeout=1).status == 200
        except OSError:
            return False
    wait_for(healthy, 30, "GET /healthz to answer 200")

def stop_server():
    server.send_signal(signal.SIGTERM)  # a graceful stop, as an operator's restart would be
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        fail("the server did not stop within 20 s of SIGTERM")
    os.remove(os.path.join(WORK, "server.pid"))

try:
    os.makedirs(os.path.join(WORK, "none"), exist_ok=True)
    start_server()
    match = re.search(r"API token for admin.*\n\s+(sw_\S+)", open(os.path.join(WORK, "server.out")).read())
    check(match, "the first start printed no API token for admin")
    TOKEN = match.group(1)
    # A second user to ask for a review: made offline, as an operator would, since the first start only
    # prints admin's token while the database has no user yet.
    stop_server()
    made = subprocess.run([BIN, "admin", "user", "create", "rita", "--role", "reviewer", "--password-stdin", "--db", DB],
                          cwd=WORK, input=b"password-of-rita\n", capture_output=True)
    check(made.returncode == 0, f"admin user create rita: {made.stderr.decode()}")
    start_server()

    # 1. Signatures: the verifier must refuse a tampered body, or its "all valid" below means nothing.
    now = str(int(time.time())).encode()
    good = "t=%s,v1=%s" % (now.decode(), hmac.new(SECRET.encode(), now + b".{}", hashlib.sha256).hexdigest())
    check(Receiver.verify(good, b"{}") and not Receiver.verify(good, b"{ }"), "the signature verifier is broken")
    receiver = Receiver()
    hook = call("POST", "/api/v1/webhooks", {"url": receiver.url, "events": ALL_EVENTS, "secret": SECRET}, expect=201)
    check(hook["secret"] == SECRET and sorted(hook["events"]) == sorted(ALL_EVENTS), f"webhook registered as {hook}")
    HOOK = hook["id"]
    print(f"ok  receiver on {receiver.url}, webhook {HOOK} for all {len(ALL_EVENTS)} events")

    # 2. A review, start to end: every event arrives once, in the order things happened.
    spec = call("POST", "/api/v1/specs", {"title": "Payment Retries", "template": "feature-spec"}, expect=201)
    check(spec["spec"].get("slug") == SLUG, f"the spec was created as {spec['spec'].get('slug')!r}")
    put_revision("Retries back off exponentially.")
    thread = call("POST", f"/api/v1/specs/{SLUG}/threads",
                  {"kind": "concern", "body": "What caps the retries?", "section": ["Overview", "Purpose"]}, expect=201)
    call("POST", f"/api/v1/specs/{SLUG}/threads/{thread['id']}/comments", {"body": "Nine attempts, then give up."}, expect=201)
    call("POST", f"/api/v1/specs/{SLUG}/threads/{thread['id']}/resolve")
    call("POST", f"/api/v1/specs/{SLUG}/review-requests", {"users": ["rita"]}, expect=201)
    expected = ["spec.created", "revision.created", "revision.created", "thread.created", "concern.opened",
                "comment.created", "concern.resolved", "review.requested"]
    wait_for(lambda: all_delivered(len(expected)), 20, f"{len(expected)} deliveries to be delivered")
    got = receiver.since(0)
    check([e["event"] for e in got] == expected, f"events arrived as {[e['event'] for e in got]}, expected {expected}")
    log = deliveries()
    check([d["event"] for d in log] == expected and [str(d["id"]) for d in log] == [e["delivery"] for e in got],
          f"the delivery log {[(d['id'], d['event']) for d in log]} does not match what arrived")
    bodies = [json.loads(e["raw"]) for e in got]
    for entry, body in zip(got, bodies):
        check(entry["valid"], f"bad signature on {entry['event']} (delivery {entry['delivery']})")
        check(entry["type"] == "application/json" and body["event"] == entry["event"] and body["id"].startswith("evt_")
              and body["actor"] == "admin" and body["spec"]["slug"] == SLUG and body["spec"]["title"] == spec["spec"]["title"],
              f"{entry['event']}: headers, actor or spec not as expected: {body}")
    check(len({b["id"] for b in bodies}) == len(bodies), "two deliveries share an event id")
    check([b["spec"]["revision"] for b in bodies[:3]] == [1, 1, 2], f"revisions {[b['spec']['revision'] for b in bodies[:3]]}, expected 1, 1, 2")
    for body in bodies[3], bodies[4], bodies[6]:  # thread.created, concern.opened, concern.resolved carry the thread
        check(body.get("thread", {}).get("kind") == "concern" and body["thread"]["id"] == thread["id"], f"{body['event']}: thread {body.get('thread')}")
    check([b["thread"]["state"] for b in bodies[3:5]] == ["open", "open"] and bodies[6]["thread"]["state"] == "resolved"
          and bodies[6]["thread"].get("resolved_by") == "admin", f"thread states {[b['thread']['state'] for b in (bodies[3], bodies[4], bodies[6])]}")
    comment = bodies[5].get("comment", {})
    check(comment.get("body") == "Nine attempts, then give up." and comment.get("thread") == thread["id"], f"comment.created: comment {comment}")
    check(bodies[7].get("reviewers") == ["rita"], f"review.requested: reviewers {bodies[7].get('reviewers')}")
    print(f"ok  review flow: {len(expected)} events in order, all signed, all 'delivered' in the log")
    print("ok  signatures: HMAC-SHA256 of t.body verified in constant time, t within 300 s; a tampered body is refused")

    # 3. A receiver that answers 500 twice: the third attempt (same delivery) gets through, after 1 s
    # then 2 s, and the event queued behind it waits for it, then follows.
    start = len(receiver.since(0))
    receiver.set_mode("flaky")
    call("POST", f"/api/v1/specs/{SLUG}/threads/{thread['id']}/comments", {"body": "Delivered on the third try."}, expect=201)
    put_revision("Queued behind a retried delivery.")
    wait_for(lambda: all_delivered(len(expected) + 2), 20, "the retried delivery and the one behind it")
    got = receiver.since(start)
    seen = [(e["event"], e["status"]) for e in got]
    check(seen == [("comment.created", 500), ("comment.created", 500), ("comment.created", 200), ("revision.created", 200)],
          f"the flaky receiver saw {seen}")
    check(len({e["delivery"] for e in got[:3]}) == 1 and len({json.loads(e["raw"])["id"] for e in got[:3]}) == 1,
          "a retry came with another delivery or event id")
    gaps = [got[i + 1]["time"] - got[i]["time"] for i in range(2)]
    check(gaps[0] >= 0.9 and gaps[1] >= 1.8, f"retries came after {gaps[0]:.2f} s and {gaps[1]:.2f} s, expected 1 s then 2 s")
    check(all(e["valid"] for e in got), "bad signature on a retry")
    retried, behind = deliveries()[-2:]
    check((retried["attempts"], retried["last_status"], retried["state"]) == (3, 200, "delivered"), f"the retried delivery's log entry: {retried}")
    check((behind["attempts"], behind["state"]) == (1, "delivered"), f"the delivery behind it: {behind}")
    print(f"ok  retries: 500, 500, then 200 on the third attempt ({gaps[0]:.1f} s, {gaps[1]:.1f} s apart); the next event followed in order")

    # 4. The queue is in the database: deliveries pending at shutdown go out after the next start.
    start = len(receiver.since(0))
    receiver.set_mode("fail")
    call("POST", f"/api/v1/specs/{SLUG}/threads/{thread['id']}/comments", {"body": "Sent across a restart."}, expect=201)
    put_revision("Also sent across a restart.")
    wait_for(lambda: len(receiver.since(start)) > 0, 10, "a first (refused) attempt")
    pending = deliveries()[-2:]
    check([(d["event"], d["state"]) for d in pending] == [("comment.created", "pending"), ("revision.created", "pending")], f"before the restart: {pending}")
    check(pending[1]["attempts"] == 0, f"the second event was tried while the first was pending: {pending[1]}")
    stop_server()
    receiver.set_mode("ok")
    restarted = time.monotonic()
    start_server()
    wait_for(lambda: all_delivered(len(expected) + 4), 20, "the deliveries pending at shutdown, after the restart")
    got = [e for e in receiver.since(start) if e["status"] == 200]
    check([e["event"] for e in got] == ["comment.created", "revision.created"] and [e["delivery"] for e in got] == [str(d["id"]) for d in pending],
          f"after the restart the receiver got {[(e['event'], e['delivery']) for e in got]}")
    check(all(e["valid"] for e in got), "bad signature after the restart")
    print(f"ok  restart: 2 pending deliveries survived SIGTERM and arrived in order {time.monotonic() - restarted:.1f} s after the new start")

    # 5. A receiver that takes 5 s per answer: a PUT made while a delivery is in flight still answers at once.
    start = len(receiver.since(0))
    receiver.set_mode("slow")
    put_revision("Delivered to a slow receiver.")
    wait_for(lambda: len(receiver.since(start)) > 0, 10, "the slow delivery to start")
    took = put_revision("Saved while a delivery is in flight.")
    check(took < 1.0, f"a PUT took {took:.2f} s while a slow delivery was in flight")
    check(deliveries()[-2]["state"] == "pending", "the slow delivery was not in flight during the PUT")
    print(f"ok  slow receiver: a PUT answered in {took * 1000:.0f} ms while a 5 s delivery was in flight")
    check(all(e["valid"] for e in receiver.since(0)), "a bad signature somewhere")
    print(f"webhooks: all checks passed ({len(receiver.since(0))} requests received, every signature valid)")
finally:
    if server is not None and server.poll() is None:
        stopping = time.monotonic()
        stop_server()
        print(f"    (server stopped {time.monotonic() - stopping:.1f} s after SIGTERM)")
