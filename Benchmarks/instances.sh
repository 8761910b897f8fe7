#!/usr/bin/env bash
# instances.sh - one and two `specwright serve` instances on one PostgreSQL database, under load.
#
# Usage: DB=postgresql://user@host:port/empty_db Benchmarks/instances.sh
#        (SPECWRIGHT_BIN to skip the release build; SPECS=N, default 10,000; DURATION=5s;
#         CONNECTIONS=32, split between the instances when there are two)
#
# Loads N specs through instance A, starts instance B on the same database (its start-up import
# finds them there), then measures with wrk, in one run: GET of one spec (hot), GET of a random spec
# of all N, the list, and PUT of new revisions to random specs; first all load on A alone, then
# the same total number of connections split over A and B at once (requests/s summed, p99 the
# worse of the two). Last, the cross-instance visibility: 200 rounds of a PUT on A followed by
# GETs on B until B serves the new text (p50, p99, max).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DB:?DB=postgresql://… names an empty PostgreSQL database}"
SHARED_DIR="${SHARED_DIR:-../shared}"
SPECS="${SPECS:-10000}"
DURATION="${DURATION:-5s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT_A="${PORT_A:-18191}"
PORT_B="${PORT_B:-18192}"
source Benchmarks/server-setup.sh
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
start_instance() {
  local port="$1" name="$2"
  (cd "$work" && exec env SPECWRIGHT_RATE_LIMIT_BURST=100000000 SPECWRIGHT_RATE_LIMIT_PER_SECOND=100000000 \
    "$SPECWRIGHT_BIN" serve --port "$port" --db "$DB" --workspace "$corpus" >"$work/$name.out" 2>"$work/$name.log") &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.5; kill -0 "${pids[-1]}" || { cat "$work/$name.log" >&2; exit 1; }; done
}
begin=$(date +%s)
start_instance "$PORT_A" a
echo "instance A loaded $SPECS specs in $(( $(date +%s) - begin )) s" >&2
begin=$(date +%s)
start_instance "$PORT_B" b
echo "instance B came up on the same database in $(( $(date +%s) - begin )) s" >&2
token="$(grep -ohE 'sw_[0-9a-f]{40}' "$work/a.out" "$work/b.out" | head -n 1)"
write_random_scripts "$work" "$token"
auth=(-H "Authorization: Bearer $token")
# One wrk run against one port: "requests/s p99" on a line of its own file.
run() {
  local connections="$1" port="$2" out="$3"; shift 3
  local path="$1"; shift
  wrk -t1 -c"$connections" -d"$DURATION" --latency "$@" "http://127.0.0.1:$port$path" |
    awk '/Requests\/sec/ { r = $2 } $1 == "99%" { p = $2 } /Non-2xx/ { e = $4 } END { print r, p, (e == "" ? 0 : e) }' >"$out"
}
# "requests/s | p99 | non-2xx" for the load on A alone, then split over A and B at once.
measure() {
  local path="$1"; shift
  run "$CONNECTIONS" "$PORT_A" "$work/one" "$path" "$@"
  run $(( CONNECTIONS / 2 )) "$PORT_A" "$work/two-a" "$path" "$@" &
  local first=$!
  run $(( CONNECTIONS / 2 )) "$PORT_B" "$work/two-b" "$path" "$@"
  wait "$first"
  read -r one_rps one_p99 one_errors <"$work/one"
  read -r a_rps a_p99 a_errors <"$work/two-a"
  read -r b_rps b_p99 b_errors <"$work/two-b"
  local sum worse
  sum="$(awk -v a="$a_rps" -v b="$b_rps" 'BEGIN { printf "%.0f", a + b }')"
  worse="$(printf '%s\n%s\n' "$a_p99" "$b_p99" | awk '{ v = $1; if (v ~ /us$/) v /= 1000; else if (v ~ /ms$/) v += 0; else if (v ~ /s$/) v *= 1000; if (v > m) { m = v; s = $1 } } END { print s }')"
  printf '| %s | %.0f | %s | %s | %s (%s + %s) | %s | %s |\n' "$name" "$one_rps" "$one_p99" "$one_errors" "$sum" "$(printf '%.0f' "$a_rps")" "$(printf '%.0f' "$b_rps")" "$worse" "$(( a_errors + b_errors ))"
}
echo "| endpoint ($SPECS specs, PostgreSQL) | one instance req/s | p99 | non-2xx | two instances req/s (A + B) | worse p99 | non-2xx |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
name="GET /api/v1/specs/{slug} (JSON, hot)"; measure /api/v1/specs/spec-00042-t0 "${auth[@]}"
name="GET /api/v1/specs/{slug} (JSON, random of $SPECS)"; measure / "${auth[@]}" -s "$work/random.lua"
name="GET /api/v1/specs?limit=20"; measure "/api/v1/specs?limit=20" "${auth[@]}"
name="PUT /api/v1/specs/{slug} (random of $SPECS)"; measure / -s "$work/put-random.lua"
echo
python3 - "$PORT_A" "$PORT_B" "$token" <<'PY'
import statistics, sys, time, urllib.request
port_a, port_b, token = sys.argv[1:4]
def call(method, port, body=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/specs/spec-00007-t1", data=body, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Accept": "text/markdown", "Content-Type": "text/markdown", "If-Match": "*"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read()
samples = []
for round in range(200):
    text = f"# Visibility\n\nRound {round} at {time.time()}.\n".encode()
    call("PUT", port_a, text)
    began = time.perf_counter()
    while call("GET", port_b) != text:
        if time.perf_counter() - began > 5:
            sys.exit(f"B did not serve round {round} within 5 s")
    samples.append((time.perf_counter() - began) * 1000)
samples.sort()
print(f"Cross-instance visibility (PUT on A, then GET on B until it serves the new text), 200 rounds: "
      f"p50 {statistics.median(samples):.1f} ms, p99 {samples[int(len(samples) * 0.99) - 1]:.1f} ms, max {samples[-1]:.1f} ms")
PY
echo "wrk -t1 per instance, $CONNECTIONS connections in all, $DURATION per run, on $(nproc) cores (wrk, both instances and PostgreSQL share them)."
