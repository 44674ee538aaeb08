vim9script
# autoload/loam.vim: loam for Vim 9: setup, the :Loam command, attaching to
# vault notes, and messages. Each feature has its own file under
# autoload/loam/ (client, complete, tasks, links, edit, config); this one
# reads like their table of contents. plugin/loam.vim only defines the
# command, the <Plug> maps and the autocommands that call in here.
#
# As on the Neovim side, no Markdown is read here: the helper (over the
# JSON-RPC channel of loam/client.vim) answers every question, and this
# layer shows the answers.

import autoload 'loam/config.vim' as cfg
import autoload 'loam/client.vim'
import autoload 'loam/tasks.vim'
import autoload 'loam/links.vim'

var options: dict<any> = {}
var shown: dict<bool> = {}  # messages NotifyOnce() has shown
var recent: list<string> = []  # the last messages, for loam#Messages()

# Configures loam for one vault (see :help loam-vim-setup). `opts` takes the
# same names as the Lua setup() and goes over the g:loam_<name> variables.
# Returns false (and says why) when an option is wrong.
export def Setup(opts: dict<any> = {}): bool
  var config: dict<any>
  try
    config = cfg.Resolve(opts)
  catch /^(loam) /
    Notify(substitute(v:exception, '^(loam) ', '', ''), 'error')
    return false
  endtry
  var old = options
  options = config
  # A helper started for another vault (or binary) must not answer for this one.
  if !empty(old) && (old.vault != config.vault || old.helper != config.helper
      || old.today != config.today)
    client.Stop()
  endif
  for info in getbufinfo({bufloaded: true})
    Attach(info.bufnr)
  endfor
  return true
enddef

# Forgets the configuration and stops the helper, as if loam#Setup() had
# never run (the next vault note reads g:loam_* again). For scripts and tests.
export def Reset()
  client.Stop()
  options = {}
  shown = {}
  recent = []
enddef

# Whether loam was set up, by loam#Setup() or by g:loam_vault.
export def IsConfigured(): bool
  return !empty(options) || exists('g:loam_vault')
enddef

# The active configuration (set up from g:loam_* on first use), or {} after
# saying how to set loam up.
export def Config(): dict<any>
  if empty(options)
    if !exists('g:loam_vault')
      NotifyOnce("not set up: call loam#Setup({vault: '~/notes'}) or let g:loam_vault = '~/notes'",
        'error')
      return {}
    endif
    if !Setup()
      return {}
    endif
  endif
  return options
enddef

# ---- vault notes ----------------------------------------------------------

# Whether buffer `buf` is a Markdown note inside the vault.
export def IsVaultBuffer(buf: number): bool
  if empty(options) || !bufexists(buf) || getbufvar(buf, '&buftype') != ''
    return false
  endif
  var name = bufname(buf)
  if name == '' || (name !~? '\.md$' && getbufvar(buf, '&filetype') != 'markdown')
    return false
  endif
  return Inside(options.vault, fnamemodify(name, ':p'))
enddef

# Whether `path` is inside directory `dir` (both absolute), looking through
# symlinks when the plain names disagree.
def Inside(dir: string, path: string): bool
  if stridx(path, dir .. '/') == 0
    return true
  endif
  var real_dir = resolve(dir)
  var real_path = resolve(fnamemodify(path, ':h'))
  return stridx(real_path .. '/', real_dir .. '/') == 0
enddef

# Makes `buf` a loam note if it is one: completion, the follow key, the
# helper. Called by the plugin's autocommands for every Markdown buffer.
export def Attach(buf: number)
  if !IsConfigured() || empty(Config()) || !IsVaultBuffer(buf)
    return
  endif
  if options.completion.enable && options.completion.omnifunc
    setbufvar(buf, '&omnifunc', 'loam#complete#Omnifunc')
  endif
  if getbufvar(buf, 'loam_attached', false)
    return
  endif
  setbufvar(buf, 'loam_attached', true)
  if type(options.mappings.follow) == v:t_string
    if buf == bufnr()
      MapFollow()
    else  # mappings are made in the current buffer: wait until it is
      execute printf('autocmd BufEnter <buffer=%d> ++once loam#MapFollow()', buf)
    endif
  endif
  client.Start()
