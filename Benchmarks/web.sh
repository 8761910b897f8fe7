#!/usr/bin/env bash
# web.sh - the web app under wrk, each page beside the API call that serves the same spec, in one run.
#
# Usage: Benchmarks/web.sh      (SPECWRIGHT_BIN to skip the release build; SPECS=N; DURATION=10s)
#
# With N specs loaded (default 10,000, the benchmark corpus) and one spec of about 1,000 lines:
#   - the spec page of the 1,000-line spec, and GET /api/v1/specs/{slug} of it, paced to about
#     500 requests/s (16 connections, each waiting 32 ms between requests), and unpaced;
#   - the same spec's page with 20 review threads of 3 comments each, and the API's thread list;
#   - the dashboard's first page (signed in), and GET /api/v1/specs (the API's first page);
#   - the live check's round trip: POST /api/v1/check of the 1,000-line text with the session cookie
#     and CSRF header, as the editor sends it, and the same with a bearer token.
# Reports requests/s and p50 / p95 / p99 latency for each.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED_DIR="${SHARED_DIR:-../shared}"
SPECS="${SPECS:-10000}"
DURATION="${DURATION:-10s}"
PORT="${PORT:-18193}"
source Benchmarks/server-setup.sh
work="$(mktemp -d)"
cleanup() { [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
# The 1,000-line spec: the corpus generator with 24 rows per table and 15 tasks per list.
python3 "$SHARED_DIR/bench/make-corpus.py" --out "$work/big" --count 1 --rows-min 24 --rows-max 24 --tasks-min 15 --tasks-max 15 \
  "$SHARED_DIR"/seeds/*.txt >/dev/null
big="$work/big/spec_00000_t0.md"
start=$(date +%s)
(cd "$work" && exec env SPECWRIGHT_RATE_LIMIT_BURST=100000000 SPECWRIGHT_RATE_LIMIT_PER_SECOND=100000000 \
  "$SPECWRIGHT_BIN" serve --port "$PORT" --db "$work/bench.db" --workspace "$corpus" >"$work/out" 2>"$work/log") &
pid=$!
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.5; kill -0 "$pid" || { cat "$work/log" >&2; exit 1; }; done
echo "loaded $SPECS specs in $(( $(date +%s) - start )) s" >&2
base="http://127.0.0.1:$PORT"
token="$(grep -oE 'sw_[0-9a-f]{40}' "$work/out" | head -n 1)"
python3 - "$big" >"$work/create.json" <<'PY'
import json, sys
print(json.dumps({"markdown": open(sys.argv[1]).read(), "slug": "big-spec"}))
PY
curl -sf -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" --data-binary @"$work/create.json" "$base/api/v1/specs" >/dev/null
python3 - "$big" >"$work/check.json" <<'PY'
import json, sys
print(json.dumps({"markdown": open(sys.argv[1]).read()}))
PY
# A signed-in browser: a user with a password, the sign-in form's token, the session cookie, its CSRF token.
echo "bench-password-1" | "$SPECWRIGHT_BIN" admin user create bench --role admin --password-stdin --db "$work/bench.db" >/dev/null
form_token="$(curl -sf -c "$work/jar" "$base/signin" | sed -n 's/.*name="_csrf" value="\([0-9a-f]*\)".*/\1/p' | head -n 1)"
curl -sf -b "$work/jar" -c "$work/jar" -o /dev/null --data "_csrf=$form_token&name=bench&password=bench-password-1&next=/" "$base/signin"
cookie="sw_session=$(awk '$6 == "sw_session" { print $7 }' "$work/jar")"
csrf="$(curl -sf -H "Cookie: $cookie" "$base/" | sed -n 's/.*name="csrf-token" content="\([0-9a-f]*\)".*/\1/p' | head -n 1)"
[[ -n "$csrf" ]] || { echo "could not sign in" >&2; exit 1; }
lines="$(wc -l <"$big")"
# The same spec under review: 20 threads on passages of it (a third of them concerns), 3 comments each.
python3 - "$big" "$base" "$token" <<'PY'
import json, sys, urllib.request
text, base, token = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3]
def post(path, body):
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(request))
post("/api/v1/specs", {"markdown": text, "slug": "big-review"})
passages = [line.strip() for line in text.splitlines() if len(line.strip()) > 30 and not line.startswith(("#", "|", "-", "*")) and text.count(line.strip()) == 1]
for index, passage in enumerate(passages[:20]):
    thread = post("/api/v1/specs/big-review/threads", {"kind": ["comment", "question", "concern"][index % 3], "quote": passage, "body": f"Thread {index}: is this right?"})
    for reply in range(2):
        post(f"/api/v1/specs/big-review/threads/{thread['id']}/comments", {"body": f"Reply {reply} with **Markdown** and a [link](https://example.com)."})
