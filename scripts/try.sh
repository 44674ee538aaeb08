#!/usr/bin/env bash
# The "try it" command: installs what is missing, builds loam, and opens
# Neovim (>= 0.10; fetched when the system's is older) on the demo vault with
# a minimal init that loads only loam. Pass another vault folder to use it:
#   scripts/try.sh [VAULT]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
vault=$(cd "${1:-$root/examples/demo-vault}" && pwd)

"$root/scripts/deps.sh"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release -DLOAM_SANITIZERS=OFF >/dev/null
cmake --build "$root/build" -j"$(nproc 2>/dev/null || echo 2)" --target loam >&2
nvim=$("$root/scripts/get-nvim.sh" "$root/build/nvim")
cd "$vault"
start=Home.md
[[ -f $start ]] || start=$(find . -name '*.md' -not -path '*/.*' | sort | head -n1)
LOAM_ROOT=$root LOAM_VAULT=$vault exec "$nvim" -u "$root/scripts/try-init.lua" -i NONE "$start"
