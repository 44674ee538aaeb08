vim9script
# tests/vim/test_tasks.vim: task query buffers in a real Vim 9, and every
# write loam makes: toggling through a loaded buffer (one undo step, written
# when it had no unsaved changes) or through the helper's edit_lines, the
# refusals, and views that follow the index as files change on disk.

import './loamtest.vim' as t

const mara = 'People/Mara Okafor.md'
const daily = 'Daily/2026-11-24.md'
const store = 'Topics/Object store replatforming.md'

# The buffer of the task view, once it shows `count_line` as its last line.
def View(count_line: string): number
  var buf = 0
  t.Wait(() => {
    buf = getbufinfo()->filter((_, b) => getbufvar(b.bufnr, '&filetype') == 'loamtasks')
      ->map((_, b) => b.bufnr)->get(0, 0)
    return buf > 0 && getbufline(buf, '$')[0] == count_line
  })
  assert_equal(count_line, buf > 0 ? getbufline(buf, '$')[0] : '(no task view)')
  return buf
enddef

def Loam_tasks_runs_the_block_under_the_cursor()
  t.Setup(t.examples)
  t.Open(t.examples, mara)
  var note_win = win_getid()
  cursor(31, 1)
  Loam tasks
  var buf = View('6 tasks')
  assert_equal('loam://tasks/People/Mara Okafor.md:31', bufname(buf))
  assert_equal(buf, bufnr())  # the view has the cursor, in a split
  assert_equal(2, winnr('$'))
  assert_equal([
    '- [ ] Fix this note @mara  ➕ 2026-11-22  (Broken frontmatter)',
    '- [ ] A task in a CRLF file @mara  ➕ 2026-11-21  (Windows note)',
    '- [ ] Evaluate the competitive risk of the in-house object store @mara @teo #risk  ⏫ '
      .. '➕ 2026-11-19  (2026-11-18 - Storage roadmap review > Tasks)',
    '- [ ] Catch up with @mara on the draft document and align on direction #work  '
      .. '➕ 2026-11-18 📅 2026-11-27  (2026-11-18 - Storage roadmap review > Tasks)',
    '- [ ] Prepare the summit presentation outline @mara  ➕ 2026-11-06 🛫 2026-11-20 '
      .. '⏳ 2026-11-25 📅 2026-12-05  (2026-11-04 - Planning sessions > Action items)',
    '- [ ] Draft the cloud pipeline overview for @mara #work  ⏫ ➕ 2026-11-04 📅 2026-11-28  '
      .. '(2026-11-04 - Planning sessions > Action items)',
    '',
    '6 tasks',
  ], getline(1, '$'))
  assert_equal(['nofile', 'loamtasks', false, false], [&buftype, &filetype, &modifiable, &modified])
  # The helper's highlight spans are text properties: `[ ]` is the checkbox.
  var checkbox = prop_list(1)->filter((_, p) => p.type == 'LoamTaskCheckbox')
  assert_equal([3, 3], [checkbox[0].col, checkbox[0].length])
  assert_equal('Title', hlget('LoamTaskGroup')[0].linksto)
  # <CR> opens the task in the window the view came from.
  cursor(3, 1)
  feedkeys("\<CR>", 'xt')
  assert_equal(note_win, win_getid())
  assert_match('Meetings/2026-11-18 - Storage roadmap review\.md$', bufname())
  assert_equal(20, line('.'))
  assert_match('^- \[ \] Evaluate the competitive risk', getline('.'))
  # Outside a tasks block: the helper says so.
  t.Open(t.examples, mara)
  cursor(3, 1)
  Loam tasks
  assert_true(t.SawMessage('warn: (loam) tasks: no tasks block at People/Mara Okafor\.md:3'))
enddef

