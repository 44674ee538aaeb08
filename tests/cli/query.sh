# `loam query --json` on the queries the example and demo vaults carry,
# against results worked out by hand (tests/expected/*.jsonl explain the order).
source "$(dirname "$0")/lib.bash"
ex=$LOAM_EXAMPLES
exp=$LOAM_EXPECTED
q() { "$LOAM" query --json --today $today --vault "$1" -; }

expect_same "Mara's open tasks, newest created first" "$exp/examples-mara.jsonl" \
  q "$ex" < <(tasks_block "$ex/People/Mara Okafor.md")
expect_same "Teodor's open tasks by due date" "$exp/examples-teo.jsonl" \
  q "$ex" < <(tasks_block "$ex/People/Teodor Lind.md")
expect_same "Open Topics: OR, group by filename, sort by priority" "$exp/examples-open-topics.jsonl" \
  q "$ex" < <(tasks_block "$ex/Topics/Open Topics.md")
expect_same "demo vault: due this week" "$exp/demo-this-week.jsonl" \
  q "$LOAM_DEMO" < <(tasks_block "$LOAM_DEMO/Home.md")

printf 'not done\nfrobnicate the tasks\n' >/tmp/loam-q.$$
expect_status "an unknown instruction fails" 1 "$LOAM" query --json --vault "$ex" /tmp/loam-q.$$
expect_grep "the error names line 2" 'line 2' err
rm -f /tmp/loam-q.$$
expect_status "query text from a file" 0 "$LOAM" query --vault "$ex" --today $today "$exp/../fixtures/done.query"
expect_grep "done tasks are rendered" 'Expense report' out
expect_grep "the count closes the listing" '^4 tasks$' out
finish
