# server-setup.sh - sourced by server.sh, web.sh and instances.sh (from the package's root): checks
# for wrk, builds the release binary unless SPECWRIGHT_BIN names one (made absolute either way), and
# makes the corpus of SPECS specs from the seeds once, into $corpus; write_random_scripts writes the
# wrk scripts that read and revise random specs of the corpus.
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
if [[ -z "${SPECWRIGHT_BIN:-}" ]]; then
  swift build -c release --product specwright >&2
  SPECWRIGHT_BIN="$(swift build -c release --show-bin-path)/specwright"
fi
SPECWRIGHT_BIN="$(cd "$(dirname "$SPECWRIGHT_BIN")" && pwd)/$(basename "$SPECWRIGHT_BIN")"
corpus="/tmp/specwright-server-corpus-$SPECS"
if [[ ! -f "$corpus/spec_00000_t0.md" ]]; then
  python3 "$SHARED_DIR/bench/make-corpus.py" --out "$corpus" --count "$SPECS" "$SHARED_DIR"/seeds/*.txt >&2
fi

# write_random_scripts DIR TOKEN: DIR/random.lua GETs any of the SPECS specs, uniformly (most are not
# in the server's memory: its caches are bounded by bytes); DIR/put-random.lua PUTs a new revision
# of any of them with TOKEN (so writers seldom wait for one another's row; SEED in the environment
# varies the sequence between wrk processes started in the same second).
write_random_scripts() {
  cat >"$1/random.lua" <<LUA
math.randomseed(os.time())
request = function()
  local n = math.random(0, $SPECS - 1)
  return wrk.format("GET", string.format("/api/v1/specs/spec-%05d-t%d", n, n % 2), wrk.headers)
end
LUA
  cat >"$1/put-random.lua" <<LUA
math.randomseed(os.time() + tonumber(os.getenv("SEED") or "0"))
counter = 0
request = function()
  counter = counter + 1
  local n = math.random(0, $SPECS - 1)
  local body = "# Benchmark Spec\\n\\nRevision " .. counter .. " of thread " .. tostring(math.random(1, 1000000)) .. ".\\n"
  return wrk.format("PUT", string.format("/api/v1/specs/spec-%05d-t%d", n, n % 2), {["Authorization"] = "Bearer $2", ["If-Match"] = "*", ["Content-Type"] = "text/markdown"}, body)
end
LUA
}
