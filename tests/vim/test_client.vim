vim9script
# tests/vim/test_client.vim: Vim's channel to the helper: lazy start, a
# helper that dies (said once, started again on the next request), stop and
# restart, :Loam stats, index_changed events, and what happens before setup.

import './loamtest.vim' as t

def Before_setup_each_command_says_how_to_set_up()
  Loam stats
  assert_equal("error: (loam) not set up: call loam#Setup({vault: '~/notes'}) or let g:loam_vault "
    .. "= '~/notes'", t.LastMessage())
  Loam frobnicate
  assert_equal('error: (loam) unknown subcommand: frobnicate', t.LastMessage())
  assert_false(loam#client#IsRunning())
enddef

def A_helper_that_dies_is_reported_once_and_started_again()
  t.Setup(t.examples)
  t.Open(t.examples, 'People/Mara Okafor.md')
  var pid = loam#client#Info().pid
  assert_true(pid > 0)
  system('kill -9 ' .. pid)
  assert_true(t.Wait(() => !loam#client#IsRunning()))
  assert_true(t.SawMessage('^error: (loam) the helper exited (code -1)\. It restarts on the next '
    .. 'request; log: ' .. loam#client#LogPath() .. '$'))
  var exits = loam#Messages()->filter((_, m) => m =~ 'helper exited')
  assert_equal(1, len(exits))
  # the next request starts a new one
  var [res, err] = loam#client#RequestSync('stats', {})
  assert_equal(null, err)
  assert_equal(13, res.notes)
  assert_notequal(pid, loam#client#Info().pid)
  # stopping on purpose is no news, and fails calls in flight
  var answer: list<any> = []
  loam#client#Request('stats', {}, (e, r) => {
    answer = [e, r]
  })
  loam#client#Stop()
  assert_equal([{code: 'LOAM_E_HELPER', message: 'the helper was stopped'}, null], answer)
  sleep 100m
  assert_equal(1, loam#Messages()->filter((_, m) => m =~ 'helper exited')->len())
enddef

def Loam_restart_and_stats()
  t.Setup(t.examples)
  t.Open(t.examples, 'People/Mara Okafor.md')
  var pid = loam#client#Info().pid
  Loam restart
  assert_equal('info: (loam) helper restarted', t.LastMessage())
  assert_notequal(pid, loam#client#Info().pid)
  Loam stats
  assert_true(t.SawMessage('^info: (loam) loam [0-9.]\+, ' .. t.examples .. ': 13 notes, \d\+ '
    .. 'links (\d\+ unresolved), \d\+ tasks, \d\+ tags, \d\+ headings, indexed in '))
  assert_true(t.SawMessage('^warn: (loam) Topics/Broken frontmatter\.md:\d\+:\d\+: '))
  assert_true(t.SawMessage('^info: (loam) helper pid ' .. loam#client#Info().pid .. ', log '))
  # what :Loam stats shows, through the same request
  var [s, err] = loam#client#RequestSync('stats', {})
  assert_equal(null, err)
  assert_equal([13, t.examples], [s.notes, s.vault])
  assert_equal('Topics/Broken frontmatter.md', s.parse_errors[0].path)
enddef

def Errors_and_timeouts_come_back_as_loam_error_maps()
  t.Setup(t.examples)
  var [res, err] = loam#client#RequestSync('backlinks', {path: 'Nope.md'})
  assert_equal(null, res)
  assert_equal({code: 'LOAM_E_NOT_FOUND', message: 'no such note: Nope.md'}, err)
  [res, err] = loam#client#RequestSync('query', {text: "not done\nfrobnicate"})
  assert_equal(['LOAM_E_QUERY', 2], [err.code, err.line])
  [res, err] = loam#client#RequestSync('frobnicate', {})
  assert_equal({code: 'LOAM_E_PROTOCOL', message: 'unknown method: frobnicate'}, err)
  var answer: list<any> = []
  loam#client#Request('complete', {prefix: 'mara', limit: 1}, (e, r) => {
    answer = [e, r]
  })
  assert_true(t.Wait(() => !empty(answer)))
  assert_equal(null, answer[0])
  assert_equal(['Mara Okafor', true], [answer[1].items[0].label, answer[1].incomplete])
  # Strings survive the trip in both directions, whatever their bytes.
  var text = "---\ntitle: Søren's \"notes\"\t😀\n---\nSee [[Mara Okafor]].\n"
  [res, err] = loam#client#RequestSync('note_changed', {path: 'Topics/Scratch.md', text: text})
  assert_equal(14, res.notes)
  [res, err] = loam#client#RequestSync('backlinks', {path: 'People/Mara Okafor.md'})
  var scratch = res.items->filter((_, i) => i.path == 'Topics/Scratch.md')
  assert_equal("Søren's \"notes\"\t😀", scratch[0].title)
enddef

def Index_changed_events_reach_the_handlers()
  var vault = t.CopyVault()
  t.Setup(vault)
  t.Open(vault, 'People/Mara Okafor.md')
  var got: list<any> = []
  var Unsubscribe = loam#client#OnEvent('index_changed', (data) => {
    got->add(data.paths)
  })
  loam#client#RequestSync('stats', {})  # the helper has read the vault and watches it
  writefile(['# New note', '', 'See [[Mara Okafor]].'], vault .. '/Topics/New note.md')
  assert_true(t.Wait(() => index(got, ['Topics/New note.md']) >= 0), string(got))
  # the index is current when the event comes
  var [res, _] = loam#client#RequestSync('backlinks', {path: 'People/Mara Okafor.md'})
  assert_equal(1, res.items->filter((_, i) => i.path == 'Topics/New note.md')->len())
  # saving a note in Vim is a change on disk too
  got = []
  setline(1, '---')
  silent write
  assert_true(t.Wait(() => index(got, ['People/Mara Okafor.md']) >= 0))
  Unsubscribe()
  got = []
  delete(vault .. '/Topics/New note.md')
  sleep 300m
  assert_equal([], got)
enddef

t.Run([
  ['before setup, each command says how to set up', Before_setup_each_command_says_how_to_set_up],
  ['a helper that dies is reported once and started again',
    A_helper_that_dies_is_reported_once_and_started_again],
  [':Loam restart and :Loam stats', Loam_restart_and_stats],
  ['errors and answers come back as loam''s maps', Errors_and_timeouts_come_back_as_loam_error_maps],
  ['index_changed events reach the handlers', Index_changed_events_reach_the_handlers],
])
