vim9script
# autoload/loam/tasks.vim: task query buffers (:Loam tasks) in Vim.
#
# A query in the Obsidian Tasks language (typed on the command line, or the
# ```tasks block under the cursor) goes to the helper's `query` method,
# which returns the finished lines of the view with their highlight spans.
# This file paints them into a scratch buffer (filetype `loamtasks`, spans
# as text properties) and wires its keys:
#   <CR>  open the task under the cursor at its line
#   x     toggle the task under the cursor done (`tasks.toggle_key`; the
#         helper's `task_toggle` says what to write, loam/edit.vim writes it)
#   <C-a> <C-x>  the next / previous status
#   r     run the query again
#   q     close the view
# Every view runs its query again when the helper reports `index_changed`,
# so it follows saves, toggles and other programs' edits.

import autoload 'loam.vim'
import autoload 'loam/client.vim'
import autoload 'loam/edit.vim'
import autoload 'loam/links.vim'

var views: dict<dict<any>> = {}  # string(buf) -> {params, result}
var subscribed = false

# Highlight groups the helper names in `hl`, and their default links.
export const highlights = {
  LoamTaskGroup: 'Title', LoamTaskCheckbox: 'Special', LoamTaskDone: 'Comment',
  LoamTaskTag: 'Label', LoamTaskPriority: 'WarningMsg', LoamTaskDate: 'Constant',
  LoamTaskField: 'Identifier', LoamTaskDue: 'Constant', LoamTaskOverdue: 'ErrorMsg',
  LoamTaskUrgency: 'Number', LoamTaskBacklink: 'Directory', LoamTaskCount: 'Comment',
  LoamTaskExplain: 'Comment',
}

# Runs `query` (tasks language; a literal `\n` separates lines), or with an
# empty one the ```tasks block under the cursor, and shows the result.
export def Run(query: string)
  var params: dict<any> = {}
  if loam.IsVaultBuffer(bufnr())
    params.path = expand('%:p')
  endif
  if query =~ '\S'
    params.text = substitute(query, '\\n', "\n", 'g')
  elseif has_key(params, 'path')
    params.line = line('.')
  else
    loam.Notify('tasks: give a query (:Loam tasks not done), or run it on a ```tasks block in a '
      .. 'vault note', 'warn')
    return
  endif
  Query(params, (result) => Show(BufferFor(params), params, result))
enddef

# The lines of the view in buffer `buf` (for tests and scripts).
export def View(buf: number): dict<any>
  return get(views, string(buf), {})
enddef

# Opens the task under the cursor at its line, in the window the view was
# opened from (or this one when there is none).
export def Jump()
  var entry = Entry()
  if empty(entry) || type(get(entry, 'abspath', 0)) != v:t_string
    return
  endif
  var prev = win_getid(winnr('#'))
  if prev != 0 && prev != win_getid()
    win_gotoid(prev)
  endif
  links.Open(entry.abspath, get(entry, 'line', 1))
enddef

# Toggles the task under the cursor (in a view, or a task line in a vault
# note) done or not done, with the dates and recurrence the helper applies;
# every view then shows the new state.
export def Toggle()
  Change({})
enddef

# Moves the task under the cursor to the next (1) or previous (-1) status.
export def Cycle(dir: number)
  Change({cycle: dir})
enddef

# Sets the status of the task under the cursor to `symbol` ('' : ' ').
export def SetStatus(symbol: string)
  if symbol != '' && strchars(symbol) != 1
    loam.Notify('status: give one status symbol, e.g. :Loam status /', 'warn')
    return
  endif
  Change({status: symbol == '' ? ' ' : symbol})
enddef

# The task under the cursor: {abspath, line, text}, or {}.
def TaskAtCursor(): dict<any>
  var view = get(views, string(bufnr()), {})
  if !empty(view)
    var entry = Entry()
    if type(get(entry, 'task', 0)) != v:t_number || get(entry, 'task', 0) < 1
      return {}
    endif
    var task = view.result.tasks[entry.task - 1]
    return {abspath: task.abspath, line: task.line, text: task.text}
  endif
  if loam.IsVaultBuffer(bufnr())
    return {abspath: expand('%:p'), line: line('.'), text: getline('.')}
  endif
  return {}
