# `loam index --stats` on the example vault, counted by hand from its notes:
# 13 notes, 26 links (one, [[Nonexistent design doc]], unresolved), 18 tasks
# (not the one inside a code block), one frontmatter error.
source "$(dirname "$0")/lib.bash"
ex=$LOAM_EXAMPLES

expect_status "index --stats succeeds" 0 "$LOAM" index --stats --vault "$ex"
expect_grep "13 notes" '^notes +13$' out
expect_grep "26 links, 1 unresolved" '^links +26 \(25 resolved, 1 unresolved\)$' out
expect_grep "18 tasks" '^tasks +18$' out
expect_grep "one parse error" '^parse errors +1$' out
expect_grep "the broken note is listed with its position" '^  Topics/Broken frontmatter.md:[0-9]+:[0-9]+: frontmatter: ' out
expect_grep "time is printed" '^time +[0-9.]+ s$' out
expect_status "index --json succeeds" 0 "$LOAM" index --json --vault "$ex"
expect_grep "json counts" '"notes":13,"links":26,"resolved":25,"unresolved":1,"tasks":18' out
finish