enddef

# The buffer-local follow key (mappings.follow) in the current buffer.
export def MapFollow()
  var key: string = options.mappings.follow
  execute printf('nnoremap <buffer> <silent> %s <Cmd>call loam#links#Follow(%s)<CR>', key,
    string(key))
enddef

# BufWritePost of a note: the helper re-reads it.
export def OnWrite(buf: number)
  if !getbufvar(buf, 'loam_attached', false) || !client.IsRunning()
    return
  endif
  var path = fnamemodify(bufname(buf), ':p')
  client.Request('note_changed', {path: path}, (err, _) => {
    if err != null
      client.NotifyError(err, 'note_changed ' .. path)
    endif
  })
enddef

# ---- :Loam ------------------------------------------------------------------

const subcommands = ['backlinks', 'follow', 'related', 'restart', 'stats', 'status', 'tasks',
  'toggle']

# :Loam {subcommand} [args]
export def Command(args: string)
  var m = matchlist(args, '^\s*\(\S*\)\s*\(.\{-}\)\s*$')
  var [name, rest] = m[1 : 2]
  if index(subcommands, name) < 0
    Notify('unknown subcommand: ' .. name, 'error')
    return
  endif
  if empty(Config())
    return
  endif
  if name == 'tasks'
    tasks.Run(rest)
  elseif name == 'toggle'
    tasks.Toggle()
  elseif name == 'status'
    tasks.SetStatus(rest)
  elseif name == 'backlinks'
    links.Backlinks()
  elseif name == 'follow'
    links.Follow('')
  elseif name == 'related'
    links.Related()
  elseif name == 'stats'
    Stats()
  elseif name == 'restart'
    Restart()
  endif
enddef

# -complete for :Loam: the subcommand names.
export def CompleteCommand(arglead: string, cmdline: string, pos: number): list<string>
  if cmdline =~ '^\s*\S\+\s\+\S\+\s'
    return []
  endif
  return subcommands->copy()->filter((_, n) => stridx(n, arglead) == 0)
enddef

# :Loam stats: what the helper has indexed, and the notes it could not parse.
export def Stats()
  client.Request('stats', {}, (err, s) => {
    if err != null
      client.NotifyError(err, 'stats')
      return
    endif
    Notify(printf('loam %s, %s: %d notes, %d links (%d unresolved), %d tasks, %d tags, '
      .. '%d headings, indexed in %.2f s', s.version, s.vault, s.notes, s.links, s.unresolved,
      s.tasks, s.tags, s.headings, s.seconds), 'info')
    for e in s.parse_errors
      Notify(printf('%s:%d:%d: %s', e.path, e.line, e.col, e.message), 'warn')
    endfor
    var info = client.Info()
    Notify(printf('helper pid %d, log %s', info.pid, info.log), 'info')
  })
enddef

# :Loam restart: a new helper, which reads the vault again.
export def Restart()
  if client.Restart()
    Notify('helper restarted', 'info')
  endif
enddef

# ---- messages ---------------------------------------------------------------

const level_rank = {debug: 1, info: 2, warn: 3, error: 4}

# Shows `(loam) msg` unless `level` is below the log_level option.
export def Notify(msg: string, level: string = 'info')
  var least = empty(options) ? 'info' : options.log_level
  if level_rank[level] < level_rank[least]
    return
  endif
  recent->add(printf('%s: (loam) %s', level, msg))
  if len(recent) > 50
    remove(recent, 0)
  endif
  execute 'echohl' (level == 'error' ? 'ErrorMsg' : level == 'warn' ? 'WarningMsg' : 'None')
  echomsg '(loam) ' .. msg
  echohl None
enddef

# Notify(), but each message only the first time.
export def NotifyOnce(msg: string, level: string = 'info')
  if !has_key(shown, msg)
    shown[msg] = true
    Notify(msg, level)
  endif
enddef

# The last messages loam showed, oldest first, as "level: (loam) text"
# (kept also where Vim keeps no message history, as in `vim -es`).
export def Messages(): list<string>
  return copy(recent)
enddef