enddef

# Asks the helper what the change writes (`task_toggle`, with the tasks
# options), writes it (loam/edit.vim) and refreshes the views.
def Change(extra: dict<any>)
  var config = loam.Config()
  var task = TaskAtCursor()
  if empty(config)
    return
  elseif empty(task)
    loam.Notify('no task under the cursor', 'warn')
    return
  endif
  var o = config.tasks
  var params: dict<any> = {path: task.abspath, line: task.line, text: task.text,
    recurrence_position: o.recurrence_position, set_done_date: o.set_done_date,
    set_cancelled_date: o.set_cancelled_date, set_created_date: o.set_created_date,
    remove_scheduled_date: o.remove_scheduled_date}
  if config.today != ''
    params.today = config.today
  endif
  if !empty(o.statuses)
    params.statuses = o.statuses
  endif
  client.Request('task_toggle', extend(params, extra), (err, res) => {
    if err != null
      if err.code == 'LOAM_E_PROTOCOL' && err.message =~ 'unknown method'
        loam.Notify('toggle: this helper has no task_toggle; build a newer one', 'warn')
      else
        client.NotifyError(err, 'toggle')
      endif
      return
    endif
    if empty(res.edits)
      return
    endif
    edit.Apply(task.abspath, res.edits, (e, _) => {
      if e != null
        client.NotifyError(e, 'toggle')
      endif
      RefreshAll()
    })
  })
enddef

# Runs the query of every open view again (a view whose refresh keeps
# failing the same way says so once).
export def RefreshAll()
  for key in keys(views)
    if bufexists(str2nr(key))
      Refresh(str2nr(key), true)
    else
      remove(views, key)
    endif
  endfor
enddef

# Runs the query of tasks buffer `buf` (0: the current one) again, in place.
export def Rerun(buf: number = 0)
  Refresh(buf > 0 ? buf : bufnr(), false)
enddef

# Runs the query of view `b` again. A failure leaves the view as it was and
# is said once (`quiet`: not again while the same error persists).
def Refresh(b: number, quiet: bool)
  var view = get(views, string(b), {})
  if empty(view)
    return
  endif
  QueryOr(view.params, (result) => {
    if bufexists(b) && get(views, string(b), {}) is view
      Render(b, view.params, result)
    endif
  }, (err) => {
    var msg = ErrorMessage(err)
    if quiet && err.code == client.E_HELPER
      return  # a helper that died says so itself
    endif
    if get(views, string(b), {}) is view && (!quiet || get(view, 'failed', '') != msg)
      view.failed = msg
      client.NotifyError({code: err.code, message: msg .. ' (the view shows its last results)'},
        'tasks')
    endif
  })
enddef

# Closes the view.
export def Close()
  var buf = bufnr()
  if has_key(views, string(buf))
    remove(views, string(buf))
  endif
  execute 'bwipeout!' buf
enddef

# ---- internals ------------------------------------------------------------

def Entry(): dict<any>
  var view = get(views, string(bufnr()), {})
  if empty(view)
    return {}
  endif
  var lines = view.result.lines
  var i = line('.') - 1
  return i < len(lines) ? lines[i] : {}
enddef

# Runs a query; OnResult(result) gets the answer, an error is shown.
def Query(params: dict<any>, OnResult: func(dict<any>))
  QueryOr(params, OnResult, (err) => client.NotifyError({code: err.code,
    message: ErrorMessage(err)}, 'tasks'))
enddef

# Runs a query; OnResult(result) gets the answer, OnError(err) an error.
def QueryOr(params: dict<any>, OnResult: func, OnError: func)
  client.Request('query', params, (err, result) => {
    if err != null
      OnError(err)
    else
      OnResult(result)
    endif
  })
enddef

# A query error as the user reads it: with its line and column.
def ErrorMessage(err: dict<any>): string
  var msg = get(err, 'message', get(err, 'code', 'error'))
  if has_key(err, 'line') && msg !~ 'line \d'
    msg = printf('line %d, col %d: %s', err.line, get(err, 'col', 1), msg)
  endif
  return msg