def Loam_tasks_with_a_query_and_its_keys()
  t.Setup(t.examples, {tasks: {open: 'tab'}})
  t.Open(t.examples, mara)
  Loam tasks not done\npath includes Daily\nlimit 1
  var buf = View('1 of 2 tasks')
  assert_equal('loam://tasks/not done; path includes Daily; limit 1', bufname(buf))
  assert_equal(2, tabpagenr('$'))
  assert_equal(['- [ ] Reply to the summit organisers  📅 2026-11-24  (2026-11-24)', '',
    '1 of 2 tasks'], getline(1, '$'))
  # r runs it again in place; the same query reuses the buffer
  feedkeys('r', 'xt')
  Loam tasks not done\npath includes Daily\nlimit 1
  t.Wait(() => tabpagenr() == 2)
  assert_equal(buf, bufnr())
  assert_equal(2, tabpagenr('$'))
  # q closes the view
  feedkeys('q', 'xt')
  assert_false(bufexists(buf))
  # a query that does not parse names its line and column
  Loam tasks not done\nfrobnicate
  assert_true(t.SawMessage("error: (loam) tasks: line 2: do not understand 'frobnicate': "))
  # no query outside a note
  enew
  Loam tasks
  assert_equal('warn: (loam) tasks: give a query (:Loam tasks not done), or run it on a ```tasks '
    .. 'block in a vault note', t.LastMessage())
enddef

def X_toggles_a_task_through_its_loaded_buffer_as_one_undo_step()
  var vault = t.CopyVault()
  t.Setup(vault)
  t.Open(vault, daily)
  var note = bufnr()
  Loam tasks not done\npath includes Daily
  var view = View('2 tasks')
  cursor(2, 1)
  assert_equal('- [ ] Water the plants  (2026-11-24)', getline('.'))
  feedkeys('x', 'xt')
  assert_true(t.Wait(() => getbufline(note, 5)[0] == '- [x] Water the plants ✅ 2026-11-25'))
  # written, since the buffer had no unsaved changes
  assert_false(getbufvar(note, '&modified'))
  assert_equal('- [x] Water the plants ✅ 2026-11-25', t.Disk(vault .. '/' .. daily)[4])
  # and the view shows the new state
  View('1 task')
  assert_equal(['- [ ] Reply to the summit organisers  📅 2026-11-24  (2026-11-24)', '',
    '1 task'], getbufline(view, 1, '$'))
  # one undo step brings the line back
  execute 'buffer' note
  silent undo
  assert_equal('- [ ] Water the plants', getline(5))
  assert_equal(13, line('$'))
enddef

def X_on_a_note_not_loaded_goes_through_edit_lines()
  var vault = t.CopyVault()
  t.Setup(vault)
  t.Open(vault, mara)
  Loam tasks not done\npath includes Object store
  View('1 task')
  assert_equal(-1, bufnr(vault .. '/' .. store))
  cursor(1, 1)
  feedkeys('x', 'xt')
  # a recurring task: the next occurrence above, this one done
  assert_true(t.Wait(() => t.Disk(vault .. '/' .. store)[16] =~ '2027-01-01'))
  assert_equal([
    '- [ ] Confirm the hardware order (L-series, bare metal) #work 🔁 every month 📅 2027-01-01',
    '- [x] Confirm the hardware order (L-series, bare metal) #work 🔁 every month 📅 2026-12-01 '
      .. '➕ 2026-11-01 ✅ 2026-11-25',
  ], t.Disk(vault .. '/' .. store)[16 : 17])
  assert_equal(-1, bufnr(vault .. '/' .. store))  # still not loaded
  assert_true(t.Wait(() => getline(1) =~ '📅 2027-01-01'))
enddef

# Applies edits with loam#edit#Apply and returns [err, info].
def Apply(path: string, edits: list<any>): list<any>
  var answer: list<any> = []
  loam#edit#Apply(path, edits, (err, info) => {
    answer = [err, info]
  })
  t.Wait(() => !empty(answer))
  return answer
enddef

