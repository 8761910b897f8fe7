# server-setup.sh - sourced by server.sh, web.sh and instances.sh (from the package's root): checks
# for wrk, builds the release binary unless SPECWRIGHT_BIN names one (made absolute either way), and
# makes the corpus of SPECS specs from the seeds once, into $corpus.
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
