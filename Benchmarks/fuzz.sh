#!/usr/bin/env bash
# fuzz.sh - build the libFuzzer target (Fuzz/, parse + inline parse + render + check + fix) with
# -sanitize=fuzzer,address and run it for a number of seconds from a seed corpus: both built-in
# templates, the bundled examples, generated specs and the hostile cases of pathological.py.
#
#   Benchmarks/fuzz.sh [SECONDS] [CORPUS_DIR]      (default 60 s, Benchmarks/.results/fuzz-corpus)
#
# New inputs that add coverage are kept in the corpus folder; a crash leaves crash-* (and the
# stack) in Benchmarks/.results/fuzz/ and exits non-zero. Every crash found becomes a regression
# test in Tests/SpecwrightCoreTests/HostileInputTests.swift.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
corpus="$(realpath -m "${2:-Benchmarks/.results/fuzz-corpus}")"
out=Benchmarks/.results/fuzz
mkdir -p "$corpus" "$out"
swift build --package-path Fuzz --scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer,address >&2
bin="$(swift build --package-path Fuzz --scratch-path .build-fuzz -c release -Xswiftc -sanitize=fuzzer,address --show-bin-path)/SpecwrightFuzz"
# Seeds: the templates, the examples, and hostile cases at a size the fuzzer can mutate.
cp Sources/SpecwrightCore/Templates/Builtin/*.md examples/specs/*.md "$corpus/"
python3 Benchmarks/pathological.py "$out/hostile-seeds" --scale 50
cp "$out"/hostile-seeds/*-1x.md "$corpus/"
cd "$out"
# Leak detection is off: LeakSanitizer cannot follow Swift's pointers packed into enum payloads
# (spare bits) and reports the lazily built template catalog as leaked. AddressSanitizer's
# memory-safety checks stay on.
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" exec "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 -print_final_stats=1 "$corpus"
