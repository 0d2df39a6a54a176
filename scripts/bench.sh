#!/usr/bin/env bash
# The benchmark of issues 6 (item 7) and 14. A benchmark, NOT a timed test: .ci/run does not call
# it and nothing fails when a figure misses its target. It measures, on this machine and
# in this one run:
#   1. documents/s and MB/s auditing a generated corpus (2,000 documents) to JSON;
#   2. the parse-only floors over the same corpus (examples/parse_floor.rs): typed
#      (serde-saphyr into ProcessDocument), tree (aftercert::yaml::parse, what check
#      builds) and load (tree + schema validation);
#   3. the speed-up from parallelism: RAYON_NUM_THREADS=1 against all cores;
#   4. end-to-end time and peak memory for one document with 100,000 outlets (and, if it
#      runs into a YAML budget, for a lean variant with 3 fields per outlet);
#   5. end-to-end time for one ordinary document (fixtures/appliance-mature.yaml);
#   6. then scripts/bench_scale.sh (issue 14): every format at 500 and 2,000 documents,
#      20,000 small documents, JSON size, diff, and check-jsonschema.
# Targets in the summary are those of issue 14.
# Results: target/bench/ (hyperfine JSON and Markdown per measurement, summary.md).
#
# Needs: hyperfine and GNU time (Debian: apt-get install -y hyperfine time), python3.
# Knobs: BENCH_DOCS (2000), BENCH_OUTLETS (100000), BENCH_RUNS (5), BENCH_OUT
# (target/bench), BENCH_KEEP=1 keeps the generated files. Takes about 3–5 minutes on
# 2 cores after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${BENCH_OUT:-$ROOT/target/bench}
DOCS=${BENCH_DOCS:-2000}
OUTLETS=${BENCH_OUTLETS:-100000}
RUNS=${BENCH_RUNS:-5}
AS_OF=2026-11-23
BIN=$ROOT/target/release/aftercert
EX=$ROOT/target/release/examples

for tool in hyperfine python3; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install -y hyperfine; python3)" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

