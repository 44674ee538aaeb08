# The CLI's contract for bad input: usage errors exit 2 with a one-line
# reason and the usage on stderr; an unreadable vault exits 1 with the reason.
source "$(dirname "$0")/lib.bash"
ex=$LOAM_EXAMPLES

expect_status "no command is a usage error" 2 "$LOAM"
expect_grep "usage is printed" '^usage: loam' err
expect_status "unknown command" 2 "$LOAM" frobnicate
expect_grep "unknown command is named" "unknown command 'frobnicate'" err
expect_status "unknown option" 2 "$LOAM" index --frob
expect_grep "unknown option is named" 'unknown option --frob' err
expect_status "option without value" 2 "$LOAM" index --vault
expect_status "bad --today" 2 "$LOAM" query --today 2026-13-01 --vault "$ex"
expect_grep "bad --today is explained" 'YYYY-MM-DD' err
expect_status "backlinks needs a note" 2 "$LOAM" backlinks --vault "$ex"
expect_status "unreadable vault exits 1" 1 "$LOAM" index --vault /nonexistent/vault
expect_grep "unreadable vault names the reason" '/nonexistent/vault: No such file' err
expect_status "--version" 0 "$LOAM" --version
expect_grep "--version prints the version" '^loam [0-9]+\.[0-9]+' out
expect_status "help" 0 "$LOAM" help
expect_status "unknown note exits 1" 1 "$LOAM" backlinks --vault "$ex" "No such note"
expect_grep "unknown note is named" "no note matches 'No such note'" err
finish
