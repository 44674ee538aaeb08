vim9script
# autoload/loam/edit.vim: the one way loam changes a note from Vim, the
# twin of lua/loam/edit.lua (same checks, same messages).
#
# What to change always comes from the helper (a task toggle) as line edits
# against the text it saw: {line, expect, lines, insert}. When the note is
# loaded in a buffer the edits go through the buffer, so undo works and the
# buffer is never out of date: every `expect` is checked first (a mismatch
# refuses the whole change), a buffer whose file changed on disk since it
# was read is refused, the edits are applied bottom-up as one undo step,
# and a buffer that had no unsaved changes is written (BufWritePost tells
# the helper). Notes not loaded are edited by the helper (`edit_lines`),
# which writes atomically and refuses the same way.

import autoload 'loam/client.vim'

# Applies `edits` to the note at `abspath`; Cb(err, info) runs once, err null
# on success (info.buffer: the buffer used, if any) or {code, message}
# (LOAM_E_CHANGED when the note no longer matches).
export def Apply(abspath: string, edits: list<any>, Cb: func)
  var buf = FindBuffer(abspath)
  if buf > 0
    var err = ApplyToBuffer(buf, abspath, edits)
    Cb(err, err == null ? {buffer: buf} : null)
    return
  endif
  client.Request('edit_lines', {path: abspath, edits: edits}, (err, _) => {
    Cb(err, err == null ? {} : null)
  })
enddef

# The loaded buffer showing `abspath` (symlinks resolved), or 0.
export def FindBuffer(abspath: string): number
  var want = resolve(fnamemodify(abspath, ':p'))
  for info in getbufinfo({bufloaded: true})
    if info.name != '' && getbufvar(info.bufnr, '&buftype') == ''
        && resolve(fnamemodify(info.name, ':p')) == want
      return info.bufnr
    endif
  endfor
  return 0
enddef

def Changed(abspath: string, message: string): dict<any>
  return {code: 'LOAM_E_CHANGED', message: fnamemodify(abspath, ':~:.') .. ': ' .. message}
enddef

# Checks every edit against the buffer's lines; returns an error or null.
def Check(buf: number, abspath: string, edits: list<any>): any
  var count = getbufinfo(buf)[0].linecount
  for e in edits
    var insert = !!get(e, 'insert', false)
    var line = get(e, 'line', 0)
    if type(line) != v:t_number || line < 1 || line > (insert ? count + 1 : count)
      return Changed(abspath, printf('it has no line %s; nothing was changed', line))
    endif
    var expect = get(e, 'expect', null)
    if expect != null || !insert
      var now = line <= count ? getbufline(buf, line)[0] : null
      if type(expect) != v:t_string || now != expect
        return Changed(abspath, printf('line %d no longer reads as expected; nothing was changed',
          line))
      endif
    endif
  endfor
  return null
enddef

# An unmodified buffer must still show what is on disk, or writing it would
# overwrite another program's change.
def Stale(buf: number, abspath: string): bool
  if getbufvar(buf, '&modified')
    return false
  endif
  var disk: list<string>
  try
    disk = readfile(abspath, 'b')
  catch
    return false
  endtry
  if !empty(disk) && disk[-1] == ''
    remove(disk, -1)  # the final newline
  endif
  if getbufvar(buf, '&fileformat') == 'dos'
    map(disk, (_, l) => substitute(l, '\r$', '', ''))
  endif
  if getbufvar(buf, '&bomb') && !empty(disk)
    disk[0] = substitute(disk[0], "^\xef\xbb\xbf", '', '')
  endif
  return disk != getbufline(buf, 1, '$')
enddef

def ApplyToBuffer(buf: number, abspath: string, edits: list<any>): any
  var err = Check(buf, abspath, edits)
  if err != null
    return err
  endif
  if Stale(buf, abspath)
    return Changed(abspath, 'the file changed on disk since it was loaded; reload it (:e) first')
  endif
  if !getbufvar(buf, '&modifiable')
    return {code: 'LOAM_E_IO', message: fnamemodify(abspath, ':~:.') .. ": the buffer is not "
      .. "'modifiable'; nothing was changed"}
  endif
  var was_modified = getbufvar(buf, '&modified')
  # Bottom-up, so earlier edits do not move the lines of later ones; an
  # insertion at a line goes above the replacement of that line. All of it
  # happens without waiting for a key, so it is one undo step.
  var sorted = copy(edits)->sort((a, b) => a.line != b.line ? b.line - a.line
    : (!!get(a, 'insert', false) ? 1 : 0) - (!!get(b, 'insert', false) ? 1 : 0))
  for e in sorted
    var lines: list<string> = type(get(e, 'lines', [])) == v:t_list ? e.lines : []
    if !!get(e, 'insert', false)
      appendbufline(buf, e.line - 1, lines)
    elseif empty(lines)
      deletebufline(buf, e.line)
    else
      setbufline(buf, e.line, lines[0])
      appendbufline(buf, e.line, lines[1 :])
    endif
  endfor
  if !was_modified
    return Write(buf)
  endif
  # Not saved: the index follows the buffer's text until the user saves.
  var text = join(getbufline(buf, 1, '$'), "\n") .. "\n"
  client.Request('note_changed', {path: abspath, text: text}, Ignore)
  return null
enddef

def Ignore(err: any, result: any)
enddef

# Writes buffer `buf` (BufWritePost re-indexes it), through a window
# showing it or, for a hidden buffer, a hidden popup window (a split that
# closes at once where Vim has no popups).
def Write(buf: number): any
  var win = bufwinid(buf)
  var temp = 0
  if win < 0 && exists('*popup_create')
    temp = popup_create(buf, {hidden: true})
    win = temp
  elseif win < 0
    var back = win_getid()
    execute 'noautocmd keepalt keepjumps botright sbuffer' buf
    temp = win_getid()
    win = temp
    noautocmd call win_gotoid(back)
  endif
  var err: any = null
  try
    win_execute(win, 'silent write')
  catch
    err = {code: 'LOAM_E_IO', message: 'the buffer was changed but not written: ' .. v:exception}
  finally
    if temp > 0 && exists('*popup_create')
      popup_close(temp)
    elseif temp > 0
      win_execute(temp, 'noautocmd close')
    endif
  endtry
  return err
enddef
