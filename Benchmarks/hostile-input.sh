#!/usr/bin/env bash
# hostile-input.sh - time `specwright check` on hostile Markdown (cmark's pathological cases and
# more, written by pathological.py at a base size and ten times it) beside libcmark-gfm parsing the
# same files, and print a Markdown table: `specwright check` (parse and every rule; inline content
# is parsed only where a rule needs it) and `specwright render` (every block's inlines parsed and
# rendered to HTML) at 1x and 10x, the growth (10x / 1x; linear is about 10, the target at most
# 12), and render's time as a multiple of cmark-gfm's parse.
#
#   Benchmarks/hostile-input.sh [--scale N] [--runs N] [--out DIR]
#
#   --scale N   repetitions of each case's pattern at 1x (default 50000; 10x is ten times that)
#   --runs N    timed runs per command, the median reported (default 3)
#   --out DIR   where the cases and results.md go (default Benchmarks/.results/hostile)
#
# SPECWRIGHT_BIN: the binary to time (default: a release build, made here). The cmark-gfm
# baseline is Benchmarks/parsers' cmark_gfm_parse (parse and free, no rendering), built here; it
# needs Debian's libcmark-gfm-dev and libcmark-gfm-extensions-dev. A command over 60 s is stopped
# and reported as "> 60". Process start-up is in every time: at 1x it dominates, so the growth of
# a fast case reads well under 10.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=50000
runs=3
out=Benchmarks/.results/hostile
while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) scale="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "usage: $0 [--scale N] [--runs N] [--out DIR]" >&2; exit 2 ;;
  esac
done
if [[ -z "${SPECWRIGHT_BIN:-}" ]]; then
  swift build -c release --product specwright >&2
  SPECWRIGHT_BIN="$(swift build -c release --show-bin-path)/specwright"
fi
cmark="$PWD/Benchmarks/.build-c/cmark_gfm_parse"
make -s -C Benchmarks/parsers BUILD_DIR="$PWD/Benchmarks/.build-c" "$cmark" >&2
mkdir -p "$out/cases"
python3 Benchmarks/pathological.py "$out/cases" --scale "$scale"

# The median wall time of $runs runs of a command, in seconds ("> 60" past the limit).
median() {
  python3 - "$runs" "$@" <<'PY'
import subprocess, statistics, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(runs):
    start = time.perf_counter()
    try:
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    except subprocess.TimeoutExpired:
        print("> 60")
        sys.exit()
    times.append(time.perf_counter() - start)
print("%.3f" % statistics.median(times))
PY
}
ratio() { python3 -c "import sys; a, b = sys.argv[1], sys.argv[2]; print('-' if '>' in a + b else ('%.1f' % (float(b) / max(float(a), 0.001))))" "$1" "$2"; }

# Process start-up (an empty file), taken off both times in the last column: at these sizes a
# Swift binary's start-up (tens of ms, dynamic libraries) would otherwise decide the ratio.
: >"$out/cases/empty.md"
r0="$(median "$SPECWRIGHT_BIN" render "$out/cases/empty.md")"
c0="$(median "$cmark" "$out/cases/empty.md")"
net() { python3 -c "import sys; r, r0, c, c0 = sys.argv[1:]; print('-' if '>' in r + c else '%.1f' % (max(float(r) - float(r0), 0.001) / max(float(c) - float(c0), 0.004)))" "$1" "$r0" "$2" "$c0"; }

{
  echo "Start-up (empty file): specwright render $r0 s, cmark-gfm $c0 s."
  echo
  echo "| case | bytes 10x | check 1x | 10x | growth | render 1x | 10x | growth | cmark-gfm 1x | 10x | growth | render / cmark-gfm (10x) | same, start-up taken off |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for file in "$out"/cases/*-1x.md; do
    [[ -e "$file" ]] || continue
    name="$(basename "$file" -1x.md)"
    big="$out/cases/$name-10x.md"
    s1="$(median "$SPECWRIGHT_BIN" check "$file" --format json)"
    s10="$(median "$SPECWRIGHT_BIN" check "$big" --format json)"
    r1="$(median "$SPECWRIGHT_BIN" render "$file")"
    r10="$(median "$SPECWRIGHT_BIN" render "$big")"
    c1="$(median "$cmark" "$file")"
    c10="$(median "$cmark" "$big")"
    echo "| $name | $(stat -c %s "$big") | $s1 | $s10 | $(ratio "$s1" "$s10") | $r1 | $r10 | $(ratio "$r1" "$r10") | $c1 | $c10 | $(ratio "$c1" "$c10") | $(ratio "$c10" "$r10") | $(net "$r10" "$c10") |"
  done
} | tee "$out/results.md"
