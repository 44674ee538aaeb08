vim9script
# autoload/loam/links.vim: following the link under the cursor; backlinks
# and related notes in the quickfix list.
#
# The helper does the reading: `resolve` gets the cursor's line and byte
# column and says which link is there, which note it names and the line of
# its heading or block. This file only opens the note, leaving a jumplist
# entry so <C-o> comes back.

import autoload 'loam.vim'
import autoload 'loam/client.vim'

# Follows the link under the cursor in the current window. `fallback`: keys
# run with :normal! when no link is there (the `gf` mapping passes `gf`, so
# plain file names still open).
export def Follow(fallback: string = '')
  var config = loam.Config()
  if empty(config)
    return
  endif
  var win = win_getid()
  var buf = bufnr()
  var params: dict<any> = {text: getline('.'), col: col('.')}
  if loam.IsVaultBuffer(buf)
    params.path = expand('%:p')
  endif
  client.Request('resolve', params, (err, res) => {
    if err != null
      client.NotifyError(err, 'follow')
      return
    endif
    # The answer is about the window the request came from.
    if winbufnr(win) != buf || !win_gotoid(win)
      return
    endif
    if !res.found
      if fallback != ''
        try
          execute 'normal! ' .. fallback
        catch
          loam.Notify(substitute(v:exception, '^Vim(normal):', '', ''), 'error')
        endtry
      else
        loam.Notify('no link under the cursor', 'info')
      endif
      return
    endif
    if !res.resolved || type(get(res, 'abspath', 0)) != v:t_string
      loam.Notify(printf('[[%s]] does not name a note in %s', get(res, 'target', '?'),
        config.vault), 'warn')
      return
    endif
    Open(res.abspath, get(res, 'line', 1))
  })
enddef

# Opens `path` in the current window at `line`, as a jump (<C-o> returns).
export def Open(path: string, line: number)
  normal! m'
  if resolve(expand('%:p')) != resolve(path)
    try
      execute 'edit ' .. fnameescape(path)
    catch
      loam.Notify(v:exception, 'error')
      return
    endtry
  endif
  cursor(max([1, min([line, line('$')])]), 1)
  normal! zv
enddef

# Puts the lines linking to the current note in the quickfix list.
export def Backlinks()
  var buf = bufnr()
  if !loam.IsVaultBuffer(buf)
    loam.Notify('backlinks: the current buffer is not a note in the vault', 'warn')
    return
  endif
  var path = expand('%:p')
  var name = fnamemodify(path, ':t:r')
  client.Request('backlinks', {path: path}, (err, res) => {
    if err != null
      client.NotifyError(err, 'backlinks')
      return
    endif
    var items = res.items->mapnew((_, i) => ({filename: i.abspath, lnum: i.line, col: i.col,
      text: i.text, user_data: {path: i.path, title: i.title, date: get(i, 'date', '')}}))
    setqflist([], ' ', {title: 'Backlinks: ' .. name, items: items})
    if empty(items)
      loam.Notify('no notes link to ' .. name, 'info')
      return
    endif
    botright copen
  })
enddef

# Puts the notes related to the current one (links either way, shared tags,
# co-citations) in the quickfix list, best first, as Neovim does.
export def Related()
  var buf = bufnr()
  if !loam.IsVaultBuffer(buf)
    loam.Notify('related: the current buffer is not a note in the vault', 'warn')
    return
  endif
  var path = expand('%:p')
  var name = fnamemodify(path, ':t:r')
  client.Request('related', {path: path, limit: 20}, (err, res) => {
    if err != null
      client.NotifyError(err, 'related')
      return
    endif
    var items = res.items->mapnew((_, i) => ({filename: i.abspath, lnum: 1,
      text: printf('%s (%d: %s)', i.title, i.score, join(i.reasons, ', '))}))
    setqflist([], ' ', {title: 'Related: ' .. name, items: items})
    if empty(items)
      loam.Notify('no notes are related to ' .. name, 'info')
      return
    endif
    botright copen
  })
enddef