def Buffer_edits_are_checked_refused_when_stale_and_kept_unsaved_when_modified()
  var vault = t.CopyVault()
  var path = vault .. '/' .. daily
  t.Setup(vault)
  t.Open(vault, daily)
  var before = getline(1, '$')
  # an expectation that does not match: nothing changes
  var [err, _] = Apply(path, [{line: 5, expect: '- [ ] Water the plants', lines: ['A']},
    {line: 4, expect: '- [ ] Reply to someone else', lines: ['B']}])
  assert_equal('LOAM_E_CHANGED', err.code)
  assert_match('line 4 no longer reads as expected; nothing was changed$', err.message)
  assert_equal(before, getline(1, '$'))
  [err, _] = Apply(path, [{line: 40, expect: 'x', lines: []}])
  assert_match('it has no line 40; nothing was changed$', err.message)
  # replace, insert above, delete and append in one go, as one undo step
  var info: any
  [err, info] = Apply(path, [
    {line: 5, expect: '- [ ] Water the plants', lines: ['- [ ] Water the ferns', '- [ ] and the cactus']},
    {line: 1, insert: true, lines: ['---', 'tags: [daily]', '---']},
    {line: 3, expect: '- Talked to [[Teo]] about the inventory, see [[2026-11-18 - Storage '
      .. 'roadmap review#Tasks]].', lines: []},
    {line: 14, insert: true, lines: ['The end.']},
  ])
  assert_equal(null, err)
  assert_equal(bufnr(), info.buffer)
  var want = ['---', 'tags: [daily]', '---', '# 2026-11-24', '', '- [ ] Reply to the summit '
    .. 'organisers 📅 2026-11-24', '- [ ] Water the ferns', '- [ ] and the cactus']
  assert_equal(want, getline(1, 8))
  assert_equal('The end.', getline('$'))
  assert_equal(getline(1, '$'), t.Disk(path))  # written
  silent undo
  assert_equal(before, getline(1, '$'))
  silent write
  # another program changed the file: an unmodified buffer is stale, refused
  var disk = t.Disk(path)
  disk[4] = '- [ ] Water the plants (changed elsewhere)'
  writefile(disk, path)
  [err, _] = Apply(path, [{line: 5, expect: '- [ ] Water the plants', lines: ['X']}])
  assert_equal('LOAM_E_CHANGED', err.code)
  assert_match('the file changed on disk since it was loaded; reload it (:e) first$', err.message)
  assert_equal('- [ ] Water the plants', getline(5))
  # unsaved changes: the buffer is edited, not written
  edit!
  setline(1, '# Changed title')
  [err, _] = Apply(path, [{line: 5, expect: '- [ ] Water the plants (changed elsewhere)',
    lines: ['- [x] Watered']}])
  assert_equal(null, err)
  assert_equal('- [x] Watered', getline(5))
  assert_true(&modified)
  assert_equal('- [ ] Water the plants (changed elsewhere)', t.Disk(path)[4])
enddef

def A_hidden_loaded_buffer_is_edited_and_written_without_showing_it()
  var vault = t.CopyVault()
  var path = vault .. '/' .. daily
  t.Setup(vault)
  set hidden
  t.Open(vault, daily)
  var note = bufnr()
  t.Open(vault, mara)
  assert_equal(-1, bufwinid(note))
  assert_true(bufloaded(note))
  var [err, info] = Apply(path, [{line: 5, expect: '- [ ] Water the plants',
    lines: ['- [x] Water the plants']}])
  assert_equal(null, err)
  assert_equal(note, info.buffer)
  assert_equal('- [x] Water the plants', getbufline(note, 5)[0])
  assert_false(getbufvar(note, '&modified'))
  assert_equal('- [x] Water the plants', t.Disk(path)[4])
  assert_equal([1, bufnr()], [winnr('$'), winbufnr(1)])  # no window left behind
  assert_match('Mara Okafor\.md$', bufname())
enddef

def A_task_view_follows_files_changed_on_disk()
  var vault = t.CopyVault()
  t.Setup(vault)
  t.Open(vault, mara)
  Loam tasks not done\npath includes Daily
  var view = View('2 tasks')
  var lines = t.Disk(vault .. '/' .. daily)
  lines->add('- [ ] Buy bread 📅 2026-11-26')
  writefile(lines, vault .. '/' .. daily)
  View('3 tasks')
  assert_equal('- [ ] Buy bread  📅 2026-11-26  (2026-11-24)', getbufline(view, 2)[0])
  # a note removed from the vault takes its tasks away
  delete(vault .. '/' .. daily)
  View('No tasks match.')
enddef

