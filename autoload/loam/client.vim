vim9script
# autoload/loam/client.vim: the one owner of Vim's channel to the helper.
#
# The helper runs as `loam serve --protocol jsonrpc`, a job whose stdin and
# stdout are a channel in `lsp` mode (:help language-server-protocol): Vim
# frames and encodes the JSON-RPC messages itself. It is started lazily, the
# first time something needs it (a vault note is opened, a command runs).
# Calls are asynchronous (ch_sendexpr() with a callback, failed by a timer
# when no answer comes); RequestSync() waits a bounded time with
# ch_evalexpr() for the few places (omnifunc) that need a value now.
# A new helper indexes the vault before it reads its first request; the
# timers of calls sent meanwhile start only once it has answered something
# (answers come in order), so no call fails for the time indexing took, and
# the user is told once when indexing outlasts `timeout`.
# Notifications from the helper (`loam/indexChanged`) go to the handlers
# registered with OnEvent(), as `index_changed`, the name Lua uses.
#
# When the helper dies unexpectedly the user is told once, pending calls
# fail, and the next request starts a new helper.

import autoload 'loam.vim'

# Error codes the client itself produces, next to the helper's LOAM_E_*.
export const E_HELPER = 'LOAM_E_HELPER'   # no helper, or it could not start or died
export const E_TIMEOUT = 'LOAM_E_TIMEOUT' # no answer within `timeout`

# How loud each error code is when shown (the rest are errors).
const levels: dict<string> = {
  LOAM_E_NOT_FOUND: 'warn', LOAM_E_TIMEOUT: 'warn',
  LOAM_E_CHANGED: 'warn', LOAM_E_UNSUPPORTED: 'warn',
}

var job: job = null_job
var job_pid = 0             # pid of the running helper, 0 when none
var cmd: list<string> = []  # the command it was started with
var pending: dict<dict<any>> = {}  # call key -> {Cb, timer, method, ms}
var ready = false           # the running helper has answered (its index is built)
var next_key = 0
var handlers: dict<list<func(dict<any>)>> = {}
var stderr: list<string> = []
var leaving = false

# The plugin's root: <root>/autoload/loam/client.vim
const root = expand('<sfile>:p:h:h:h')

# Where the helper lives: [path, how it was found ('option helper',
# 'plugin build', '$PATH')], or ['', a message saying what to do].
export def FindHelper(helper: string): list<string>
  if helper != ''
    var exe = exepath(helper)
    if exe == ''
      return ['', printf("option 'helper': %s is not an executable", helper)]
    endif
    return [exe, 'option helper']
  endif
  var built = root .. '/build/bin/loam'
  if executable(built)
    return [built, 'plugin build']
  endif
  var exe = exepath('loam')
  if exe != ''
    return [exe, '$PATH']
  endif
  return ['', printf('the loam helper is not built. Run: cmake -S %s -B %s/build && '
    .. 'cmake --build %s/build --target loam', root, root, root)]
enddef

# The helper's log file (passed as `--log`): $XDG_STATE_HOME/vim/loam.log.
export def LogPath(): string
  var state = $XDG_STATE_HOME != '' ? $XDG_STATE_HOME : expand('~/.local/state')
  return state .. '/vim/loam.log'
enddef

export def IsRunning(): bool
  return job_pid != 0
enddef

# What :Loam stats shows about the running helper.
export def Info(): dict<any>
  return {running: job_pid != 0, pid: job_pid, cmd: cmd, log: LogPath()}
enddef

# Starts the helper unless it runs. Returns true when it runs; otherwise
# the reason is shown (once per reason) and false returned.
export def Start(): bool
  if job_pid != 0
    return true
  endif
  var config = loam.Config()
  if empty(config)
    return false
  endif
  var [exe, how] = FindHelper(config.helper)
  if exe == ''
    loam.NotifyOnce(how, 'error')
    return false
  endif
  var log = LogPath()
  mkdir(fnamemodify(log, ':h'), 'p')
  var argv = [exe, 'serve', '--protocol', 'jsonrpc', '--vault', config.vault, '--log', log]
  if config.today != ''
    argv += ['--today', config.today]
  endif
  stderr = []
  var j = job_start(argv, {
    in_mode: 'lsp', out_mode: 'lsp', err_mode: 'nl',
    out_cb: (_, msg) => OnMessage(msg),
    err_cb: (_, line) => OnStderr(line),
    exit_cb: (jb, code) => OnExit(jb, code),
    noblock: true,
  })
  if job_status(j) != 'run'
    loam.NotifyOnce(printf('could not start the helper %s', exe), 'error')
    return false
  endif
  job = j
  job_pid = job_info(j).process
  cmd = argv
  ready = false
  var pid = job_pid
  timer_start(config.timeout, (_) => {
    if job_pid == pid && !ready
      loam.Notify(printf('the helper is still indexing %s; requests wait for it', config.vault),
        'info')
    endif
  })
  augroup loam_client
    autocmd!
    autocmd VimLeavePre * leaving = true
  augroup END
  return true
enddef

# Stops the helper (if any). Pending calls fail; the next request starts a
# new one.
export def Stop()
  if job_pid == 0
    return
  endif
  var j = job
  job = null_job
  job_pid = 0
  ready = false
  FailPending({code: E_HELPER, message: 'the helper was stopped'})
  job_stop(j)
enddef

export def Restart(): bool
  Stop()
  return Start()
enddef