enddef

# The buffer showing the query `params`: the same one on a second run.
def BufferFor(params: dict<any>): number
  var name: string
  if has_key(params, 'text')
    name = 'loam://tasks/' .. substitute(params.text, "\n", '; ', 'g')
  else
    var vault = loam.Config().vault
    name = printf('loam://tasks/%s:%d', strpart(params.path, len(vault) + 1), params.line)
  endif
  for key in keys(views)
    var b = str2nr(key)
    if bufexists(b) && bufname(b) == name
      return b
    endif
  endfor
  var buf = bufadd(name)
  setbufvar(buf, '&buftype', 'nofile')
  setbufvar(buf, '&bufhidden', 'hide')
  setbufvar(buf, '&swapfile', false)
  setbufvar(buf, '&buflisted', false)
  bufload(buf)
  return buf
enddef

# Keys and filetype, in the view's window (maps are made in the current
# buffer). The filetype comes last so FileType autocommands and ftplugins
# can change the rest.
def SetupBuffer()
  nnoremap <buffer> <nowait> <silent> <CR> <Cmd>call loam#tasks#Jump()<CR>
  nnoremap <buffer> <nowait> <silent> r <Cmd>call loam#tasks#Rerun()<CR>
  nnoremap <buffer> <nowait> <silent> q <Cmd>call loam#tasks#Close()<CR>
  nnoremap <buffer> <nowait> <silent> <C-a> <Cmd>call loam#tasks#Cycle(1)<CR>
  nnoremap <buffer> <nowait> <silent> <C-x> <Cmd>call loam#tasks#Cycle(-1)<CR>
  var key = loam.Config().tasks.toggle_key
  if type(key) == v:t_string
    execute 'nnoremap <buffer> <nowait> <silent> ' .. key .. ' <Cmd>call loam#tasks#Toggle()<CR>'
  endif
  b:loam_tasks = true
  setlocal filetype=loamtasks
enddef

def Show(buf: number, params: dict<any>, result: dict<any>)
  Render(buf, params, result)
  Subscribe()
  var win = bufwinid(buf)
  if win != -1
    win_gotoid(win)
    return
  endif
  var open = loam.Config().tasks.open
  if open == 'tab'
    execute 'tab sbuffer' buf
  elseif open == 'split'
    execute 'sbuffer' buf
  else
    execute 'buffer' buf
  endif
  setlocal nowrap
  if !get(b:, 'loam_tasks', false)
    SetupBuffer()
  endif
enddef

def Render(buf: number, params: dict<any>, result: dict<any>)
  DefineHighlights()
  views[string(buf)] = {params: params, result: result}
  var text = result.lines->mapnew((_, l) => get(l, 'text', ''))
  setbufvar(buf, '&modifiable', true)
  silent deletebufline(buf, 1, '$')
  setbufline(buf, 1, text)
  setbufvar(buf, '&modifiable', false)
  setbufvar(buf, '&modified', false)
  for i in range(len(result.lines))
    for span in get(result.lines[i], 'hl', [])
      # Spans without a group (the helper sends null for some fields) stay plain.
      if type(span[0]) == v:t_string && span[2] > span[1]
        try
          prop_add(i + 1, span[1] + 1, {length: span[2] - span[1], type: span[0], bufnr: buf})
        catch
          # a group the helper names that is new to this plugin: plain text
        endtry
      endif
    endfor
  endfor
enddef

# Default links (:hi-default, so colorschemes win) and a text property type
# per group. Run again after a colorscheme cleared the links.
export def DefineHighlights()
  for [group, link] in items(highlights)
    execute printf('highlight default link %s %s', group, link)
    if empty(prop_type_get(group))
      prop_type_add(group, {highlight: group})
    endif
  endfor
enddef

# Every view follows the index: `index_changed` runs each query again.
def Subscribe()
  if subscribed
    return
  endif
  subscribed = true
  client.OnEvent('index_changed', (_) => RefreshAll())
  augroup loam_tasks
    autocmd!
    autocmd ColorScheme * loam#tasks#DefineHighlights()
  augroup END
enddef