def Ctrl_a_ctrl_x_Loam_status_and_Loam_toggle_change_the_status()
  var vault = t.CopyVault()
  var path = vault .. '/' .. daily
  t.Setup(vault)
  t.Open(vault, daily)
  var note = bufnr()
  Loam tasks description includes plants
  var view = View('1 task')
  # ' ' -> the previous status in the table: '-' Cancelled, with its date
  feedkeys("\<C-x>", 'xt')
  assert_true(t.Wait(() => getbufline(note, 5)[0] == '- [-] Water the plants ❌ 2026-11-25'))
  assert_true(t.Wait(() => getbufline(view, 1)[0] =~ '^- \[-\] Water the plants'))
  Loam status /
  assert_true(t.Wait(() => getbufline(note, 5)[0] == '- [/] Water the plants'))
  # (a key pressed before the view shows the change would be refused: stale)
  assert_true(t.Wait(() => getbufline(view, 1)[0] =~ '^- \[/\] Water the plants'))
  feedkeys("\<C-a>", 'xt')  # '/' -> '-'
  assert_true(t.Wait(() => getbufline(note, 5)[0] == '- [-] Water the plants ❌ 2026-11-25'))
  assert_equal('- [-] Water the plants ❌ 2026-11-25', t.Disk(path)[4])
  Loam status xy
  assert_equal('warn: (loam) status: give one status symbol, e.g. :Loam status /', t.LastMessage())
  # :Loam toggle on a task line of a note: a recurring task gets its next
  # occurrence above
  execute 'buffer' note
  setline(13, '- [ ] take out the trash 🔁 every Sunday 📅 2026-11-29')
  silent write
  cursor(13, 1)
  Loam toggle
  assert_true(t.Wait(() => line('$') == 14))
  assert_equal(['- [ ] take out the trash 🔁 every Sunday 📅 2026-12-06',
    '- [x] take out the trash 🔁 every Sunday 📅 2026-11-29 ✅ 2026-11-25'], getline(13, 14))
  assert_equal(getline(1, '$'), t.Disk(path))
enddef

def Custom_statuses_and_dates_follow_the_tasks_options()
  var vault = t.CopyVault()
  t.Setup(vault, {tasks: {set_done_date: false, recurrence_position: 'below',
    statuses: [{symbol: '!', name: 'Important', next: 'x', type: 'TODO'}]}})
  t.Open(vault, daily)
  setline(5, '- [!] Water the plants')
  setline(13, '- [ ] take out the trash 🔁 every Sunday 📅 2026-11-29')
  silent write
  cursor(5, 1)
  Loam toggle
  assert_true(t.Wait(() => getline(5) == '- [x] Water the plants'))
  cursor(13, 1)
  Loam toggle
  assert_true(t.Wait(() => line('$') == 14))
  assert_equal(['- [x] take out the trash 🔁 every Sunday 📅 2026-11-29',
    '- [ ] take out the trash 🔁 every Sunday 📅 2026-12-06'], getline(13, 14))
  assert_false(loam#Setup({vault: vault, tasks: {statuses: [{symbol: 'ab'}]}}))
  assert_match("^error: (loam) option 'tasks.statuses' must be a list of ", t.LastMessage())
enddef

t.Run([
  [':Loam tasks runs the block under the cursor', Loam_tasks_runs_the_block_under_the_cursor],
  [':Loam tasks with a query, and the view''s keys', Loam_tasks_with_a_query_and_its_keys],
  ['x toggles a task through its loaded buffer, as one undo step',
    X_toggles_a_task_through_its_loaded_buffer_as_one_undo_step],
  ['x on a note not loaded goes through edit_lines', X_on_a_note_not_loaded_goes_through_edit_lines],
  ['buffer edits are checked, refused when stale, kept unsaved when modified',
    Buffer_edits_are_checked_refused_when_stale_and_kept_unsaved_when_modified],
  ['a hidden loaded buffer is edited and written without showing it',
    A_hidden_loaded_buffer_is_edited_and_written_without_showing_it],
  ['a task view follows files changed on disk', A_task_view_follows_files_changed_on_disk],
  ['<C-a>, <C-x>, :Loam status and :Loam toggle change the status',
    Ctrl_a_ctrl_x_Loam_status_and_Loam_toggle_change_the_status],
  ['custom statuses and dates follow the tasks options',
    Custom_statuses_and_dates_follow_the_tasks_options],
])
