"""Two `specwright serve` instances on one PostgreSQL database, under faults (run by scripts/postgres-check).

Every check prints what it measured; any failure exits non-zero with the reason.
"""
import hashlib
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter

BIN = os.environ["SPECWRIGHT_BIN"]
PORT = os.environ["PG_PORT"]
WORK = os.environ["PG_WORK"]
PG_BIN = os.environ["PG_BIN"]
AS_POSTGRES = os.environ.get("PG_AS_POSTGRES") == "1"
DB = f"postgresql://specwright@127.0.0.1:{PORT}/sw?sslmode=disable"
failures = []


def check(condition, message):
    print(("  ok    " if condition else "  FAIL  ") + message, flush=True)
    if not condition:
        failures.append(message)


def pg_ctl(*arguments):
    command = [f"{PG_BIN}/pg_ctl", "-D", f"{WORK}/pg", "-l", f"{WORK}/pg/server.log", "-w",
               "-o", f"-p {PORT} -k {WORK}/pg -c listen_addresses=127.0.0.1", *arguments]
    if AS_POSTGRES:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def psql(sql):
    return subprocess.run([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", PORT, "-U", "specwright", "-At", "-c", sql, "sw"],
                          check=True, capture_output=True, text=True).stdout.strip()


def serve(port, name):
    log = open(f"{WORK}/{name}.log", "w")
    out = open(f"{WORK}/{name}.out", "w")
    process = subprocess.Popen([BIN, "serve", "--port", str(port), "--db", DB, "--workspace", f"{os.getcwd()}/examples/specs"],
                               stdout=out, stderr=log, cwd=WORK, env={**os.environ, "SPECWRIGHT_RATE_LIMIT_BURST": "1000000",
                                                                       "SPECWRIGHT_RATE_LIMIT_PER_SECOND": "1000000"})
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if request("GET", f"http://127.0.0.1:{port}/readyz")[0] == 200:
                return process
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"instance {name} did not come up: {open(f'{WORK}/{name}.log').read()[-2000:]}")


def request(method, url, body=None, headers=None, timeout=10):
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


print("== two instances start at once on one database")
a_process = threading.Thread()
processes = {}
starters = [threading.Thread(target=lambda n, p: processes.__setitem__(n, serve(p, n)), args=(name, port))
            for name, port in (("a", 18401), ("b", 18402))]
for starter in starters:
    starter.start()
for starter in starters:
    starter.join()
check(set(processes) == {"a", "b"}, "both instances are ready")
outputs = open(f"{WORK}/a.out").read() + open(f"{WORK}/b.out").read()
tokens = re.findall(r"sw_[0-9a-f]{40}", outputs)
check(len(tokens) == 1, "one of them created the admin user and printed its token")
token = tokens[0]
AUTH = {"Authorization": f"Bearer {token}"}
A, B = "http://127.0.0.1:18401/api/v1", "http://127.0.0.1:18402/api/v1"
check(psql("SELECT count(*) FROM specwright_migrations") == "6", "the six migrations were applied once")


def markdown(base, slug):
    status, headers, body = request("GET", f"{base}/specs/{slug}", headers={**AUTH, "Accept": "text/markdown"})
    return status, headers.get("ETag"), body.decode()


print("== a write on one instance is visible on the other")
status, _, _ = request("POST", f"{A}/specs", json.dumps({"markdown": "# Visible\n\nRevision 0.\n", "slug": "visible"}),
                       {**AUTH, "Content-Type": "application/json"})
check(status == 201, "created a spec on A")
latencies = []
for round_number in range(1, 101):
    _, etag, _ = markdown(B, "visible")  # B holds the current revision in memory
    text = f"# Visible\n\nRevision {round_number}.\n"
    status, _, _ = request("PUT", f"{A}/specs/visible", text, {**AUTH, "If-Match": etag, "Content-Type": "text/markdown"})
    written = time.perf_counter()
    while True:
        _, _, seen = markdown(B, "visible")
        if seen == text:
            latencies.append((time.perf_counter() - written) * 1000)
            break
        if time.perf_counter() - written > 2:
            latencies.append(2000)
            break
