# `loam complete` for every link form, accent folding and the ranking's
# tie-breakers, checked by hand against the example vault and a small
# vault written here (dates, links and stems chosen so each rule decides).
source "$(dirname "$0")/lib.bash"
ex=$LOAM_EXAMPLES

first() { head -n1 /tmp/loam-cli-out.$$; }
lines() { cat /tmp/loam-cli-out.$$; }
same() { # NAME WANT GOT
  if [[ $2 == "$3" ]]; then ok "$1"; else fail "$1" "want: $2" "got:  $3"; fi
}

# Forms of the prefix.
expect_status "headings inside a heading (Note#A#)" 0 "$LOAM" complete --vault "$ex" 'Sync engine#sync engine#'
same "every heading under # Sync engine, in document order" \
  "$(printf 'Sync engine#Sync engine#Design\theading\tTopics/Sync engine.md\nSync engine#Sync engine#Risks\theading\tTopics/Sync engine.md\nSync engine#Sync engine#Links\theading\tTopics/Sync engine.md')" \
  "$(lines)"
expect_status "a heading that is not there has nothing inside" 0 "$LOAM" complete --vault "$ex" 'Sync engine#Nope#'
same "no items" "" "$(lines)"
expect_status "headings across the vault (##)" 0 "$LOAM" complete --vault "$ex" '##eras'
same "Erasure coding, named by its note" $'Object store replatforming#Erasure coding\theading\tTopics/Object store replatforming.md' "$(first)"
expect_status "block ids across the vault (^^)" 0 "$LOAM" complete --vault "$ex" '^^api'
same "the api-contract block" $'2026-11-18 - Storage roadmap review#^api-contract\tblock\tMeetings/2026-11-18 - Storage roadmap review.md' "$(lines)"
expect_status "current note headings (#) need --path" 0 "$LOAM" complete --vault "$ex" --path 'Topics/Sync engine.md' '#ri'
same "Risks" $'#Risks\theading\tTopics/Sync engine.md' "$(first)"
expect_status "current note blocks (^)" 0 "$LOAM" complete --vault "$ex" --path 'People/Mara Okafor.md' '^'
same "broad-market" $'#^broad-market\tblock\tPeople/Mara Okafor.md' "$(lines)"
expect_status "a path prefix matches paths" 0 "$LOAM" complete --vault "$ex" 'People/te'
same "Teodor Lind by its path" $'Teodor Lind\tnote\tPeople/Teodor Lind.md' "$(first)"
expect_status "typing the display text offers nothing" 0 "$LOAM" complete --vault "$ex" 'Mara Okafor|M'
same "no items" "" "$(lines)"

# Accents and case.
expect_status "soren" 0 "$LOAM" complete --vault "$ex" 'soren'
same "ø folds to o" $'Søren Ærø\tnote\tPeople/Søren Ærø.md' "$(first)"
expect_status "aero" 0 "$LOAM" complete --vault "$ex" 'aero'
same "Æ folds to ae" $'Søren Ærø\tnote\tPeople/Søren Ærø.md' "$(first)"
expect_status "upper case wants upper case" 0 "$LOAM" complete --vault "$ex" 'OKAF'
same "no note has OKAF in capitals" "" "$(lines)"

# Ranking: equal scores go to the newer note, then the more linked, then the
# shorter title, then the path.
v=$(mktemp -d)
mkdir -p "$v/a" "$v/b"
printf -- '---\ncreated: 2026-01-05\n---\n' >"$v/Plan alpha.md"
printf -- '---\ncreated: 2026-03-05\n---\n' >"$v/Plan gamma.md"   # newer: first
printf -- '---\ncreated: 2026-02-05\n---\n' >"$v/Plan delta.md"
printf -- '---\ncreated: 2026-01-01\n---\n' >"$v/Memo one.md"
printf -- '---\ncreated: 2026-01-01\n---\n' >"$v/Memo two.md"      # linked twice: first
printf -- '---\ncreated: 2020-01-01\n---\n[[Memo two]]\n' >"$v/x.md"
printf -- '---\ncreated: 2020-01-01\n---\n[[memo two#h]] [[Memo one]]\n[[Memo two|again]]\n' >"$v/y.md"
printf -- '---\ncreated: 2020-01-01\n---\n[[Memo two]]\n' >"$v/z.md"
printf -- '---\ntitle: Kilo long title\naliases: [kk]\ncreated: 2026-01-01\n---\n' >"$v/b/Kilo.md"
printf -- '---\ntitle: Kilo\naliases: [kk]\ncreated: 2026-01-01\n---\n' >"$v/a/Kilo.md"
printf -- '---\ntitle: Kilo\naliases: [kk]\ncreated: 2026-01-01\n---\n' >"$v/b/Kilo2.md"
expect_status "plan" 0 "$LOAM" complete --vault "$v" 'plan'
same "newest first when scores tie" \
  "$(printf 'Plan gamma\tnote\tPlan gamma.md\nPlan delta\tnote\tPlan delta.md\nPlan alpha\tnote\tPlan alpha.md')" "$(lines)"
expect_status "memo" 0 "$LOAM" complete --vault "$v" 'memo'
same "more linked first when scores and dates tie" \
  "$(printf 'Memo two\tnote\tMemo two.md\nMemo one\tnote\tMemo one.md')" "$(lines)"
expect_status "kk" 0 "$LOAM" complete --vault "$v" 'kk'
# a/Kilo wins resolution of the shared stem (same length, smaller path) and
# keeps it; b/Kilo is named by its path.
same "shorter title, then path; a shared stem is named by path" \
  "$(printf 'Kilo|kk\talias\ta/Kilo.md\nKilo2|kk\talias\tb/Kilo2.md\nb/Kilo|kk\talias\tb/Kilo.md')" "$(lines)"
expect_status "nothing typed" 0 "$LOAM" complete --vault "$v" --limit 2 ''
same "the most recent notes" "$(printf 'Plan gamma\tnote\tPlan gamma.md\nPlan delta\tnote\tPlan delta.md')" "$(lines)"
rm -rf "$v"
finish
