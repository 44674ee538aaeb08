# Navigation from the outside: `loam resolve`/`backlinks` on link forms the
# example vault lacks (sub-headings, loose headings, relative Markdown links),
# and the unresolved, tags and rename_plan methods spoken to `loam serve`
# over JSON-RPC, as an editor would. Expectations are checked by hand.
source "$(dirname "$0")/lib.bash"
ex=$LOAM_EXAMPLES
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# rpc VAULT METHOD PARAMS: one JSON-RPC request to `loam serve`; prints the
# response body.
rpc() {
  local body="{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":$3}"
  printf 'Content-Length: %d\r\n\r\n%s' "${#body}" "$body" |
    "$LOAM" serve --protocol jsonrpc --vault "$1" --log "$tmp/log" | tr -d '\r' | sed -n '/^{/p'
}

# A small vault: headings, a block, folders and Markdown links.
v=$tmp/v
mkdir -p "$v/Notes" "$v/Other"
printf '# Plan\n## Goals\n### Detail\nFirst. ^blk\n## Later\n### Detail\n## Q&A: risks?\n' >"$v/Notes/Plan.md"
printf '# Target\n' >"$v/Other/Target note.md"
printf '[t](../Other/Target%%20note.md) and [[Plan#Later#Detail]]\n[u](<../Other/Target note.md>)\n' \
  >"$v/Notes/Source.md"

expect_status "a sub-heading path" 0 "$LOAM" resolve --vault "$v" '[[Plan#Later#Detail]]'
expect_grep "is the Detail inside Later" '^Notes/Plan.md:6$' out
expect_status "the same heading under Goals" 0 "$LOAM" resolve --vault "$v" 'Plan#Goals#Detail'
expect_grep "is the first Detail" '^Notes/Plan.md:3$' out
expect_status "a heading written without its punctuation" 0 "$LOAM" resolve --vault "$v" 'Plan#Q&A risks'
expect_grep "matches loosely" '^Notes/Plan.md:7$' out
expect_status "a block through #^" 0 "$LOAM" resolve --vault "$v" 'Plan#^blk'
expect_grep "at the block's line" '^Notes/Plan.md:4$' out
expect_status "a missing heading still resolves the note" 0 "$LOAM" resolve --json --vault "$v" 'Plan#Nope'
expect_grep "and says what is missing" '"missing":"heading","line":1' out
expect_status "an unresolved link" 1 "$LOAM" resolve --json --vault "$v" '[[Folder/Ghost]]'
expect_grep "says where its note would go" '"new_path":"Folder/Ghost.md"' out

cat >"$tmp/want" <<'OUT'
Notes/Source.md:1:1: [t](../Other/Target%20note.md) and [[Plan#Later#Detail]]
Notes/Source.md:2:1: [u](<../Other/Target note.md>)
OUT
expect_same "relative Markdown links are backlinks" "$tmp/want" \
  "$LOAM" backlinks --vault "$v" 'Other/Target note.md'

# unresolved and tags over JSON-RPC, on the example vault.
rpc "$ex" unresolved '{}' >"/tmp/loam-cli-out.$$"
expect_grep "one unresolved link, on purpose" \
  '"items":\[\{"path":"Topics/Sync engine.md",.*"line":25,"col":24,"target":"Nonexistent design doc","missing":"note","text":"Unresolved on purpose: \[\[Nonexistent design doc\]\]."\}\]' out
rpc "$ex" tags '{"tag":"type"}' | grep -o '"tag":"[^"]*","count":[0-9]*\|"path":"[^"]*"' >"/tmp/loam-cli-out.$$"
cat >"$tmp/want" <<'OUT'
"tag":"type/meeting","count":2
"path":"Meetings/2026-11-04 - Planning sessions.md"
"path":"Meetings/2026-11-18 - Storage roadmap review.md"
"tag":"type/people","count":3
"path":"People/Mara Okafor.md"
"path":"People/Søren Ærø.md"
"path":"People/Teodor Lind.md"
OUT
expect_same "notes under #type, by tag" "$tmp/want" cat "/tmp/loam-cli-out.$$"

# rename_plan writes nothing and says what a rename would change.
cp -r "$ex" "$tmp/ex"
chmod -R u+w "$tmp/ex"
rpc "$tmp/ex" rename_plan '{"path":"People/Mara Okafor.md","new_name":"Mara Okafor-Smith"}' >"/tmp/loam-cli-out.$$"
expect_grep "the new path" '"new_path":"People/Mara Okafor-Smith.md"' out
expect_grep "six links in five notes, none kept" '"links":6,"notes":5,"kept":0' out
expect_grep "the frontmatter list keeps its quotes" \
  '"line":5,"expect":"attendees: \[\\"\[\[Mara Okafor\]\]\\", \\"\[\[Teodor Lind\]\]\\"\]","lines":\["attendees: \[\\"\[\[Mara Okafor-Smith\]\]\\", \\"\[\[Teodor Lind\]\]\\"\]"\]' out
expect_grep "an alias link keeps its text" \
  '"lines":\["- \[\[Mara Okafor-Smith\|Mara\]\] outlined the accelerated cloud push."\]' out
if diff -r "$ex" "$tmp/ex" >/dev/null; then ok "nothing was written"; else
  fail "nothing was written" "$(diff -r "$ex" "$tmp/ex" | head -5)"
fi
rpc "$tmp/ex" rename_note '{"path":"People/Mara Okafor.md","new_path":"People/Teodor Lind.md"}' \
  >"/tmp/loam-cli-out.$$"
expect_grep "rename_note refuses a taken name" '"code":"LOAM_E_IO","message":"People/Teodor Lind.md already exists' out
if diff -r "$ex" "$tmp/ex" >/dev/null; then ok "and changes nothing"; else
  fail "and changes nothing" "$(diff -r "$ex" "$tmp/ex" | head -5)"
fi
finish
