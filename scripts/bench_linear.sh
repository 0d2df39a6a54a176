#!/usr/bin/env bash
# The "cost linear in the input" benchmark (issue 9, item 5). A benchmark, NOT a timed
# test: .ci/run does not call it and nothing fails on a figure. For each kind of input of
# scripts/gen_linear.sh it times the release binary at two or three sizes with hyperfine,
# and prints peak memory (GNU time), so that the ratio of times can be set against the
# ratio of sizes (linear: a 10× larger input takes about 10× as long).
#
#   scripts/bench_linear.sh [BIN]        # BIN defaults to target/release/aftercert
#
# Needs hyperfine and GNU time (Debian: apt-get install -y hyperfine time). Knobs:
# BENCH_RUNS (5), BENCH_OUT (target/bench-linear). Takes about a minute after the build.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(realpath "${1:-target/release/aftercert}")
OUT=${BENCH_OUT:-$PWD/target/bench-linear}
RUNS=${BENCH_RUNS:-5}
GOOD=$PWD/fixtures/appliance-mature.yaml
mkdir -p "$OUT"
gen() { scripts/gen_linear.sh "$OUT" "$1" "$2" >/dev/null; echo "$OUT/$1-$2.yaml"; }

cases=()
for n in 5000 20000 100000; do cases+=("validate unknown-$n|validate $(gen unknown $n)"); done
for n in 10000 100000; do cases+=("check regions-$n|check --as-of 2026-11-23 --format json $(gen regions $n)"); done
for n in 10000 100000; do cases+=("validate unsold-$n|validate $(gen unsold $n)"); done
for n in 5000 50000; do cases+=("validate dupkeys-$n|validate $(gen dupkeys $n)"); done
for n in 10000 100000; do cases+=("validate evidence-$n|validate $(gen evidence $n)"); done
for n in 1000 10000; do
  cases+=("check waivers-$n|check --as-of 2026-11-23 --format json --waivers $(gen waivers $n) $GOOD")
done
for n in 1000 5000; do
  gen sameas "$n" >/dev/null
  cases+=("standards lint sameas-$n|standards lint $OUT/sameas-$n/")
done

printf '| input | size | mean (s) | ± (s) | peak memory (MB) |\n|---|---|---|---|---|\n'
for c in "${cases[@]}"; do
  name=${c%%|*}; args=${c#*|}
  file=$(echo "$args" | grep -o "$OUT/[^ ]*" | head -1)
  [ -d "$file" ] && file="$file/house-checklist.yaml"
  size=$(du -k "$file" | cut -f1)
  hyperfine -N -i --runs "$RUNS" --warmup 1 --export-json "$OUT/${name// /_}.json" \
    "$BIN $args" >/dev/null 2>&1
  mean=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['results'][0]; print(f\"{r['mean']:.3f} | {r['stddev']:.3f}\")" "$OUT/${name// /_}.json")
  # shellcheck disable=SC2086
  /usr/bin/time -o "$OUT/mem" -f '%M' "$BIN" $args >/dev/null 2>&1 || true
  mem=$(tail -1 "$OUT/mem")
  printf '| %s | %s KB | %s | %s |\n' "$name" "$size" "$mean" "$((mem / 1024))"
done
