vim9script
# tests/vim/test_notes.vim: loam in a real Vim 9: the plugin's definitions,
# setup, attaching to vault notes, `[[` completion, following links,
# backlinks and related notes, against the example vault.

import './loamtest.vim' as t

const mara = 'People/Mara Okafor.md'
const review = 'Meetings/2026-11-18 - Storage roadmap review.md'

def The_plugin_defines_Loam_and_Plug_maps_but_no_global_keys()
  assert_equal(2, exists(':Loam'))
  assert_equal(['backlinks', 'follow', 'related', 'restart', 'stats', 'status', 'tasks', 'toggle'],
    getcompletion('Loam ', 'cmdline'))
  assert_equal(['tasks', 'toggle'], getcompletion('Loam t', 'cmdline'))
  assert_equal([], getcompletion('Loam tasks ', 'cmdline'))
  assert_match('Follow', maparg('<Plug>(loam-follow)', 'n'))
  assert_match('Backlinks', maparg('<Plug>(loam-backlinks)', 'n'))
  assert_match('Related', maparg('<Plug>(loam-related)', 'n'))
  assert_match('tasks#Run', maparg('<Plug>(loam-tasks)', 'n'))
  assert_match('tasks#Toggle', maparg('<Plug>(loam-toggle)', 'n'))
  assert_equal('', maparg('gf', 'n'))
enddef

