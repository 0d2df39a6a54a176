#!/usr/bin/env bash
# The scale benchmark of issue 14: memory and time that do not grow with the number of
# documents. A benchmark, NOT a timed test: .ci/run does not call it and nothing fails
# when a figure misses its target. scripts/bench.sh runs it at its end; it also runs alone:
#
#   scripts/bench_scale.sh [BIN] [BEFORE]
#
# BIN is the binary measured (target/release/aftercert); BEFORE, if given, an earlier
# build measured the same way in the same run, for before/after ratios. It measures:
#   1. every output format at 500 and 2,000 generated documents (time, peak memory) and
#      its growth exponent log(t2000/t500)/log 4 (linear: 1.0), against no output;
#   2. 20,000 small documents (about 110 bytes each) to a JSON file: time, peak memory,
#      against the typed parse-only floor over the same files;
#   3. the size of the JSON report of the 2,000 corpus against the size of its YAML;
#   4. `aftercert diff` of two reports of 500 and of 2,000 documents: time, peak memory;
#   5. the full audit of the 2,000 corpus against check-jsonschema validating the same
#      files against `aftercert schema` (PyPI, installed into a venv under target/).
# Results: target/bench-scale/ (hyperfine JSON, GNU time logs, summary.md).
#
# Needs hyperfine, GNU time and python3 (Debian: apt-get install -y hyperfine time).
# Knobs: BENCH_RUNS (3), BENCH_SMALL (20000), BENCH_OUT (target/bench-scale),
# BENCH_NO_JSONSCHEMA=1 skips item 5. Takes about 10 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=$(realpath "${1:-target/release/aftercert}")
BEFORE=${2:+$(realpath "$2")}
OUT=${BENCH_OUT:-$ROOT/target/bench-scale}
RUNS=${BENCH_RUNS:-3}
SMALL=${BENCH_SMALL:-20000}
AS_OF=2026-11-23
EX=$ROOT/target/release/examples

