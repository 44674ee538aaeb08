#!/usr/bin/env bash
# Benchmarks, run on demand (never in the tests): builds an optimised loam,
# generates vaults of the given sizes once (cached under build/bench/), and
# prints figures. Usage: bench/run.sh [N ...]   (default: 10000)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build/bench
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000)

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLOAM_SANITIZERS=OFF >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target loam loam-gen-vault loam-bench-query loam-bench-links \
  loam-bench-complete loam-bench-scan >/dev/null
loam=$build/bin/loam

bench_index() { # $1 label, $2 vault
  echo "== loam index --stats: $1"
  "$loam" index --stats --vault "$2" | sed 's/^/   /'
  local best=
  for _ in 1 2 3; do
    local s
    s=$("$loam" index --json --vault "$2" | sed -E 's/.*"seconds":([0-9.]+).*/\1/')
    if [[ -z $best ]] || awk "BEGIN{exit !($s < $best)}"; then best=$s; fi
  done
  echo "   best of 3 scans: ${best} s"
}

examples=$root/../shared/examples/vault
[[ -d $examples ]] && bench_index "example vault" "$examples"
bench_index "demo vault" "$root/examples/demo-vault"
for n in "${sizes[@]}"; do
  vault=$build/vault-$n
  [[ -d $vault ]] || "$build/bin/loam-gen-vault" "$vault" "$n" >/dev/null
  bench_index "generated vault of $n notes" "$vault"
done

# The vaults the issues were measured on: ../shared/tools/genvault.py (not part
# of loam; used when present), in the shape of real people and meeting notes.
genvault=${LOAM_GENVAULT:-$root/../shared/tools/genvault.py}
for n in "${sizes[@]}"; do
  vault=$build/vault-$n
  if [[ -f $genvault ]]; then
    vault=$build/genvault-$n
    [[ -d $vault ]] || python3 "$genvault" "$vault" --notes "$n" --seed 1 >/dev/null
  fi
  echo "== cold scan against the read floor (same run), memory: $(basename "$vault") (target: scan <= 3x floor, resident < vault bytes)"
  "$build/bin/loam-bench-scan" "$vault" 3 | sed 's/^/   /'
done

for n in "${sizes[@]}"; do
  echo "== task queries inside the helper: generated vault of $n notes (target: < 20 ms)"
  "$build/bin/loam-bench-query" "$build/vault-$n" 10 | sed 's/^/   /'
done

for n in "${sizes[@]}"; do
  echo "== link methods inside the helper: generated vault of $n notes"
  "$build/bin/loam-bench-links" "$build/vault-$n" 10 | sed 's/^/   /'
done

for n in "${sizes[@]}"; do
  echo "== completion inside the helper: generated vault of $n notes (target on 100000: median < 1 ms, p99 < 3 ms)"
  "$build/bin/loam-bench-complete" "$build/vault-$n" 10 | sed 's/^/   /'
done

nvim=$("$root/scripts/get-nvim.sh" "$root/build/nvim" 2>/dev/null) || nvim=
if [[ -n $nvim ]]; then
  for n in "${sizes[@]}"; do
    echo "== completion from Neovim: generated vault of $n notes"
    "$nvim" --headless -u NONE -i NONE -l "$root/bench/nvim_complete.lua" "$root" "$loam" \
      "$build/vault-$n" 5 2>&1 | sed 's/^/   /'
  done
fi

# Keystroke to menu through the real completion engines, when the user has
# checkouts of them: LOAM_ENGINES=DIR holding nvim-cmp/ and blink.cmp/
# (nothing is fetched; the built-in omnifunc is the baseline of the run).
if [[ -n $nvim ]]; then
  for n in "${sizes[@]}"; do
    echo "== keystroke to menu through the engines: generated vault of $n notes"
    if [[ -z ${LOAM_ENGINES:-} ]]; then echo "   (engines skipped: set LOAM_ENGINES)"; fi
    LOAM_ENGINES=${LOAM_ENGINES:-} "$nvim" --headless -u NONE -i NONE -l "$root/bench/engines.lua" "$root" \
      "$loam" "$build/vault-$n" 2>&1 | sed 's/^/   /'
  done
fi
