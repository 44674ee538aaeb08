#!/usr/bin/env bash
# The test command: installs what is missing, builds the helper and every
# test in two variants (plain, and ASan+UBSan), fetches a Neovim >= 0.10 when
# the system's is older, and runs everything through one ctest.
#   scripts/test.sh [extra ctest args, e.g. -R query]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${LOAM_BUILD_DIR:-$root/build/test}

"$root/scripts/deps.sh"
nvim=$("$root/scripts/get-nvim.sh" "$root/build/nvim")
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLOAM_WERROR=ON \
  -DLOAM_SANITIZERS=ON -DLOAM_NVIM="$nvim" -DLOAM_VIM="$(command -v vim || true)" >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)"
# LeakSanitizer reports leaks at exit; UBSan stops at the first finding.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build" --output-on-failure -j"$(nproc 2>/dev/null || echo 2)" "$@"
