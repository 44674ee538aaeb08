# lib.bash: assertions for the CLI tests (sourced; not a test itself).
# Each test script runs `$LOAM` (set by ctest) and counts its checks; the
# last line is "N passed, N failed" and the exit status is non-zero on failure.
set -u
passed=0
failed=0
: "${LOAM:?run through ctest}"
today=2026-11-25

ok() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; shift; printf '     %s\n' "$@"; }

# expect_status NAME WANT CMD...: runs CMD, checks its exit status.
expect_status() {
  local name=$1 want=$2
  shift 2
  "$@" >/tmp/loam-cli-out.$$ 2>/tmp/loam-cli-err.$$
  local got=$?
  if [[ $got == "$want" ]]; then ok "$name"; else
    fail "$name" "exit $got, expected $want" "stderr: $(head -c 400 /tmp/loam-cli-err.$$)"
  fi
}

# expect_same NAME EXPECTED_FILE CMD...: stdout must equal the file.
expect_same() {
  local name=$1 want=$2
  shift 2
  local got
  got=$("$@" 2>/tmp/loam-cli-err.$$)
  local rc=$?
  if [[ $rc == 0 && $got == "$(cat "$want")" ]]; then ok "$name"; else
    fail "$name" "exit $rc; diff (expected, got):" \
      "$(diff <(cat "$want") <(printf '%s\n' "$got") | head -20)" "stderr: $(head -c 400 /tmp/loam-cli-err.$$)"
  fi
}

# expect_grep NAME PATTERN FILE: the captured output (out or err) matches.
expect_grep() {
  if grep -qE -- "$2" "/tmp/loam-cli-$3.$$"; then ok "$1"; else
    fail "$1" "no match for /$2/ in $3:" "$(head -c 600 "/tmp/loam-cli-$3.$$")"
  fi
}

# tasks_block NOTE: the text of the first ```tasks block in NOTE.
tasks_block() { awk '/^```tasks/ { inside = 1; next } inside && /^```/ { exit } inside' "$1"; }

finish() {
  rm -f /tmp/loam-cli-out.$$ /tmp/loam-cli-err.$$
  echo "$passed passed, $failed failed"
  [[ $failed == 0 ]]
}