PY

# p50, p95 and p99 in milliseconds, from wrk's own latency histogram.
cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("REPORT %.0f %.2f %.2f %.2f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
LUA
printf 'function delay() return 32 end\n' >"$work/paced.lua"
cat "$work/report.lua" "$work/paced.lua" >"$work/report-paced.lua"
for kind in session token; do
  if [[ $kind == session ]]; then header="[\"Cookie\"] = \"$cookie\", [\"X-CSRF-Token\"] = \"$csrf\""; else header="[\"Authorization\"] = \"Bearer $token\""; fi
  cat >"$work/check-$kind.lua" <<LUA
local f = io.open("$work/check.json", "rb")
local body = f:read("*a")
f:close()
request = function()
  return wrk.format("POST", "/api/v1/check", {$header, ["Content-Type"] = "application/json"}, body)
end
LUA
  cat "$work/report.lua" >>"$work/check-$kind.lua"
done

# One run: "requests/s p50 p95 p99 errors".
measure() {
  local connections="$1" script="$2"; shift 2
  wrk -t"$(( connections < 2 ? 1 : 2 ))" -c"$connections" -d"$DURATION" -s "$script" "$@" | awk '$1 == "REPORT" { print $2, $3, $4, $5, $6 }'
}
echo "| request ($SPECS specs; the big spec has $lines lines) | connections | requests/s | p50 ms | p95 ms | p99 ms | errors |"
echo "|---|---:|---:|---:|---:|---:|---:|"
row() { local name="$1" connections="$2"; shift 2; read -r rps p50 p95 p99 errors < <(measure "$connections" "$@"); echo "| $name | $connections | $rps | $p50 | $p95 | $p99 | $errors |"; }
curl -sf -H "Cookie: $cookie" "$base/specs/big-spec" >/dev/null
row "spec page /specs/big-spec, paced ~500/s" 16 "$work/report-paced.lua" -H "Cookie: $cookie" "$base/specs/big-spec"
row "API GET /api/v1/specs/big-spec (JSON), paced ~500/s" 16 "$work/report-paced.lua" -H "Authorization: Bearer $token" "$base/api/v1/specs/big-spec"
curl -sf -H "Cookie: $cookie" "$base/specs/big-review" >/dev/null
row "spec page /specs/big-review (20 threads, 60 comments), paced ~500/s" 16 "$work/report-paced.lua" -H "Cookie: $cookie" "$base/specs/big-review"
row "API GET /api/v1/specs/big-review/threads, paced ~500/s" 16 "$work/report-paced.lua" -H "Authorization: Bearer $token" "$base/api/v1/specs/big-review/threads"
row "spec page /specs/big-spec, unpaced" 32 "$work/report.lua" -H "Cookie: $cookie" "$base/specs/big-spec"
row "API GET /api/v1/specs/big-spec (JSON), unpaced" 32 "$work/report.lua" -H "Authorization: Bearer $token" "$base/api/v1/specs/big-spec"
row "dashboard / (first page of $SPECS), one connection" 1 "$work/report.lua" -H "Cookie: $cookie" "$base/"
row "API GET /api/v1/specs (first page), one connection" 1 "$work/report.lua" -H "Authorization: Bearer $token" "$base/api/v1/specs"
row "dashboard / (first page of $SPECS), unpaced" 32 "$work/report.lua" -H "Cookie: $cookie" "$base/"
row "live check: POST /api/v1/check ($lines lines, session + CSRF), one connection" 1 "$work/check-session.lua" "$base/api/v1/check"
row "POST /api/v1/check ($lines lines, bearer token), one connection" 1 "$work/check-token.lua" "$base/api/v1/check"
row "live check ($lines lines, session + CSRF), 4 connections" 4 "$work/check-session.lua" "$base/api/v1/check"
echo
echo "server RSS after the runs: $(( $(awk '/VmRSS/ { print $2 }' /proc/$pid/status) / 1024 )) MiB; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
