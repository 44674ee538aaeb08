vim9script
# tests/vim/loamtest.vim: the harness of loam's end-to-end tests in Vim 9.
#
#   vim -Nu NONE -i NONE -es -S tests/vim/test_notes.vim
#
# A spec imports this file, defines its cases as functions and ends with
# Run([['name', Func], ...]). Each case runs in the same headless Vim with
# loam loaded from the repository, using Vim's own assert_*() functions;
# after each one the helper is stopped and every window, buffer, list and
# scratch vault is cleared, so no state leaks into the next case. Waits
# poll a condition (with :sleep, during which channel callbacks and timers
# run) up to a timeout; nothing sleeps a fixed time and then asserts. Prints
# `ok`/`FAIL` per case and `N passed, N failed`, and exits non-zero when
# anything failed.
#
# Environment (set by tests/CMakeLists.txt): LOAM_ROOT (the repository),
# LOAM_HELPER (the built helper), LOAM_EXAMPLES (the example vault),
# LOAM_TODAY. Optional: LOAM_TEST_FILTER (run only cases whose name contains
# it). XDG_STATE_HOME decides where the helper's log goes.

export const root = $LOAM_ROOT != '' ? $LOAM_ROOT : expand('<sfile>:p:h:h:h')
export const helper = $LOAM_HELPER != '' ? $LOAM_HELPER : root .. '/build/bin/loam'
export const examples = resolve(simplify($LOAM_EXAMPLES != '' ? $LOAM_EXAMPLES
  : root .. '/../shared/examples/vault'))
export const today = $LOAM_TODAY != '' ? $LOAM_TODAY : '2026-11-25'
export const timeout = 5000

execute 'set runtimepath^=' .. fnameescape(root)
runtime plugin/loam.vim
# No swap files: the example vault is shared by concurrent tests (and may be
# read-only), and a swap file there would stop every other editor with E325.
set noswapfile

var scratch: list<string> = []  # vault copies made by the current case

# Writes lines to the test's output (stdout, which ctest keeps).
export def Print(...lines: list<string>)
  writefile(lines, '/dev/stdout', 'a')
enddef

# Polls Cond until it is true or `ms` pass; returns whether it became true.
export def Wait(Cond: func(): bool, ms: number = timeout): bool
  var waited = 0
  while !Cond()
    if waited >= ms
      return false
    endif
    sleep 10m
    waited += 10
  endwhile
  return true
enddef

# A fresh copy of the example vault (removed after the case); its real path.
export def CopyVault(): string
  var dir = tempname()
  mkdir(dir, 'p')
  # writable: the shared example vault may be read-only
  system(printf('cp -R %s/. %s && chmod -R u+w %s', shellescape(examples), shellescape(dir),
    shellescape(dir)))
  scratch->add(dir)
  return resolve(dir)
enddef

# loam#Setup() on `vault` with the built helper and the fixed today.
export def Setup(vault: string, extra: dict<any> = {}): bool
  return loam#Setup(extend({vault: vault, helper: helper, today: today}, extra))
enddef

# Opens the vault note `rel` in the current window.
export def Open(vault: string, rel: string)
  execute 'edit ' .. fnameescape(vault .. '/' .. rel)
enddef

# The last message loam showed ('' when none).
export def LastMessage(): string
  var m = loam#Messages()
  return empty(m) ? '' : m[-1]
enddef

# Whether loam showed a message matching `pattern` (waiting for it).
export def SawMessage(pattern: string, ms: number = timeout): bool
  return Wait(() => loam#Messages()->copy()->filter((_, m) => m =~ pattern)->len() > 0, ms)
enddef

# The file's lines as on disk.
export def Disk(path: string): list<string>
  return readfile(path)
enddef

def Cleanup()
  loam#Reset()
  silent! tabonly!
  silent! only!
  silent! :%bwipeout!
  setqflist([], 'f')
  setloclist(0, [], 'f')
  set hidden&
  for dir in scratch
    delete(dir, 'rf')
  endfor
  scratch = []
enddef

# Runs the cases and quits Vim: status 0 when all passed.
export def Run(cases: list<list<any>>)
  var passed = 0
  var failed = 0
  for [name, F] in cases
    if $LOAM_TEST_FILTER != '' && stridx(name, $LOAM_TEST_FILTER) < 0
      continue
    endif
    v:errors = []
    try
      call(F, [])
    catch
      v:errors->add(v:exception .. ' (at ' .. v:throwpoint .. ')')
    endtry
    var errors = copy(v:errors)
    var said = loam#Messages()
    try
      Cleanup()
    catch
      errors->add('cleanup: ' .. v:exception)
    endtry
    if empty(errors)
      passed += 1
      Print('ok   ' .. name)
    else
      failed += 1
      Print('FAIL ' .. name)
      for e in errors
        Print('  ' .. e)
      endfor
      Print('  loam said: ' .. said->join(' | '))
    endif
  endfor
  Print(printf('%d passed, %d failed', passed, failed))
  execute 'cquit' (failed > 0 ? 1 : 0)
enddef
