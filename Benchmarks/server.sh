#!/usr/bin/env bash
# server.sh - load-test `specwright serve` with wrk on loopback, with N specs loaded (default 10,000).
#
# Usage: Benchmarks/server.sh        (SPECWRIGHT_BIN to skip the release build; SPECS=N; DURATION=10s; ROUNDS=3;
#                                     DB=postgresql://… to measure on PostgreSQL instead of a fresh SQLite file:
#                                     give an empty database)
#
# Measures, in one run: a trivial route (/healthz, the framework's ceiling on this machine),
# GET /api/v1/specs/{slug} for one spec (JSON detail, and text/markdown), GET the list, GET of a
# random spec of all N (JSON and text/markdown), the same GETs paced to about 1,000 requests/s
# (latency at the seeds' load), and PUT of new revisions (each request a different text, so each
# is a real write) to one spec and to random specs of all N. Reports wrk's requests/s and p50/p99 latency, and the server's RSS after the runs.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED_DIR="${SHARED_DIR:-../shared}"
SPECS="${SPECS:-10000}"
DURATION="${DURATION:-10s}"
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-2}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-18189}"
source Benchmarks/server-setup.sh
work="$(mktemp -d)"
cleanup() { [[ -n "${pid:-}" ]] && kill "$pid" 2>/dev/null; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
start=$(date +%s)
(cd "$work" && exec env SPECWRIGHT_RATE_LIMIT_BURST=100000000 SPECWRIGHT_RATE_LIMIT_PER_SECOND=100000000 \
  "$SPECWRIGHT_BIN" serve --port "$PORT" --db "${DB:-$work/bench.db}" --workspace "$corpus" >"$work/out" 2>"$work/log") &
pid=$!
until curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; do sleep 0.5; kill -0 "$pid" || { cat "$work/log" >&2; exit 1; }; done
echo "loaded $SPECS specs in $(( $(date +%s) - start )) s" >&2
token="$(grep -oE 'sw_[0-9a-f]{40}' "$work/out" | head -n 1)"
slug="spec-00042-t0"
cat >"$work/put.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local body = "# Benchmark Spec\n\nRevision " .. counter .. " of thread " .. tostring(math.random(1, 1000000)) .. ".\n"
  return wrk.format("PUT", "/api/v1/specs/bench-writes", {["Authorization"] = "Bearer $token", ["If-Match"] = "*", ["Content-Type"] = "text/markdown"}, body)
end
LUA
write_random_scripts "$work" "$token"
# wrk has no fixed-rate mode: each of the connections waits 31 ms between requests, about 1,000/s in all.
printf 'function delay() return 31 end\n' >"$work/paced.lua"
cat "$work/random.lua" "$work/paced.lua" >"$work/random-paced.lua"
curl -sf -X POST -H "Authorization: Bearer $token" -H "Content-Type: application/json" \
  -d '{"markdown": "# Benchmark Spec\n", "slug": "bench-writes"}' "http://127.0.0.1:$PORT/api/v1/specs" >/dev/null
# One wrk run: "requests/s p50 p99 errors" (errors: wrk's non-2xx and socket error lines, or none).
measure() {
  local out
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@")"
  local errors
  errors="$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' | tr -s ' ' || true)"
  printf '%s %s %s %s\n' "$(awk '/Requests\/sec/ { print $2 }' <<<"$out")" "$(awk '$1 == "50%" { print $2 }' <<<"$out")" \
    "$(awk '$1 == "99%" { print $2 }' <<<"$out")" "${errors:-none}"
}
auth=(-H "Authorization: Bearer $token")
base="http://127.0.0.1:$PORT"
names=(
  "GET /healthz (trivial route: ceiling)"
  "GET /api/v1/specs/{slug} (JSON detail)"
  "GET /api/v1/specs/{slug} (text/markdown)"
  "GET /api/v1/specs?limit=20 (list)"
  "GET /api/v1/specs/{slug} (JSON, random of $SPECS)"
  "GET /api/v1/specs/{slug} (text/markdown, random of $SPECS)"
)
# The machine's speed drifts between runs (other tenants, frequency): every round measures the
# ceiling and each endpoint back to back, and the table shows each endpoint's median round.
for round in $(seq 1 "$ROUNDS"); do
  measure "$base/healthz" >>"$work/r0"
  measure "${auth[@]}" "$base/api/v1/specs/$slug" >>"$work/r1"
  measure "${auth[@]}" -H "Accept: text/markdown" "$base/api/v1/specs/$slug" >>"$work/r2"
  measure "${auth[@]}" "$base/api/v1/specs?limit=20" >>"$work/r3"
  measure "${auth[@]}" -s "$work/random.lua" "$base" >>"$work/r4"
  measure "${auth[@]}" -H "Accept: text/markdown" -s "$work/random.lua" "$base" >>"$work/r5"
  echo "round $round of $ROUNDS done" >&2
done
echo "| endpoint | requests/s (median of $ROUNDS) | range | share of ceiling | p50 | p99 | errors |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
for index in "${!names[@]}"; do
  # The share of the ceiling is taken round by round (same conditions), then the median.
  share="$(paste -d' ' "$work/r$index" "$work/r0" | awk '{ printf "%.0f\n", 100 * $1 / $5 }' | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')"
  sort -n "$work/r$index" >"$work/sorted"
  median="$(sed -n "$(( (ROUNDS + 1) / 2 ))p" "$work/sorted")"
  range="$(head -1 "$work/sorted" | cut -d' ' -f1)–$(tail -1 "$work/sorted" | cut -d' ' -f1)"
  read -r rps p50 p99 errors <<<"$median"
  printf '| %s | %s | %s | %s %% | %s | %s | %s |\n' "${names[$index]}" "$rps" "$range" "$share" "$p50" "$p99" "$errors"
done
once() {
  local name="$1"; shift
  read -r rps p50 p99 errors <<<"$(measure "$@")"
  printf '| %s | %s | | | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "$errors"
}
once "GET /api/v1/specs/{slug} (JSON, paced to ~1,000/s)" "${auth[@]}" -s "$work/paced.lua" "$base/api/v1/specs/$slug"
once "GET /api/v1/specs/{slug} (JSON, random, paced to ~1,000/s)" "${auth[@]}" -s "$work/random-paced.lua" "$base"
once "PUT /api/v1/specs/{slug} (new revision, one spec)" -s "$work/put.lua" "$base"
once "PUT /api/v1/specs/{slug} (new revision, random of $SPECS)" -s "$work/put-random.lua" "$base"
rss_kb="$(ps -o rss= -p "$pid" | tr -d ' ')"
echo
echo "Server RSS after the runs: $(( rss_kb / 1024 )) MiB; $SPECS specs; wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS rounds, on $(nproc) cores (client and server share them)."
