# Completion, resolution and backlinks from the command line, checked by hand
# against the example vault.
source "$(dirname "$0")/lib.bash"
ex=$LOAM_EXAMPLES

expect_status "complete mara" 0 "$LOAM" complete --vault "$ex" mara
expect_grep "Mara Okafor comes first" $'^Mara Okafor\tnote\tPeople/Mara Okafor.md$' out
[[ $(head -n1 /tmp/loam-cli-out.$$) == $'Mara Okafor\tnote\tPeople/Mara Okafor.md' ]] &&
  ok "the best match is the first line" || fail "the best match is the first line" "$(head -n3 /tmp/loam-cli-out.$$)"
expect_status "complete Teo" 0 "$LOAM" complete --vault "$ex" Teo
expect_grep "an alias inserts Note|alias" $'^Teodor Lind\\|Teo\talias\tPeople/Teodor Lind.md$' out
expect_status "complete soren (accents folded)" 0 "$LOAM" complete --vault "$ex" soren
expect_grep "Søren Ærø is found" $'^Søren Ærø\tnote\tPeople/Søren Ærø.md$' out
expect_status "complete a heading" 0 "$LOAM" complete --vault "$ex" 'Sync engine#Ri'
expect_grep "the Risks heading" $'^Sync engine#Risks\theading\tTopics/Sync engine.md$' out
expect_status "complete a block" 0 "$LOAM" complete --vault "$ex" 'Mara Okafor^broad'
expect_grep "the broad-market block" $'^Mara Okafor#\\^broad-market\tblock\tPeople/Mara Okafor.md$' out

expect_status "resolve a heading link" 0 "$LOAM" resolve --vault "$ex" '[[Sync engine#Risks]]'
expect_grep "at the heading's line" '^Topics/Sync engine.md:18$' out
expect_status "resolve an alias" 0 "$LOAM" resolve --vault "$ex" 'Teo'
expect_grep "alias resolves to the note" '^People/Teodor Lind.md:1$' out
expect_status "resolve a block link" 0 "$LOAM" resolve --vault "$ex" 'Mara Okafor^broad-market'
expect_grep "at the block's line" '^People/Mara Okafor.md:39$' out
expect_status "an unresolved link exits 1" 1 "$LOAM" resolve --vault "$ex" '[[Nonexistent design doc]]'
expect_grep "and says so" 'unresolved link: Nonexistent design doc' err

# Newest source note first (created, else a date in the file name); no date last.
cat >/tmp/loam-bl.$$ <<'OUT'
Meetings/2026-11-18 - Storage roadmap review.md:10:12: Attendees: [[Mara Okafor]], [[Teodor Lind]]
Meetings/2026-11-04 - Planning sessions.md:5:14: attendees: ["[[Mara Okafor]]", "[[Teodor Lind]]"]
Meetings/2026-11-04 - Planning sessions.md:13:3: - [[Mara Okafor|Mara]] outlined the accelerated cloud push.
Topics/Sync engine.md:12:8: Owner: [[Mara Okafor]]. Related: [[Object store replatforming]].
People/Teodor Lind.md:25:3: - [[Mara Okafor|Mara]]
Topics/Broken frontmatter.md:6:44: Broken frontmatter must not hide the body. [[Mara Okafor]]
OUT
expect_same "backlinks of Mara Okafor, newest first" /tmp/loam-bl.$$ \
  "$LOAM" backlinks --vault "$ex" 'Mara Okafor'
expect_same "backlinks by path give the same list" /tmp/loam-bl.$$ \
  "$LOAM" backlinks --vault "$ex" 'People/Mara Okafor.md'
rm -f /tmp/loam-bl.$$
finish