for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench_scale: $tool is missing" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench_scale: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }
cargo build --release --locked --example gen_corpus --example parse_floor
mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.md "$OUT"/*.txt
TMP=$(mktemp -d /tmp/aftercert-scale.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
"$EX/gen_corpus" "$TMP/c500" 500 2>/dev/null
"$EX/gen_corpus" "$TMP/c2000" 2000 2>/dev/null
"$EX/gen_corpus" "$TMP/small" "$SMALL" --small 2>/dev/null
cd "$TMP"
uptime > "$OUT/load-before.txt"

# `peak NAME CMD…`: one run under GNU time; the log keeps peak memory and wall time.
peak() { local name=$1; shift; /usr/bin/time -v -o "$OUT/$name-time.txt" "$@" >/dev/null 2>&1 || true; }

FORMATS=(json sarif junit csv github markdown html)
ext() { case $1 in markdown) echo md;; github) echo txt;; junit) echo junit.xml;; *) echo "$1";; esac; }
bins=("now:$BIN"); [ -n "$BEFORE" ] && bins+=("before:$BEFORE")

echo "== 1. every format at 500 and 2,000 documents"
for b in "${bins[@]}"; do
  tag=${b%%:*}; bin=${b#*:}
  cmds=()
  for n in 500 2000; do
    base="$bin check $TMP/c$n --no-config --as-of $AS_OF -q"
    cmds+=(-n "$tag none $n" "$base")
    for f in "${FORMATS[@]}"; do
      [ "$f" = github ] && spec="github:$TMP/out.txt" || spec="$TMP/out.$(ext "$f")"
      cmds+=(-n "$tag $f $n" "$base -o $spec")
    done
  done
  hyperfine -N --style basic -i --warmup 1 --runs "$RUNS" --export-json "$OUT/formats-$tag.json" "${cmds[@]}"
  for f in none "${FORMATS[@]}"; do
    [ "$f" = none ] && o=() || { [ "$f" = github ] && o=(-o "github:$TMP/out.txt") || o=(-o "$TMP/out.$(ext "$f")"); }
    peak "$tag-$f-2000" "$bin" check "$TMP/c2000" --no-config --as-of $AS_OF -q "${o[@]}"
  done
done

echo "== 2. $SMALL small documents to a JSON file"
for b in "${bins[@]}"; do
  tag=${b%%:*}; bin=${b#*:}
  peak "$tag-small" "$bin" check "$TMP/small" --no-config --as-of $AS_OF -q -o "json:$TMP/small.json"
  stat -c %s "$TMP/small.json" > "$OUT/$tag-small-json-bytes.txt" 2>/dev/null || echo 0 > "$OUT/$tag-small-json-bytes.txt"
  rm -f "$TMP/small.json"
done
hyperfine -N --style basic -i --warmup 1 --runs "$RUNS" --export-json "$OUT/small.json" \
  -n "check small" "$BIN check $TMP/small --no-config --as-of $AS_OF -q -o json:$TMP/small.json" \
  -n "floor typed small" "$EX/parse_floor typed $TMP/small"
find "$TMP/small" -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}' > "$OUT/small-yaml-bytes.txt"

echo "== 3. JSON size of the 2,000 corpus"
find "$TMP/c2000" -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}' > "$OUT/c2000-yaml-bytes.txt"
for b in "${bins[@]}"; do
  tag=${b%%:*}; bin=${b#*:}
  for n in 500 2000; do
    "$bin" check "$TMP/c$n" --no-config --as-of $AS_OF -q -o "json:$TMP/$tag-$n-a.json" 2>/dev/null || true
    "$bin" check "$TMP/c$n" --no-config --as-of 2027-11-23 -q -o "json:$TMP/$tag-$n-b.json" 2>/dev/null || true
  done
  stat -c %s "$TMP/$tag-2000-a.json" > "$OUT/$tag-c2000-json-bytes.txt"
done

echo "== 4. diff of two reports, 500 and 2,000 documents"
for b in "${bins[@]}"; do
  tag=${b%%:*}; bin=${b#*:}
  for n in 500 2000; do
    peak "$tag-diff-$n" "$bin" diff "$TMP/$tag-$n-a.json" "$TMP/$tag-$n-b.json" -o "$TMP/diff.html"
  done
done

if [ "${BENCH_NO_JSONSCHEMA:-0}" != 1 ]; then
  echo "== 5. against check-jsonschema"
  VENV=$ROOT/target/bench-venv
  [ -x "$VENV/bin/check-jsonschema" ] || { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q check-jsonschema; }
  "$BIN" schema -o "$TMP/schema.json"
  find "$TMP/c2000" -name '*.yaml' | sort > "$TMP/files.txt"
  hyperfine -N --style basic -i --warmup 1 --runs "$RUNS" --export-json "$OUT/jsonschema.json" \
    -n "aftercert check" "$BIN check $TMP/c2000 --no-config --as-of $AS_OF -q -o json:$TMP/r.json" \
    -n "check-jsonschema" "$VENV/bin/check-jsonschema --schemafile $TMP/schema.json $(tr '\n' ' ' < "$TMP/files.txt")"
fi

uptime > "$OUT/load-after.txt"
cd "$ROOT"
python3 - "$OUT" "$SMALL" "${BEFORE:+1}" <<'EOF' | tee "$OUT/summary.md"
import json, math, os, re, sys
out, small, before = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
tags = ["now"] + (["before"] if before else [])
FORMATS = ["json", "sarif", "junit", "csv", "github", "markdown", "html"]

def results(name):
    return {r["command"]: r for r in json.load(open(f"{out}/{name}.json"))["results"]}

def peak_mb(name):
    try:
        text = open(f"{out}/{name}-time.txt").read()
    except FileNotFoundError:
        return float("nan")
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    return int(m.group(1)) * 1024 / 1e6 if m else float("nan")

def num(path):
    return int(open(f"{out}/{path}").read().strip() or 0)

def verdict(ok):
    return "met" if ok else "**not met**"

print(f"# aftercert scale benchmark (issue 14)\n")
print(f"- load before: `{open(out + '/load-before.txt').read().strip()}`")
print(f"- load after: `{open(out + '/load-after.txt').read().strip()}`\n")
for tag in tags:
    r = results(f"formats-{tag}")
    none500, none2000 = r[f"{tag} none 500"]["median"], r[f"{tag} none 2000"]["median"]
    print(f"## Formats, {tag} (medians of {len(r[f'{tag} none 500']['times'])} runs)\n")
    print("| output | 500 docs (s) | 2,000 docs (s) | growth exponent (≤ 1.05) | ÷ no output at 2,000 | peak at 2,000 (MB) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for f in ["none"] + FORMATS:
        a, b = r[f"{tag} {f} 500"]["median"], r[f"{tag} {f} 2000"]["median"]
        k = math.log(b / a) / math.log(4)
        print(f"| {f} | {a:.2f} | {b:.2f} | {k:.2f} {'' if k <= 1.05 else '(**over**)'} | {b / none2000:.2f}× | {peak_mb(f'{tag}-{f}-2000'):.0f} |")
    print()
s = results("small")
check, floor = s["check small"]["median"], s["floor typed small"]["median"]
yaml_small = num("small-yaml-bytes.txt")
print(f"## {small:,} small documents ({yaml_small / 1e6:.1f} MB of YAML) to a JSON file\n")
print("| build | peak memory (MB) | JSON written (MB) |")
print("| --- | --- | --- |")
for tag in tags:
    print(f"| {tag} | {peak_mb(f'{tag}-small'):.0f} | {num(f'{tag}-small-json-bytes.txt') / 1e6:.1f} |")
print(f"\n- time: {check:.2f} s, typed floor {floor:.2f} s: **{check / floor:.2f}×** (target ≤ 3×: {verdict(check / floor <= 3)}); "
      f"peak memory target ≤ 150 MB: {verdict(peak_mb('now-small') <= 150)}\n")
yaml2000 = num("c2000-yaml-bytes.txt")
print("## JSON size of the 2,000 corpus\n")
for tag in tags:
    j = num(f"{tag}-c2000-json-bytes.txt")
    print(f"- {tag}: {j / 1e6:.1f} MB of JSON for {yaml2000 / 1e6:.1f} MB of YAML: **{j / yaml2000:.2f}×** (target ≤ 2×: {verdict(j / yaml2000 <= 2)})")
print("\n## diff of two reports\n")
print("| build | 500 docs: s, MB | 2,000 docs: s, MB | growth exponent |")
print("| --- | --- | --- | --- |")
def wall(name):
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", open(f"{out}/{name}-time.txt").read())
    h, mi, se = m.groups()
    return int(h or 0) * 3600 + int(mi) * 60 + float(se)
for tag in tags:
    a, b = wall(f"{tag}-diff-500"), wall(f"{tag}-diff-2000")
    k = math.log(max(b, 1e-3) / max(a, 1e-3)) / math.log(4)
    print(f"| {tag} | {a:.2f}, {peak_mb(f'{tag}-diff-500'):.0f} | {b:.2f}, {peak_mb(f'{tag}-diff-2000'):.0f} | {k:.2f} |")
print(f"\n- target ≤ 500 MB at 2,000: {verdict(peak_mb('now-diff-2000') <= 500)}\n")
if os.path.exists(f"{out}/jsonschema.json"):
    j = results("jsonschema")
    a, c = j["aftercert check"]["median"], j["check-jsonschema"]["median"]
    print(f"## Against check-jsonschema (2,000 documents)\n\n- full audit to JSON {a:.2f} s; check-jsonschema {c:.2f} s: **{c / a:.1f}× faster** (target ≥ 10×: {verdict(c / a >= 10)})")
EOF
echo "bench_scale: results in $OUT"
