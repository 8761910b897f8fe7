#!/usr/bin/env bash
# real-corpus.sh - precision of `specwright check` on real design documents written from a
# template: Rust RFCs, Kubernetes KEPs, Swift Evolution proposals and MADR's own decision records,
# each checked against its project's own template (`check --template <their template>`).
#
#   Benchmarks/real-corpus.sh [--mirror DIR] [--out DIR] [--baseline BIN] [--sample N]
#
#   --mirror DIR    a folder of bare mirrors named owner+name/repo (the search tool's `fetch`
#                   layout); repositories not found there are cloned shallow from GitHub
#   --out DIR       where the documents, JSON reports, findings.md and sample.md go
#                   (default Benchmarks/.results/real-corpus; nothing of it is committed)
#   --baseline BIN  another specwright binary (an older build) to count findings beside
#   --sample N      findings drawn at random (seed 1) into sample.md for judging by hand (default 60)
#
# SPECWRIGHT_BIN: the binary to check with (default: a release build, made here).
# The documents are the projects' text, so they stay in --out and are never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
mirror=""
out=Benchmarks/.results/real-corpus
baseline=""
sample=60
while [[ $# -gt 0 ]]; do
  case "$1" in
    --mirror) mirror="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --baseline) baseline="$2"; shift 2 ;;
    --sample) sample="$2"; shift 2 ;;
    *) echo "usage: $0 [--mirror DIR] [--out DIR] [--baseline BIN] [--sample N]" >&2; exit 2 ;;
  esac
done
if [[ -z "${SPECWRIGHT_BIN:-}" ]]; then
  swift build -c release --product specwright >&2
  SPECWRIGHT_BIN="$(swift build -c release --show-bin-path)/specwright"
fi
SPECWRIGHT_BIN="$(realpath "$SPECWRIGHT_BIN")"
[[ -z "$baseline" ]] || baseline="$(realpath "$baseline")"
mkdir -p "$out/repos"

# name | GitHub repository | template path | documents (a regular expression over paths)
corpora=(
  "rust-rfcs|rust-lang/rfcs|0000-template.md|^text/.*\.md$"
  "keps|kubernetes/enhancements|keps/NNNN-kep-template/README.md|^keps/sig-.*/README\.md$"
  "swift-evolution|swiftlang/swift-evolution|proposal-templates/0000-swift-template.md|^proposals/[0-9].*\.md$"
  "madr|adr/madr|template/adr-template.md|^docs/decisions/00.*\.md$"
)

# The git directory of a repository: the mirror's, or a shallow clone's.
git_dir() {
  local repo="$1" key="${1/\//+}"
  if [[ -n "$mirror" && -d "$mirror/$key/repo" ]]; then
    echo "$mirror/$key/repo"
    return
  fi
  if [[ ! -d "$out/repos/$key" ]]; then
    git clone --quiet --bare --depth 1 "https://github.com/$repo" "$out/repos/$key" >&2
  fi
  echo "$out/repos/$key"
}

for entry in "${corpora[@]}"; do
  IFS='|' read -r name repo template pattern <<<"$entry"
  dir="$(git_dir "$repo")"
  rm -rf "${out:?}/$name"
  mkdir -p "$out/$name/docs"
  git -C "$dir" show "HEAD:$template" >"$out/$name/template.md"
  git -C "$dir" ls-tree -r --name-only HEAD | grep -E "$pattern" | while read -r path; do
    git -C "$dir" show "HEAD:$path" >"$out/$name/docs/${path//\//_}"
  done
  echo "$name: $(ls "$out/$name/docs" | wc -l) documents from $repo at $(git -C "$dir" rev-parse --short HEAD)" >&2
  # Exit 1 means "found errors"; anything else is a failure of the run.
  (cd "$out" && { "$SPECWRIGHT_BIN" check --template "$name/template.md" "$name/docs" --format json >"$name.after.json" || [[ $? == 1 ]]; })
  if [[ -n "$baseline" ]]; then
    (cd "$out" && { "$baseline" check --template "$name/template.md" "$name/docs" --format json >"$name.before.json" || [[ $? == 1 ]]; })
  fi
done

python3 - "$out" "$sample" <<'PY'
import collections, glob, json, os, random, sys
out, sample = sys.argv[1], int(sys.argv[2])
names = sorted(os.path.basename(p)[:-len(".after.json")] for p in glob.glob(os.path.join(out, "*.after.json")))
def counts(path):
    if not os.path.exists(path):
        return None, 0
    report = json.load(open(path))
    return collections.Counter((f["rule"], f["severity"]) for f in report["findings"]), len(report["files"])
lines = ["| corpus | documents | rule | severity | before | after |", "|---|---:|---|---|---:|---:|"]
everything = []
for name in names:
    after, files = counts(os.path.join(out, name + ".after.json"))
    before, _ = counts(os.path.join(out, name + ".before.json"))
    keys = sorted(set(after) | set(before or {}), key=lambda k: (-(after.get(k, 0)), k))
    for rule, severity in keys:
        lines.append("| %s | %d | %s | %s | %s | %d |" % (name, files, rule, severity, "-" if before is None else before.get((rule, severity), 0), after.get((rule, severity), 0)))
    everything += [f for f in json.load(open(os.path.join(out, name + ".after.json")))["findings"] if f["severity"] != "info"]
open(os.path.join(out, "findings.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
random.seed(1)
with open(os.path.join(out, "sample.md"), "w") as file:
    for f in random.sample(everything, min(sample, len(everything))):
        text = open(os.path.join(out, f["file"]), encoding="utf-8", errors="replace").read().split("\n")
        file.write("- %s:%d:%d %s %s: %s\n    > %s\n" % (f["file"], f["line"], f["column"], f["severity"], f["rule"], f["message"], text[f["line"] - 1][:160] if f["line"] - 1 < len(text) else ""))
print("\n%d warnings and errors; %d drawn into %s" % (len(everything), min(sample, len(everything)), os.path.join(out, "sample.md")), file=sys.stderr)
PY