latencies.sort()
p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
print(f"  visibility on B after a PUT on A, 100 rounds: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {latencies[-1]:.1f} ms")
check(p99 < 100, f"cross-instance visibility p99 {p99:.1f} ms is under 100 ms")

print("== no lost updates: writers on both instances with the same If-Match")
request("POST", f"{A}/specs", json.dumps({"markdown": "# Contested\n", "slug": "contested"}), {**AUTH, "Content-Type": "application/json"})
lost = 0
for round_number in range(1, 21):
    _, etag, _ = markdown(A, "contested")
    results = {}

    def writer(index):
        base = A if index % 2 == 0 else B
        text = f"# Contested\n\nRound {round_number}, writer {index}.\n"
        status, _, _ = request("PUT", f"{base}/specs/contested", text, {**AUTH, "If-Match": etag, "Content-Type": "text/markdown"})
        results[index] = (status, text)

    threads = [threading.Thread(target=writer, args=(index,)) for index in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [text for status, text in results.values() if status == 200]
    refused = [status for status, _ in results.values() if status != 200]
    stored = psql("SELECT r.markdown FROM revision r JOIN spec s ON s.id = r.spec_id AND r.number = s.current_revision WHERE s.slug = 'contested'")
    if len(winners) != 1 or set(refused) != {412} or stored + "\n" != winners[0]:
        lost += 1
        print(f"  round {round_number}: {len(winners)} winners, refusals {sorted(set(refused))}")
check(lost == 0, "20 rounds of 8 writers (4 on each instance): exactly one 200 per round, the others 412, the stored text the winner's")

print("== a change whose audit entry and event the database cannot take at once")
status, _, body = request("POST", f"{A}/webhooks", json.dumps({"url": "http://127.0.0.1:9/hook", "events": ["spec.created"], "secret": "s3cret-s3cret-s3cret"}),
                          {**AUTH, "Content-Type": "application/json"})
hook = json.loads(body)["id"] if status == 201 else None
check(status == 201, f"a webhook for spec.created ({status})")
# Both tables locked for 6 s, and the connections waiting on the lock killed after 1 s: the spec
# has committed, and its audit entry and event fail as if the database had gone away. The server
# keeps them and writes them once it can (once each, though some retries time out and land late).
audited_before = int(psql("SELECT count(*) FROM audit WHERE action = 'POST /api/v1/specs'"))
locker = subprocess.Popen([f"{PG_BIN}/psql", "-h", "127.0.0.1", "-p", PORT, "-U", "specwright", "-q", "-c",
                           "BEGIN; LOCK TABLE audit, delivery IN ACCESS EXCLUSIVE MODE; SELECT pg_sleep(6); COMMIT;", "sw"],
                          stdout=subprocess.DEVNULL)
time.sleep(0.5)
outcome = {}


def create_followed():
    started = time.time()
    outcome["status"] = request("POST", f"{A}/specs", json.dumps({"markdown": "# Followed\n", "slug": "followed"}),
                                {**AUTH, "Content-Type": "application/json"}, timeout=15)[0]
    outcome["took"] = time.time() - started


creator = threading.Thread(target=create_followed)
creator.start()
time.sleep(1)
killed = psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = 'sw' AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
creator.join()
time.sleep(0.3)
waiting = re.search(r"^specwright_follow_ups_waiting (\S+)$", request("GET", "http://127.0.0.1:18401/metrics")[2].decode(), re.M)
check(waiting is not None and float(waiting.group(1)) >= 1, f"/metrics shows the writes waiting for the database (specwright_follow_ups_waiting {waiting.group(1) if waiting else None})")
check(outcome.get("status") == 201 and outcome["took"] < 5,
      f"the spec was created ({outcome.get('status')}) in {outcome.get('took', 0):.1f} s; the writes that follow it were cut off ({killed} connections killed)")
locker.wait()
entries = deliveries = 0
for _ in range(100):
    entries = int(psql("SELECT count(*) FROM audit WHERE action = 'POST /api/v1/specs'")) - audited_before
    deliveries = int(psql(f"SELECT count(*) FROM delivery WHERE webhook_id = {hook or 0} AND convert_from(payload, 'UTF8') LIKE '%\"followed\"%'"))
    if entries >= 1 and deliveries >= 1:
        time.sleep(3.5)  # any retry still waiting out its deadline lands meanwhile
        entries = int(psql("SELECT count(*) FROM audit WHERE action = 'POST /api/v1/specs'")) - audited_before
        deliveries = int(psql(f"SELECT count(*) FROM delivery WHERE webhook_id = {hook or 0} AND convert_from(payload, 'UTF8') LIKE '%\"followed\"%'"))
        break
    time.sleep(0.1)
check(entries == 1 and deliveries == 1, f"once the database took them: {entries} audit entry and {deliveries} delivery for the new spec (exactly one each)")
if hook:
    request("DELETE", f"{A}/webhooks/{hook}", headers=AUTH)

print("== PostgreSQL restarted under load")
audit_sql = "SELECT count(*) FROM audit WHERE action = 'POST /api/v1/specs'"
audited_before = int(psql(audit_sql))
statuses = []
posted = []
retry_after_missing = []
stop = threading.Event()


def load():
    counter = 0
    while not stop.is_set():
        counter += 1
        for method, url, body in (("GET", f"{A}/specs/visible", None), ("GET", f"{A}/specs?limit=5", None),
                                  ("POST", f"{A}/specs", json.dumps({"markdown": f"# Load {counter}\n", "slug": f"load-{counter}"}))):
            try:
                status, headers, _ = request(method, url, body, {**AUTH, "Content-Type": "application/json"}, timeout=15)
            except OSError as error:
                status, headers = f"socket: {error}", {}
            statuses.append(status)
            if method == "POST":
                posted.append(status)
            if status == 503 and "Retry-After" not in headers:
                retry_after_missing.append(url)


def read_load():
    # Lists of changing lengths, so each needs the database (a POST's own follow-up writes may
    # each wait out the deadline and still end in a 201; a read has one query and gets its 503).
    counter = 0
    while not stop.is_set():
        counter += 1
        try:
            status, headers, _ = request("GET", f"{A}/specs?limit={1 + counter % 20}", headers=AUTH, timeout=15)
        except OSError as error:
            status, headers = f"socket: {error}", {}
        statuses.append(status)
        if status == 503 and "Retry-After" not in headers:
            retry_after_missing.append("list")


loaders = [threading.Thread(target=target, daemon=True) for target in (load, read_load)]
for loader in loaders:
    loader.start()
recovered = None
try:
    time.sleep(1)
    pg_ctl("-m", "fast", "stop")
    time.sleep(0.5)
    ready_during = request("GET", "http://127.0.0.1:18401/readyz")[0]
    # Down for longer than a request waits for the database (3 s): a request that needs it
    # meanwhile must get its 503 (a shorter outage may rightly end in a slow 200).
    time.sleep(4)
    pg_ctl("start")
    back = time.time()
    while time.time() - back < 30:
        if request("GET", "http://127.0.0.1:18401/readyz")[0] == 200 and request("GET", f"{A}/specs?limit=1", headers=AUTH)[0] == 200:
            recovered = time.time() - back
            break
        time.sleep(0.1)
    time.sleep(1)
finally:
    stop.set()
    for loader in loaders:
        loader.join(timeout=30)
kinds = dict(Counter(map(str, statuses)))
print(f"  {len(statuses)} requests during the restart: {kinds}")
check(ready_during == 503, f"/readyz said not ready while the database was down ({ready_during})")
check(all(str(status) in ("200", "201", "503") for status in statuses), "every request got 200/201 or 503 (no 500, no dropped connection)")
check("503" in map(str, statuses), "some requests got 503 while the database was down")
check(not retry_after_missing, "every 503 carried Retry-After")
check(recovered is not None, f"service resumed on its own, {recovered:.1f} s after the database came back" if recovered else "service did not resume")
half = psql("SELECT count(*) FROM spec s WHERE NOT EXISTS (SELECT 1 FROM revision r WHERE r.spec_id = s.id AND r.number = s.current_revision)")
check(half == "0", "no spec without its current revision (nothing half-written)")
# Every POST answered meanwhile has its audit entry, those answered while the database was down
# (503) and those that created a spec just before it went down (201) included: the entries the
# database could not take then are written once it is back, not dropped.
audited = 0
for _ in range(100):
    audited = int(psql(audit_sql)) - audited_before
    if audited >= len(posted):
        break
    time.sleep(0.1)
outcomes = dict(Counter(psql(f"SELECT outcome FROM audit WHERE action = 'POST /api/v1/specs' ORDER BY id OFFSET {audited_before}").split()))
check(audited == len(posted), f"every POST answered during the restart has its audit entry ({audited} entries {outcomes} for {len(posted)} POSTs {dict(Counter(map(str, posted)))})")

print("== an instance killed with kill -9 in the middle of writes")
request("POST", f"{A}/specs", json.dumps({"markdown": "# Killed\n", "slug": "killed"}), {**AUTH, "Content-Type": "application/json"})
stop_writes = threading.Event()


def writes():
    counter = 0
    while not stop_writes.is_set():
        counter += 1
        try:
            request("PUT", f"{A}/specs/killed", f"# Killed\n\nWrite {counter}.\n" + "x" * 20000, {**AUTH, "If-Match": "*", "Content-Type": "text/markdown"}, timeout=5)
        except OSError:
            pass


writers = [threading.Thread(target=writes, daemon=True) for _ in range(4)]
for thread in writers:
    thread.start()
time.sleep(1.5)
processes["a"].send_signal(signal.SIGKILL)
processes["a"].wait()
stop_writes.set()
for thread in writers:
    thread.join()
rows = psql("SELECT r.number, r.content_hash, encode(sha256(convert_to(r.markdown, 'UTF8')), 'hex') FROM revision r JOIN spec s ON s.id = r.spec_id WHERE s.slug = 'killed' ORDER BY r.number")
revisions = [line.split("|") for line in rows.splitlines()]
current = psql("SELECT current_revision, content_hash FROM spec WHERE slug = 'killed'").split("|")
print(f"  {len(revisions)} revisions saved before the kill")
check(all(stored == computed for _, stored, computed in revisions), "every saved revision's hash matches its text (no partial revision)")
check([int(number) for number, _, _ in revisions] == list(range(1, len(revisions) + 1)), "revision numbers have no gap")
check(int(current[0]) == len(revisions) and current[1] == revisions[-1][1], "the spec points at its last complete revision")
status, _, body = request("GET", f"{B}/specs/killed", headers={**AUTH, "Accept": "text/markdown"})
check(status == 200 and hashlib.sha256(body).hexdigest() == revisions[-1][1], "the other instance serves that revision")

print("== backup and restore drill: pg_dump, pg_restore, a server on the copy")
dump = f"{WORK}/sw.dump"
subprocess.run([f"{PG_BIN}/pg_dump", "-h", "127.0.0.1", "-p", PORT, "-U", "specwright", "--format=custom", "--file", dump, "sw"], check=True)
subprocess.run([f"{PG_BIN}/createdb", "-h", "127.0.0.1", "-p", PORT, "-U", "specwright", "sw_restored"], check=True)
subprocess.run([f"{PG_BIN}/pg_restore", "-h", "127.0.0.1", "-p", PORT, "-U", "specwright", "--dbname", "sw_restored", dump], check=True)
DB = f"postgresql://specwright@127.0.0.1:{PORT}/sw_restored?sslmode=disable"
restored = serve(18403, "restored")
status, _, body = request("GET", "http://127.0.0.1:18403/api/v1/specs/killed", headers={**AUTH, "Accept": "text/markdown"})
check(status == 200 and hashlib.sha256(body).hexdigest() == revisions[-1][1], "the restored database serves the same text, and the old token works on it")
restored.terminate()
for process in processes.values():
    if process.poll() is None:
        process.terminate()

print("== moving up: admin migrate from a SQLite database to PostgreSQL")


def serve_sqlite(port, name, workspace):
    """A server on a new SQLite database (WORK/name.db), ready; with the admin token it printed."""
    process = subprocess.Popen([BIN, "serve", "--port", str(port), "--db", f"{WORK}/{name}.db", "--workspace", workspace],
                               stdout=open(f"{WORK}/{name}.out", "w"), stderr=subprocess.DEVNULL, cwd=WORK)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if request("GET", f"http://127.0.0.1:{port}/readyz")[0] == 200:
                break
        except OSError:
            time.sleep(0.1)
    return process, re.findall(r"sw_[0-9a-f]{40}", open(f"{WORK}/{name}.out").read())[0]


sqlite_db = f"{WORK}/small.db"
small, small_token = serve_sqlite(18404, "small", f"{os.getcwd()}/examples/specs")
small.terminate()
small.wait()
subprocess.run([f"{PG_BIN}/createdb", "-h", "127.0.0.1", "-p", PORT, "-U", "specwright", "sw_migrated"], check=True)
target = f"postgresql://specwright@127.0.0.1:{PORT}/sw_migrated?sslmode=disable"
migrated = subprocess.run([BIN, "admin", "migrate", "--from", sqlite_db, "--to", target], capture_output=True, text=True, cwd=WORK)
print("\n".join("  " + line for line in migrated.stdout.splitlines()))
check(migrated.returncode == 0 and "2 of 2 specs match" in migrated.stdout, "admin migrate copied and verified everything")
again = subprocess.run([BIN, "admin", "migrate", "--from", sqlite_db, "--to", target], capture_output=True, text=True, cwd=WORK)
check(again.returncode == 2 and "not empty" in again.stderr, "a second migrate into the non-empty target is refused")
DB = target
on_copy = serve(18405, "migrated")
status, _, _ = request("GET", "http://127.0.0.1:18405/api/v1/specs/payment-retries", headers={"Authorization": f"Bearer {small_token}"})
check(status == 200, "a server on the migrated database takes the SQLite database's token and serves its specs")
on_copy.terminate()
on_copy.wait()

print("== merging a second SQLite database into the migrated one (admin migrate --merge)")
os.makedirs(f"{WORK}/empty", exist_ok=True)
other_db = f"{WORK}/other.db"
other, other_token = serve_sqlite(18406, "other", f"{WORK}/empty")
created = request("POST", "http://127.0.0.1:18406/api/v1/specs", json.dumps({"slug": "from-the-other-team", "markdown": "# From the other team\n\nIts own spec.\n"}),
                  {"Authorization": f"Bearer {other_token}", "Content-Type": "application/json"})[0]
other.terminate()
other.wait()
check(created == 201, "the second database has a spec of its own")
merged = subprocess.run([BIN, "admin", "migrate", "--from", other_db, "--to", target, "--merge"], capture_output=True, text=True, cwd=WORK)
print("\n".join("  " + line for line in merged.stdout.splitlines()))
check(merged.returncode == 0 and "specs: 2 + 1 → 3" in merged.stdout and "1 of 1 specs match" in merged.stdout, "admin migrate --merge added the spec and verified the counts")
clash = subprocess.run([BIN, "admin", "migrate", "--from", sqlite_db, "--to", target, "--merge"], capture_output=True, text=True, cwd=WORK)
check(clash.returncode != 0 and "payment-retries" in clash.stderr, "merging a database whose slugs the target already has is refused, naming them")
on_merged = serve(18407, "merged")
status, _, body = request("GET", "http://127.0.0.1:18407/api/v1/specs/from-the-other-team", headers={"Authorization": f"Bearer {other_token}", "Accept": "text/markdown"})
check(status == 200 and b"Its own spec." in body, "the merged spec is served, and the second database's admin token works (as the target's admin)")
status, _, _ = request("GET", "http://127.0.0.1:18407/api/v1/specs/payment-retries", headers={"Authorization": f"Bearer {small_token}"})
check(status == 200, "the first database's specs and token are untouched")
on_merged.terminate()

if failures:
    print(f"postgres-check: {len(failures)} failed: " + "; ".join(failures))
    sys.exit(1)
print("postgres-check: every check passed")