mkdir -p "$OUT"
rm -f "$OUT"/*.json "$OUT"/*.md "$OUT"/*.txt
TMP=$(mktemp -d /tmp/aftercert-bench.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: keeping $TMP"; else trap 'rm -rf "$TMP"' EXIT; fi

uptime > "$OUT/load-before.txt"
echo "== build (release)"
cargo build --release --locked --bin aftercert --example gen_corpus --example parse_floor

echo "== generate: $DOCS documents, and one document with $OUTLETS outlets"
"$EX/gen_corpus" "$TMP/corpus" "$DOCS"
"$EX/gen_corpus" --huge "$TMP/huge.yaml" --outlets "$OUTLETS"
"$EX/gen_corpus" --huge "$TMP/huge-lean.yaml" --outlets "$OUTLETS" --lean
BYTES=$(find "$TMP/corpus" -name '*.yaml' -printf '%s\n' | awk '{s+=$1} END {print s}')

# Audits run from the temp dir with --no-config, so no aftercert.yaml changes the work.
cd "$TMP"
CHECK="$BIN check $TMP/corpus --no-config --as-of $AS_OF"

echo "== sanity: the corpus audits (exit 0 or 1, never 2) and every floor parses every file"
set +e
$CHECK --format json -q -o "json:$TMP/report.json" 2>/dev/null
code=$?
set -e
[ "$code" -le 1 ] || { echo "bench: check exited $code on the corpus" >&2; exit 2; }
python3 - "$TMP/report.json" "$DOCS" <<'EOF'
import json, sys
n = len({d["path"] for d in json.load(open(sys.argv[1]))["documents"]})
assert n == int(sys.argv[2]), f"{n} documents audited, expected {sys.argv[2]}"
EOF
for mode in typed tree load; do "$EX/parse_floor" "$mode" "$TMP/corpus"; done

# -i: check exits 1 when a document falls below the gate, which most generated ones do.
HF=(hyperfine -N --style basic -i)

echo "== corpus: full audit against the parse-only floors (all cores)"
"${HF[@]}" --warmup 1 --runs "$RUNS" --export-json "$OUT/corpus.json" --export-markdown "$OUT/corpus.md" \
  -n "check -o json:FILE" "$CHECK --format json -q -o json:$TMP/report.json" \
  -n "check --format json >/dev/null" "$CHECK --format json" \
  -n "floor typed" "$EX/parse_floor typed $TMP/corpus" \
  -n "floor tree" "$EX/parse_floor tree $TMP/corpus" \
  -n "floor load" "$EX/parse_floor load $TMP/corpus"

echo "== corpus: peak memory of the full audit"
/usr/bin/time -v -o "$OUT/corpus-time.txt" $CHECK --format json -q -o "json:$TMP/report.json" 2>/dev/null || true
grep -E 'Maximum resident|Elapsed' "$OUT/corpus-time.txt"

echo "== corpus: parallel speed-up (RAYON_NUM_THREADS=1 and =$(nproc))"
THREADS=()
for n in 1 "$(nproc)"; do
  THREADS+=(-n "check, $n thread(s)" "RAYON_NUM_THREADS=$n $CHECK --format json -q -o json:$TMP/report.json")
  THREADS+=(-n "floor typed, $n thread(s)" "RAYON_NUM_THREADS=$n $EX/parse_floor typed $TMP/corpus")
done
hyperfine --style basic --warmup 1 --runs "$RUNS" -i \
  --export-json "$OUT/threads.json" --export-markdown "$OUT/threads.md" "${THREADS[@]}"

echo "== one document with $OUTLETS outlets: end to end, peak memory"
for doc in huge huge-lean; do
  set +e
  /usr/bin/time -v -o "$OUT/$doc-time.txt" "$BIN" check "$TMP/$doc.yaml" --no-config --as-of "$AS_OF" \
    --format json -q -o "json:$TMP/$doc.json" 2> "$OUT/$doc-stderr.txt"
  echo $? > "$OUT/$doc-exit.txt"
  set -e
  echo "$doc.yaml: exit $(cat "$OUT/$doc-exit.txt"), $(grep -E 'Maximum resident|Elapsed' "$OUT/$doc-time.txt" | tr -s ' \t' ' ' | paste -sd ';')"
  grep -m1 '^error' "$OUT/$doc-stderr.txt" || true
done
# Only documents that were audited (exit 0 or 1) are timed: a refusal is not a result.
HUGE=()
for doc in huge huge-lean; do
  [ "$(cat "$OUT/$doc-exit.txt")" -le 1 ] || continue
  HUGE+=(-n "$doc.yaml" "$BIN check $TMP/$doc.yaml --no-config --as-of $AS_OF --format json -q -o json:$TMP/$doc.json")
done
[ ${#HUGE[@]} -eq 0 ] || "${HF[@]}" --warmup 1 --runs 3 --export-json "$OUT/huge.json" --export-markdown "$OUT/huge.md" "${HUGE[@]}"

echo "== one ordinary document: process start to report written"
ONE="$BIN check $ROOT/fixtures/appliance-mature.yaml --no-config --as-of $AS_OF -q -o json:$TMP/one.json"
"${HF[@]}" --warmup 5 --runs 50 --export-json "$OUT/one.json" --export-markdown "$OUT/one.md" \
  -n "appliance-mature.yaml" "$ONE"
/usr/bin/time -v -o "$OUT/one-time.txt" $ONE 2>/dev/null || true

uptime > "$OUT/load-after.txt"
cd "$ROOT"
python3 - "$OUT" "$DOCS" "$BYTES" "$OUTLETS" <<'EOF' | tee "$OUT/summary.md"
import json, re, subprocess, sys
out, docs, nbytes, outlets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])

def sh(cmd):
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

def result(name, command):
    return next(r for r in json.load(open(f"{out}/{name}.json"))["results"] if r["command"] == command)

def timed(name, command):
    r = result(name, command)
    return r["mean"], r["stddev"] or 0.0

def cpu(name, command):
    """User plus system CPU time: less disturbed than wall time by other work on the machine."""
    r = result(name, command)
    return r["user"] + r["system"]

def peak_mb(name):
    kib = re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(f"{out}/{name}-time.txt").read())
    return int(kib.group(1)) * 1024 / 1e6

def first_error(name):
    return next((l for l in open(f"{out}/{name}-stderr.txt").read().splitlines() if l.startswith("error")), "")

def verdict(ok):
    return "met" if ok else "**not met**"

n = sh("nproc")
mb = nbytes / 1e6
full, full_sd = timed("corpus", "check -o json:FILE")
stdout, _ = timed("corpus", "check --format json >/dev/null")
typed, typed_sd = timed("corpus", "floor typed")
tree, _ = timed("corpus", "floor tree")
load, _ = timed("corpus", "floor load")
one_thread, _ = timed("threads", "check, 1 thread(s)")
all_threads, _ = timed("threads", f"check, {n} thread(s)")
floor_1, _ = timed("threads", "floor typed, 1 thread(s)")
floor_n, _ = timed("threads", f"floor typed, {n} thread(s)")
one, one_sd = timed("one", "appliance-mature.yaml")
model = next((l.split(":", 1)[1].strip() for l in sh("lscpu").splitlines() if l.startswith("Model name")), "?")
mem = int(sh("grep MemTotal /proc/meminfo").split()[1]) / 1024 / 1024

print(f"# aftercert benchmark, {sh('date -u +%Y-%m-%dT%H:%M:%SZ')}\n")
dirty = " (work tree has changes)" if sh("git status --porcelain --untracked-files=no") else ""
print(f"- commit: `{sh('git rev-parse --short HEAD')}`{dirty}")
print(f"- machine: `nproc` {n}, {model}, {mem:.0f} GiB, {sh('. /etc/os-release; echo $PRETTY_NAME')}, "
      f"{sh('rustc -V')}, {sh('hyperfine --version')}")
print(f"- load before: `{open(out + '/load-before.txt').read().strip()}`")
print(f"- load after: `{open(out + '/load-after.txt').read().strip()}`")
print(f"- corpus: {docs} documents, {nbytes:,} bytes ({mb:.1f} MB); MB = 10^6 bytes\n")
print("| measurement | result | target | verdict |")
print("| --- | --- | --- | --- |")
print(f"| corpus, full audit to a JSON file (`-q -o json:FILE`) | {full:.2f} s ± {full_sd:.2f}: **{docs / full:.0f} docs/s, {mb / full:.1f} MB/s**, peak {peak_mb('corpus'):.0f} MB | — | — |")
print(f"| corpus, full audit to JSON on stdout (discarded) | {stdout:.2f} s: {docs / stdout:.0f} docs/s, {mb / stdout:.1f} MB/s | — | — |")
print(f"| floor typed: serde-saphyr → `ProcessDocument` | {typed:.2f} s ± {typed_sd:.2f}: {docs / typed:.0f} docs/s, {mb / typed:.1f} MB/s | — | — |")
print(f"| floor tree: `aftercert::yaml::parse` | {tree:.2f} s: {docs / tree:.0f} docs/s, {mb / tree:.1f} MB/s | — | — |")
print(f"| floor load: tree + schema validation | {load:.2f} s: {docs / load:.0f} docs/s | — | — |")
print(f"| full audit ÷ typed floor | {full / typed:.2f}× | ≤ 1.5× (stretch 1.2×) | {verdict(full / typed <= 1.5)} |")
print(f"| full audit ÷ tree floor | {full / tree:.2f}× | (≤ 1.5×) | {verdict(full / tree <= 1.5)} |")
cpu_full, cpu_typed, cpu_tree = cpu("corpus", "check -o json:FILE"), cpu("corpus", "floor typed"), cpu("corpus", "floor tree")
print(f"| the same in CPU time (user + sys): full ÷ typed, full ÷ tree | {cpu_full:.2f} s ÷ {cpu_typed:.2f} s = {cpu_full / cpu_typed:.2f}×; ÷ {cpu_tree:.2f} s = {cpu_full / cpu_tree:.2f}× | (≤ 1.5×) | {verdict(cpu_full / cpu_typed <= 1.5)} |")
print(f"| speed-up of the full audit, 1 → {n} threads | {one_thread:.2f} s → {all_threads:.2f} s = {one_thread / all_threads:.2f}× | ≥ 1.8× | {verdict(one_thread / all_threads >= 1.8)} |")
print(f"| speed-up of the typed floor, 1 → {n} threads (reference) | {floor_1:.2f} s → {floor_n:.2f} s = {floor_1 / floor_n:.2f}× | — | — |")
for doc, label in [("huge", "full outlets"), ("huge-lean", "lean outlets: id, region, staff")]:
    code = int(open(f"{out}/{doc}-exit.txt").read())
    if code <= 1:
        t, t_sd = timed("huge", f"{doc}.yaml")
        ok = t < 3 and peak_mb(doc) < 300
        print(f"| {outlets:,}-outlet document ({label}), end to end | {t:.2f} s ± {t_sd:.2f}, peak {peak_mb(doc):.0f} MB | < 3 s, < 300 MB | {verdict(ok)} |")
    else:
        print(f"| {outlets:,}-outlet document ({label}), end to end | refused, exit {code}: `{first_error(doc)}` | < 3 s, < 300 MB | **not met** |")
print(f"| one ordinary document, end to end | {one * 1000:.1f} ms ± {one_sd * 1000:.1f}, peak {peak_mb('one'):.0f} MB | ≤ 5 ms | {verdict(one <= 0.005)} |")
EOF
echo "bench: results in $OUT"
# Issue 14: every format at 500 and 2,000 documents, 20,000 small documents, JSON size,
# diff, and check-jsonschema. BENCH_SCALE=0 skips it; BENCH_BEFORE=BIN adds an earlier
# build to every measurement for before/after ratios.
[ "${BENCH_SCALE:-1}" = 0 ] || scripts/bench_scale.sh "$BIN" ${BENCH_BEFORE:+"$BENCH_BEFORE"}
