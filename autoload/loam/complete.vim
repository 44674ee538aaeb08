vim9script
# autoload/loam/complete.vim: `[[` completion through 'omnifunc'
# (<C-x><C-o>) in vault notes.
#
# The text typed after the last unclosed `[[` before the cursor is the
# prefix the helper's `complete` method matches against titles, file stems
# and aliases (headings after `#`, block ids after `^`). An item inserts what
# goes between the brackets and the closing `]]`, unless `]]` already
# follows the cursor. The second omnifunc call must return the items, so it
# waits for the helper at most the `timeout` option (ch_evalexpr with a
# timeout); nothing else blocks.

import autoload 'loam.vim'
import autoload 'loam/client.vim'

var after = ''  # the line after the cursor, from the first call to the second

# The 0-based byte column just after the last `[[` in `before` (the line up
# to the cursor) that is not closed yet, or -1.
export def FindStart(before: string): number
  var open = strridx(before, '[[')
  if open < 0 || stridx(before, ']]', open + 2) >= 0
    return -1
  endif
  return open + 2
enddef

# The text an item inserts: its `insert`, and `]]` unless it follows.
export def InsertText(item: dict<any>, rest: string): string
  return item.insert .. (strpart(rest, 0, 2) == ']]' ? '' : ']]')
enddef

# 'omnifunc' (:help complete-functions).
export def Omnifunc(findstart: number, base: string): any
  if findstart == 1
    var line = getline('.')
    var col = col('.') - 1
    after = strpart(line, col)
    var start = FindStart(strpart(line, 0, col))
    return start >= 0 ? start : -3
  endif
  var config = loam.Config()
  if empty(config)
    return []
  endif
  var params: dict<any> = {prefix: base, limit: config.completion.limit}
  if expand('%:p') != ''
    params.path = expand('%:p')
  endif
  var [result, err] = client.RequestSync('complete', params)
  if err != null
    client.NotifyError(err, 'complete')
    return []
  endif
  var words = []
  for item in result.items
    words->add({
      word: InsertText(item, after),
      abbr: item.label,
      kind: item.kind,
      menu: item.detail,
      icase: 1,
      dup: 1,
      user_data: {loam: {path: item.path, kind: item.kind}},
    })
  endfor
  # The helper matches fuzzily: Vim must ask again as the prefix grows
  # rather than narrow this list by its own prefix rule.
  return {words: words, refresh: 'always'}
enddef
