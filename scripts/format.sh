#!/usr/bin/env bash
# Formats every C file with .clang-format; `--check` only reports (exit 1
# when a file would change), which is what the `format` test runs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null || find helper tests bench -name '*.[ch]')
if [[ ${1:-} == --check ]]; then
  clang-format --dry-run -Werror "${files[@]}"
else
  clang-format -i "${files[@]}"
fi
