vim9script
# tests/vim/test_views.vim: task views and inline results that never lose
# or mis-aim a result, in a real Vim 9: a failed refresh, requests made
# while the helper indexes, toggles as buffer edits, the cursor kept on its
# task, group headings, and paged results. tests/lua/test_views.lua has the
# same cases for Neovim.

import './loamtest.vim' as t

const mara = 'People/Mara Okafor.md'

# A helper that starts `seconds` late, as one indexing a big vault on a busy
# machine does: requests wait in its input meanwhile.
def SlowHelper(seconds: string): string
  var dir = tempname()
  mkdir(dir, 'p')
  var path = dir .. '/loam'
  writefile(['#!/bin/sh', 'sleep ' .. seconds, 'exec ' .. shellescape(t.helper) .. ' "$@"'], path)
  setfperm(path, 'rwxr-xr-x')
  return path
enddef

# The buffer of the first task view, once it shows more than one line.
def ViewBuf(): number
  var buf = 0
  t.Wait(() => {
    buf = getbufinfo()->filter((_, b) => getbufvar(b.bufnr, '&filetype') == 'loamtasks')
      ->map((_, b) => b.bufnr)->get(0, 0)
    return buf > 0 && getbufinfo(buf)[0].linecount > 1
  })
  assert_true(buf > 0, 'a task view')
  return buf
enddef

def Said(pattern: string): list<string>
  return loam#Messages()->copy()->filter((_, m) => m =~ pattern)
enddef

def Requests_made_while_the_helper_indexes_wait_for_it()
  t.Setup(t.examples, {helper: SlowHelper('1.5'), timeout: 400})
  t.Open(t.examples, mara)
  var got: dict<any> = {}
  loam#client#Request('complete', {prefix: 'Mara'}, (err, result) => {
    got = {err: err, n: result == null ? 0 : len(result.items)}
  })
  assert_true(t.Wait(() => !empty(got), 6000), 'the completion answer')
  assert_equal(null, get(got, 'err', 0))
  assert_true(get(got, 'n', 0) > 0, 'completion items')
  assert_equal([], Said('no answer'))
  assert_true(t.SawMessage('still indexing'))
enddef

def A_failed_refresh_says_so_once_and_leaves_the_view_as_it_was()
  var vault = t.CopyVault()
  t.Setup(vault)
  t.Open(vault, mara)
  var note = bufnr()
  cursor(31, 1)
  Loam tasks
  var view = ViewBuf()
  assert_true(t.Wait(() => getbufline(view, '$')[0] == '6 tasks'))
  var before = getbufline(view, 1, '$')
  # delete the block (lines 29-33) and save: the view's query is gone
  win_execute(bufwinid(note), 'silent :29,33delete _ | silent write')
  assert_true(t.SawMessage('tasks: .*no tasks block'))
  win_execute(bufwinid(note), 'silent write')
  loam#tasks#RefreshAll()
  sleep 300m
  assert_equal(1, len(Said('tasks: ')), string(loam#Messages()))
  assert_equal(before, getbufline(view, 1, '$'))
enddef

t.Run([
  ['requests made while the helper indexes wait for it',
    Requests_made_while_the_helper_indexes_wait_for_it],
  ['a failed refresh says so once and leaves the view as it was',
    A_failed_refresh_says_so_once_and_leaves_the_view_as_it_was],
])