def A_vault_note_gets_completion_gf_and_the_helper()
  assert_true(t.Setup(t.examples))
  assert_false(loam#client#IsRunning())  # lazily: no note opened yet
  t.Open(t.examples, mara)
  assert_equal('loam#complete#Omnifunc', &omnifunc)
  assert_true(b:loam_attached)
  assert_equal("<Cmd>call loam#links#Follow('gf')<CR>", maparg('gf', 'n'))
  assert_true(loam#client#IsRunning())
  # A Markdown file outside the vault is left alone.
  var outside = tempname() .. '.md'
  writefile(['# Outside'], outside)
  execute 'edit ' .. fnameescape(outside)
  assert_equal('', &omnifunc)
  assert_false(exists('b:loam_attached'))
  assert_equal('', maparg('gf', 'n'))
  delete(outside)
enddef

def G_loam_variables_set_loam_up_without_a_call()
  g:loam_vault = t.examples
  g:loam_helper = t.helper
  g:loam_mappings = {follow: '<Leader>f'}
  try
    t.Open(t.examples, mara)
    assert_true(b:loam_attached)
    assert_match('Follow', maparg('<Leader>f', 'n'))
    assert_equal('', maparg('gf', 'n'))
  finally
    unlet g:loam_vault g:loam_helper g:loam_mappings
  endtry
enddef

def Omni_completion_after_brackets_inserts_the_link()
  t.Setup(t.examples)
  t.Open(t.examples, mara)
  feedkeys("Go[[Teo\<C-x>\<C-o>\<Esc>", 'xt')
  assert_equal('[[Teodor Lind]]', getline('$'))
  # the second item is the alias, which keeps its text
  feedkeys("o[[Teo\<C-x>\<C-o>\<C-n>\<Esc>", 'xt')
  assert_equal('[[Teodor Lind|Teo]]', getline('$'))
  feedkeys("oSee [[Sync engine#Ri\<C-x>\<C-o>\<Esc>", 'xt')
  assert_equal('See [[Sync engine#Risks]]', getline('$'))
  feedkeys("o[[Mara Okafor^broad\<C-x>\<C-o>\<Esc>", 'xt')
  assert_equal('[[Mara Okafor#^broad-market]]', getline('$'))
  # `]]` after the cursor is not doubled
  feedkeys("o[[Teo]] and more\<Esc>0f]i\<C-x>\<C-o>\<Esc>", 'xt')
  assert_equal('[[Teodor Lind]] and more', getline('$'))
  # not inside `[[`: nothing happens
  feedkeys("oplain Teo\<C-x>\<C-o>\<Esc>", 'xt')
  assert_equal('plain Teo', getline('$'))
enddef

def The_omnifunc_reports_the_start_and_the_items()
  t.Setup(t.examples)
  t.Open(t.examples, mara)
  setline(1, 'x [[done]] [[Mara')
  # findstart is called in Insert mode, with the cursor after the text
  setlocal virtualedit=onemore
  cursor(1, 19)
  assert_equal(13, loam#complete#Omnifunc(1, ''))
  var res = loam#complete#Omnifunc(0, 'Mara')
  assert_equal('always', res.refresh)
  assert_equal({word: 'Mara Okafor]]', abbr: 'Mara Okafor', kind: 'note',
    menu: 'People/Mara Okafor.md', icase: 1, dup: 1,
    user_data: {loam: {path: 'People/Mara Okafor.md', kind: 'note'}}}, res.words[0])
  assert_equal('Mara Okafor|Mara]]', res.words[1].word)
  assert_equal('alias of Mara Okafor', res.words[1].menu)
  assert_equal(-1, loam#complete#FindStart('done [[x]] here'))
  assert_equal(2, loam#complete#FindStart('[['))
enddef

def Gf_follows_a_link_to_its_heading_and_ctrl_o_comes_back()
  t.Setup(t.examples)
  t.Open(t.examples, 'People/Teodor Lind.md')
  assert_equal('- [[Sync engine#Risks]]', getline(26))
  cursor(26, 8)
  feedkeys('gf', 'xt')
  assert_true(t.Wait(() => bufname() =~ 'Topics/Sync engine\.md$'))
  assert_equal(18, line('.'))
  assert_equal('## Risks', getline('.'))
  execute "normal! \<C-o>"
  assert_match('People/Teodor Lind\.md$', bufname())
  assert_equal(26, line('.'))
  # a link through an alias, with :Loam follow
  t.Open(t.examples, 'Daily/2026-11-24.md')
  cursor(3, 15)
  assert_equal(0, stridx(getline(3)[col('.') - 1 :], 'Teo]]'))
  Loam follow
  assert_true(t.Wait(() => bufname() =~ 'People/Teodor Lind\.md$'))
enddef

def An_unresolved_link_is_reported_and_plain_text_keeps_the_builtin_gf()
  t.Setup(t.examples)
  t.Open(t.examples, 'Topics/Sync engine.md')
  cursor(25, 30)
  feedkeys('gf', 'xt')
  assert_true(t.SawMessage('warn: (loam) \[\[Nonexistent design doc\]\] does not name a note in '
    .. t.examples))
  assert_match('Topics/Sync engine\.md$', bufname())
  # No link under the cursor: `gf` opens the file name there, as always.
  set hidden
  setline(1, '../People/Mara Okafor.md')
  cursor(1, 5)
  set isfname+=32
  try
    feedkeys('gf', 'xt')
    assert_true(t.Wait(() => bufname() =~ 'People/Mara Okafor\.md$'))
  finally
    set isfname&
  endtry
enddef

def Loam_backlinks_fills_the_quickfix_list_newest_first()
  t.Setup(t.examples)
  t.Open(t.examples, mara)
  Loam backlinks
  assert_true(t.Wait(() => getqflist({title: 1}).title == 'Backlinks: Mara Okafor'))
  var items = getqflist()
  assert_true(len(items) >= 4)
  assert_equal(t.examples .. '/' .. review, fnamemodify(bufname(items[0].bufnr), ':p'))
  assert_equal([10, 12, 'Attendees: [[Mara Okafor]], [[Teodor Lind]]'],
    [items[0].lnum, items[0].col, items[0].text])
  assert_match('Topics/Broken frontmatter\.md$', bufname(items[-1].bufnr))
  assert_equal(0, items->copy()->filter((_, i) => bufname(i.bufnr) =~ 'Mara Okafor\.md$')->len())
  assert_notequal(0, getqflist({winid: 0}).winid)  # the window is open
  # Not a note: nothing happens but a message.
  enew
  Loam backlinks
  assert_equal('warn: (loam) backlinks: the current buffer is not a note in the vault',
    t.LastMessage())
enddef

def Loam_related_fills_the_quickfix_list_best_first()
  t.Setup(t.examples)
  t.Open(t.examples, mara)
  Loam related
  assert_true(t.Wait(() => getqflist({title: 1}).title == 'Related: Mara Okafor'))
  var items = getqflist()
  assert_match('People/Teodor Lind\.md$', bufname(items[0].bufnr))
  assert_match('^Teodor Lind (\d\+: ', items[0].text)
  for reason in ['links to', 'linked from', 'shares #type/people',
      'co-cited in 2026-11-18 - Storage roadmap review']
    assert_match('[:,] ' .. reason .. '[,)]', items[0].text)
  endfor
  assert_equal(0, items->copy()->filter((_, i) => bufname(i.bufnr) =~ 'Mara Okafor\.md$')->len())
enddef

t.Run([
  ['the plugin defines :Loam and <Plug> maps but no global keys',
    The_plugin_defines_Loam_and_Plug_maps_but_no_global_keys],
  ['a vault note gets completion, gf and the helper', A_vault_note_gets_completion_gf_and_the_helper],
  ['g:loam_ variables set loam up without a call', G_loam_variables_set_loam_up_without_a_call],
  ['omni completion after [[ inserts the link', Omni_completion_after_brackets_inserts_the_link],
  ['the omnifunc reports the start and the items', The_omnifunc_reports_the_start_and_the_items],
  ['gf follows a link to its heading and <C-o> comes back',
    Gf_follows_a_link_to_its_heading_and_ctrl_o_comes_back],
  ['an unresolved link is reported; plain text keeps the built-in gf',
    An_unresolved_link_is_reported_and_plain_text_keeps_the_builtin_gf],
  [':Loam backlinks fills the quickfix list, newest first',
    Loam_backlinks_fills_the_quickfix_list_newest_first],
  [':Loam related fills the quickfix list, best first',
    Loam_related_fills_the_quickfix_list_best_first],
])
