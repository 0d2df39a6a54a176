#!/usr/bin/env bash
# Writes the inputs of the "cost linear in the input" benchmark (BENCHMARKS.md, issue 9
# item 5): process documents whose size is one number N, each built so that one kind of
# work grows with N. A generator, not a test: nothing here times or asserts anything.
#
#   scripts/gen_linear.sh OUT_DIR KIND N
#
# KIND is one of
#   unknown   N misspelt keys under `company` (N unknown-key diagnostics to render)
#   regions   N sales regions and N outlets, one in each (the `covers` check of gbt27922)
#   unsold    N sales regions and N outlets in regions that are not sold (N region-not-sold
#             diagnostics, each naming what was expected)
#   dupkeys   N repetitions of `company.name` (N duplicate-key diagnostics)
#   evidence  N defined evidence ids and N citations of ids that are not defined (N
#             unknown-evidence diagnostics with a did-you-mean over N candidates)
#   waivers   a waivers file of N waivers of unknown criteria (use with a valid document)
#   sameas    a standard (fixtures/custom-standards/house-checklist.yaml with its
#             deductions replaced) of N criteria whose `same_as` points nowhere, written
#             as OUT_DIR/sameas-N/house-checklist.yaml for `aftercert standards lint DIR`
#
# Writes OUT_DIR/KIND-N.yaml and prints its path. Needs only awk. Output is a pure
# function of the arguments.
set -euo pipefail
out=${1:?usage: gen_linear.sh OUT_DIR KIND N}
kind=${2:?usage: gen_linear.sh OUT_DIR KIND N}
n=${3:?usage: gen_linear.sh OUT_DIR KIND N}
mkdir -p "$out"
file="$out/$kind-$n.yaml"
head='aftercert: 1\ncompany:\n  name: 基准测试公司\n'
case "$kind" in
unknown)
  awk -v n="$n" -v h="$head" 'BEGIN { printf h; for (i = 0; i < n; i++) printf "  nmae%06d: x\n", i }' >"$file" ;;
regions | unsold)
  awk -v n="$n" -v h="$head" -v k="$kind" 'BEGIN {
    printf h; print "  sales_regions:"
    for (i = 0; i < n; i++) printf "    - 区域%06d\n", i
    print "network:\n  outlets:"
    for (i = 0; i < n; i++)
      printf "    - {id: O%06d, region: %s%06d, mode: own}\n", i, (k == "unsold" ? "别处" : "区域"), i
  }' >"$file" ;;
dupkeys)
  awk -v n="$n" -v h="$head" 'BEGIN { printf h; for (i = 0; i < n; i++) print "  name: 基准测试公司" }' >"$file" ;;
evidence)
  awk -v n="$n" -v h="$head" 'BEGIN {
    printf h; print "customers:\n  surveys:\n    - last_run: 2026-01-01\n      evidence:"
    for (i = 0; i < n; i++) printf "        - X-%06d\n", i
    print "evidence:"
    for (i = 0; i < n; i++) printf "  - {id: E-%06d, title: 记录}\n", i
  }' >"$file" ;;
waivers)
  awk -v n="$n" 'BEGIN {
    print "waivers:"
    for (i = 0; i < n; i++)
      printf "  - {criterion: gbt27922.no-such-%06d, justification: 基准, approver: QA, expires: 2099-12-31}\n", i
  }' >"$file" ;;
sameas)
  mkdir -p "$out/sameas-$n"
  file="$out/sameas-$n/house-checklist.yaml"
  root=$(dirname "$0")/..
  awk -v n="$n" '/^deductions:/ { exit } { print } END {
    print "deductions:"
    for (i = 0; i < n; i++)
      printf "  - id: house-checklist.sd-%06d\n    same_as: cn-consumer-law.no-such-%06d\n", i, i
  }' "$root/fixtures/custom-standards/house-checklist.yaml" >"$file" ;;
*)
  echo "unknown KIND $kind" >&2; exit 2 ;;
esac
echo "$file"