# Calls `method` asynchronously. Cb(err, result) runs once: err is null on
# success, else a dict {code, message, line?, col?}.
export def Request(method: string, params: dict<any>, Cb: func, timeout: number = 0)
  if !Start()
    Cb({code: E_HELPER, message: 'no helper (see the message above)'}, null)
    return
  endif
  var ms = timeout > 0 ? timeout : loam.Config().timeout
  next_key += 1
  var key = string(next_key)
  pending[key] = {Cb: Cb, timer: -1, method: method, ms: ms}
  if ready
    StartTimer(key)
  endif
  try
    ch_sendexpr(job_getchannel(job), {method: method, params: params},
      {callback: (_, msg) => OnResponse(key, msg)})
  catch
    Finish(key, {code: E_HELPER, message: 'could not reach the helper: ' .. v:exception}, null)
  endtry
enddef

# Calls `method` and waits for the answer, at most `timeout` ms (default
# the `timeout` option). Returns [result, err].
export def RequestSync(method: string, params: dict<any>, timeout: number = 0): list<any>
  if !Start()
    return [null, {code: E_HELPER, message: 'no helper'}]
  endif
  var ms = timeout > 0 ? timeout : loam.Config().timeout
  var msg: any
  try
    msg = ch_evalexpr(job_getchannel(job), {method: method, params: params}, {timeout: ms})
  catch
    return [null, {code: E_HELPER, message: 'could not reach the helper: ' .. v:exception}]
  endtry
  if type(msg) != v:t_dict || empty(msg)
    return [null, {code: E_TIMEOUT, message: printf('%s: no answer from the helper within %d ms',
      method, ms)}]
  endif
  OnReady()
  return Decode(msg)
enddef

# Calls Fn(data) whenever the helper sends event `name` (`index_changed`:
# data.paths lists the vault-relative notes re-indexed). Returns a function
# that unsubscribes.
export def OnEvent(name: string, Fn: func(dict<any>)): func()
  if !has_key(handlers, name)
    handlers[name] = []
  endif
  handlers[name]->add(Fn)
  return () => {
    var i = index(get(handlers, name, []), Fn)
    if i >= 0
      remove(handlers[name], i)
    endif
  }
enddef

# Shows a helper error at the level its code calls for.
export def NotifyError(err: dict<any>, what: string = '')
  var msg = get(err, 'message', get(err, 'code', 'unknown error'))
  if what != ''
    msg = what .. ': ' .. msg
  endif
  loam.Notify(msg, get(levels, get(err, 'code', ''), 'error'))
enddef

# ---- answers and events -------------------------------------------------

# A JSON-RPC response -> [result, err] (err is loam's error map, carried in
# `error.data`).
def Decode(msg: dict<any>): list<any>
  if has_key(msg, 'error') && type(msg.error) == v:t_dict
    var data = get(msg.error, 'data', null)
    if type(data) == v:t_dict && has_key(data, 'code')
      return [null, data]
    endif
    return [null, {code: 'LOAM_E_PROTOCOL', message: get(msg.error, 'message', 'error')}]
  endif
  return [get(msg, 'result', null), null]
enddef

# Starts the timer that fails call `key` when no answer comes in time.
def StartTimer(key: string)
  var p = pending[key]
  p.timer = timer_start(p.ms, (_) => Finish(key, {code: E_TIMEOUT,
    message: printf('%s: no answer from the helper within %d ms', p.method, p.ms)}, null))
enddef

# An answer came: the first one means the index is built, and calls that
# waited for it get their whole timeout from now.
def OnReady()
  if ready
    return
  endif
  ready = true
  for k in keys(pending)
    if pending[k].timer < 0
      StartTimer(k)
    endif
  endfor
enddef

def OnResponse(key: string, msg: any)
  if type(msg) != v:t_dict
    return
  endif
  OnReady()
  var [result, err] = Decode(msg)
  Finish(key, err, result)
enddef

# Completes call `key` once; a later answer (after a timeout) is dropped.
def Finish(key: string, err: any, result: any)
  if !has_key(pending, key)
    return
  endif
  var p = remove(pending, key)
  if p.timer >= 0
    timer_stop(p.timer)
  endif
  try
    p.Cb(err, result)
  catch
    loam.Notify(printf('%s: %s', p.method, v:exception), 'error')
  endtry
enddef

def FailPending(err: dict<any>)
  for key in keys(pending)->sort((a, b) => str2nr(a) - str2nr(b))
    Finish(key, err, null)
  endfor
enddef

# Notifications: `loam/indexChanged` -> the `index_changed` handlers.
def OnMessage(msg: any)
  if type(msg) != v:t_dict || type(get(msg, 'method', 0)) != v:t_string
    return  # e.g. an error answered to id null: the helper logged it
  endif
  var method: string = msg.method
  if method !~ '^loam/'
    return
  endif
  var name = substitute(method[5 :], '\u', '_\l&', 'g')
  var data = get(msg, 'params', {})
  for Fn in copy(get(handlers, name, []))
    try
      Fn(type(data) == v:t_dict ? data : {})
    catch
      loam.Notify(printf('%s handler: %s', name, v:exception), 'error')
    endtry
  endfor
enddef

def OnStderr(line: string)
  if line != ''
    stderr->add(line)
    if len(stderr) > 20
      remove(stderr, 0)
    endif
  endif
enddef

def OnExit(j: job, code: number)
  if job_pid == 0 || job_info(j).process != job_pid
    return  # stopped on purpose, or an older helper
  endif
  job = null_job
  job_pid = 0
  ready = false
  var msg = printf('the helper exited (code %d)', code)
  FailPending({code: E_HELPER, message: msg})
  if leaving
    return
  endif
  var tail = empty(stderr) ? '' : ': ' .. stderr[-1]
  loam.Notify(printf('%s%s. It restarts on the next request; log: %s', msg, tail, LogPath()),
    'error')
enddef
