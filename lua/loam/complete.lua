-- complete.lua: link, tag and Markdown-link completion: the built-in
-- 'omnifunc'/'completefunc', and what the nvim-cmp (cmp_source.lua) and
-- blink.cmp (blink.lua) sources share. All three send the same helper
-- request (`complete`, `:help loam-protocol-complete`) and insert the same
-- text.
--
-- What is being typed (M.context): after the last unclosed `[[` a link
-- (`[[Note`, `[[Note#Head`, `[[##Head`, ...), after a `#` that starts a word
-- a tag, and, when `completion.markdown_links` is on, the destination of
-- `[text](`. An item replaces what was typed since then and closes the link
-- (`]]` or `)`) unless the text after the cursor already does.
--
-- Never blocking typing. <C-x><C-o> sends the request and waits at most
-- `completion.wait` ms (default 50) for the answer: the helper's round trip
-- is 1-3 ms, so normally the menu is there at once and keys typed right
-- after (a mapping, a macro, a fast typist) act on it as in Vim. When the
-- helper is slower (reading a large vault), the omnifunc returns -2 and the
-- menu arrives through complete() when the answer does, the asynchronous
-- pattern of Neovim's own vim.lsp.omnifunc. Typing while the menu is open
-- asks again asynchronously (TextChangedP): the helper ranks fuzzily, so
-- Vim's own narrowing is turned off (`equal`) and the list is replaced.
--
-- Whatever the user's 'completeopt' (Neovim 0.10's default is
-- "menu,preview": the first match is inserted, no menu for one match),
-- nothing is inserted that the user did not ask for: a menu that comes
-- later than <C-x><C-o> (late answer, typing on) is shown with nothing
-- selected or inserted ('completeopt' gets "menuone,noselect" for that one
-- complete() call only), and an item's word is the link text alone: the
-- closing `]]` (or `)`) is added on CompleteDone when the completion ends
-- with the item in the line (CTRL-Y, <CR>, <Esc>, or typing on after an
-- inserted match, which then goes after the `]]` as with Vim's own words),
-- not after CTRL-E, nor for a Create item nobody chose when typed on.
--
-- "Create" (a note no name matches; the last item) creates the note only
-- when the user selected it (CTRL-N/CTRL-P/arrows, or the engine's own
-- selection) and accepted it: an item that is merely first, alone or
-- inserted by 'completeopt' never creates a file, and neither does
-- nvim-cmp's confirm({ select = true }) on it (cmp_source.lua) or blink's
-- accept of a preselected item (blink.lua). Its link stays; following it
-- (gf) creates the note. Creating goes through loam.links.create()
-- (`create.folder`, `create.template`).

local M = {}
local H = {}

--- Where the link being typed starts: the 0-based byte column just after the
--- last `[[` in `before` (the line up to the cursor) that is not closed yet,
--- or nil when the cursor is not inside a `[[`.
---@param before string
---@return integer|nil
function M.find_start(before)
  local open
  local from = 1
  while true do
    local s = before:find('[[', from, true)
    if not s then
      break
    end
    open, from = s, s + 1
  end
  if not open or before:find(']]', open + 2, true) then
    return nil
  end
  return open + 1
end

--- What is being completed at the end of `before` (the line up to the
--- cursor): `{ kind = 'wikilink'|'tag'|'markdown', start = 0-based byte
--- column where the typed text starts, prefix = that text, close = what
--- ends it }`, or nil. `opts.markdown` enables Markdown links, `opts.tags =
--- false` disables tags (default: the completion options).
---@param before string
---@param opts table|nil
---@return table|nil
function M.context(before, opts)
  opts = opts or H.options()
  local start = M.find_start(before)
  if start then
    return { kind = 'wikilink', start = start, prefix = before:sub(start + 1), close = ']]' }
  end
  if opts.markdown then
    -- `[text](dest`: a destination not closed yet; spaces only inside <...>.
    -- The item replaces all of it, `<` included, with a %-encoded path.
    local s = before:match('%]%(()[^%)]*$')
    if s and before:find('[', 1, true) then
      local dest = before:sub(s)
      if dest:sub(1, 1) == '<' or not dest:find('%s') then
        return { kind = 'markdown', start = s - 1, prefix = dest, close = ')' }
      end
    end
  end
  if opts.tags ~= false then
    -- `#tag` at the start of a word; `/`, `_` and `-` may be part of it.
    local s = before:match('()#[^%s#]*$')
    if s and (s == 1 or before:sub(s - 1, s - 1):match('%s')) then
      local prefix = before:sub(s + 1)
      if not prefix:gsub('[/_%-]', ''):find('%p') then
        return { kind = 'tag', start = s, prefix = prefix, close = '' }
      end
    end
  end
  return nil
end

--- The text an item inserts: its `insert`, and what closes the link unless
--- the text after the cursor (`after`) starts with it already.
---@param item table an item of the `complete` result
---@param after string the line after the cursor
---@param close string|nil what closes the link (default `]]`)
---@return string
function M.insert_text(item, after, close)
  close = close or ']]'
  if close == '' or after:sub(1, #close) == close then
    return item.insert
  end
  -- `[[Note]` or `(dest`: close only what is missing.
  if close == ']]' and after:sub(1, 1) == ']' then
    return item.insert .. ']'
  end
  return item.insert .. close
end

--- The `complete` params for context `ctx` in buffer `buf`.
function M.params(ctx, buf)
  local config = require('loam.config').get()
  local name = vim.api.nvim_buf_get_name(buf or 0)
  local create = config.completion.create and ctx.kind == 'wikilink'
  local folder = config.create and config.create.folder
  return {
    prefix = ctx.prefix,
    path = name ~= '' and name or nil,
    limit = config.completion.limit,
    context = ctx.kind,
    create = create,
    folder = create and folder and (folder:gsub('^/+', ''):gsub('/+$', '')) or nil,
  }
end

--- Sends the request for `ctx`; `cb(err, result)` runs on the main loop.
function M.request(ctx, buf, cb)
  require('loam.client').request('complete', M.params(ctx, buf), cb)
end

-- LSP CompletionItemKind values, understood by nvim-cmp and blink.cmp. A
-- note, its aliases and "Create" share one kind: nvim-cmp's default
-- comparators sort by kind before sortText, and must not split a note from
-- its aliases or put "Create" first (lists mix only those three kinds).
M.lsp_kinds = {
  note = 17, -- File
  alias = 17, -- File (labelDetails says whose alias)
  create = 17, -- File (last by sortText)
  heading = 22, -- Struct
  block = 20, -- EnumMember
  tag = 14, -- Keyword
}

--- What the menu shows for an item.
function M.label(item)
  if item.kind == 'create' then
    return 'Create "' .. item.label .. '"'
  elseif item.kind == 'tag' then
    return '#' .. item.label
  end
  return item.label
end

--- What the menu shows beside the label: the note's path (an alias: whose
--- alias it is), a tag's count, where a new note goes.
function M.describe(item)
  if item.kind == 'alias' and item.path then
    return item.detail .. ' · ' .. item.path
  end
  return item.detail
end

--- The result as LSP completion items (nvim-cmp and blink.cmp), each with
--- a textEdit that replaces the typed prefix on 0-based line `row` (byte
--- columns), in the helper's order (sortText).
---
--- filterText is the prefix that was asked for, a space and the label.
--- The engines filter and score every item against what is typed (cmp:
--- all of it since `[[`; blink: its last keyword) and sort by that score
--- first: the typed text matches the start of every filterText the same
--- way, so the scores tie and the helper's order (sortText) decides; typed
--- on before the next answer, the engine keeps the items whose label still
--- matches, and the menu stays open instead of emptying until the helper
--- answers. "Create" gets the prefix and a space only: it drops out as
--- soon as more is typed, and is never an exact match (cmp ranks those
--- first) whatever follows the cursor, so cmp's `word` for it is its full
--- text.
---
--- `typed` (default ctx.prefix) is what the user has typed by now, when
--- that grew since ctx was asked (the filterText starts with it).
function M.lsp_items(result, ctx, row, after, typed)
  typed = typed or ctx.prefix
  local items = {}
  local finish = ctx.start + #ctx.prefix
  for i, item in ipairs(result and result.items or {}) do
    local create = item.kind == 'create'
    local lsp = {
      label = M.label(item),
      labelDetails = { description = M.describe(item) },
      filterText = typed .. ' ' .. (create and '' or M.label(item)),
      sortText = string.format('%05d', i),
      kind = M.lsp_kinds[item.kind] or 1,
      detail = item.detail,
      documentation = item.preview and { kind = 'markdown', value = item.preview } or nil,
      textEdit = {
        newText = M.insert_text(item, after, ctx.close),
        range = {
          start = { line = row, character = ctx.start },
          ['end'] = { line = row, character = finish },
        },
      },
      data = { loam = H.user_data(item, ctx) },
    }
    if create then
      lsp.word = item.insert .. ctx.close -- nvim-cmp's own field (entry.lua)
    end
    table.insert(items, lsp)
  end
  return items
end

--- Runs what accepting an item does besides inserting it: a "create" item
--- creates its note when `chosen` (the user selected it, then accepted it;
--- see the top of this file). `data` is the item's `user_data.loam` (or
--- `data.loam`).
function M.accepted(data, chosen)
  if type(data) ~= 'table' or not data.create or not chosen then
    return
  end
  require('loam.links').create(data.create, function(err, res)
    if err then
      return require('loam.client').notify_error(err, 'create')
    end
    require('loam').notify('created ' .. res.path, vim.log.levels.INFO)
  end)
end

--- Asks the helper to build its completion index now (the first answer on
--- a large vault pays for it), so the first `[[` is quick.
function M.warm_up()
  require('loam.client').request('complete', { prefix = '', limit = 1, preview = false }, function() end)
end

--- Registers the sources of the completion engines that are installed:
--- nvim-cmp (`loam`) and blink.cmp (provider `loam`, module `loam.blink`).
function M.register_engines()
  local ok, cmp = pcall(require, 'cmp')
  if ok and type(cmp.register_source) == 'function' then
    cmp.register_source('loam', require('loam.cmp_source').new())
  end
  local ok_blink, blink = pcall(require, 'blink.cmp')
  if ok_blink and type(blink.add_source_provider) == 'function' then
    -- Fails when the user configured the provider already: theirs stays.
    if pcall(blink.add_source_provider, 'loam', { name = 'loam', module = 'loam.blink' }) then
      pcall(blink.add_filetype_source, 'markdown', 'loam')
    end
  end
end

-- ---- the built-in omnifunc / completefunc --------------------------------

--- 'omnifunc' (and 'completefunc') for vault notes (`:help complete-functions`).
function M.omnifunc(findstart, base)
  if findstart ~= 1 then
    return H.take_waited(base)
  end
  H.waited = nil
  local config = require('loam.config').options
  local ctx = config and config.completion.enable and H.cursor_context()
  if not ctx then
    return -3
  end
  local req = H.send(ctx, true)
  local wait = config.completion.wait
  if wait > 0 then
    vim.wait(wait, function()
      return req.result ~= nil or req.failed
    end, 1)
  end
  req.waiting = false
  if req.result then
    H.waited = req
    return ctx.start
  end
  -- Not there yet: it will come through complete() (H.show).
  return -2
end

M.completefunc = M.omnifunc

--- Vim complete-items for a result (`:help complete-items`). The word is
--- the link text alone; CompleteDone closes the link when the item is
--- accepted (user_data.loam.close).
function M.complete_items(result, ctx)
  local words = {}
  for _, item in ipairs(result and result.items or {}) do
    table.insert(words, {
      word = item.insert,
      abbr = M.label(item),
      kind = item.kind,
      menu = M.describe(item),
      info = item.preview or '',
      icase = 1,
      dup = 1,
      empty = 1,
      -- The helper matched fuzzily: Vim must not drop items by its own
      -- prefix rule while the user types on (TextChangedP asks again).
      equal = 1,
      user_data = { loam = H.user_data(item, ctx) },
    })
  end
  return words
end

H.options = function()
  local config = require('loam.config').options
  local c = config and config.completion or {}
  return { markdown = c.markdown_links, tags = c.tags }
end

-- What accepting an item needs to know: what closes the link (`]]`, `)`
-- or '', added unless the text after the cursor has it), the note a create
-- item makes.
H.user_data = function(item, ctx)
  return {
    kind = item.kind,
    path = item.path,
    line = item.line,
    close = ctx.close,
    create = item.kind == 'create' and item.path or nil,
  }
end

-- The context at the cursor of the current window, with where it is.
H.cursor_context = function()
  local buf = vim.api.nvim_get_current_buf()
  local cursor = vim.api.nvim_win_get_cursor(0)
  local line = vim.api.nvim_get_current_line()
  local ctx = M.context(line:sub(1, cursor[2]))
  if ctx then
    ctx.buf, ctx.row, ctx.after = buf, cursor[1], line:sub(cursor[2] + 1)
  end
  return ctx
end

H.seq = 0

-- Sends a request for ctx. While `waiting`, the omnifunc takes the answer;
-- after, a current answer is shown with complete(). A newer request makes
-- older answers moot.
H.send = function(ctx, waiting)
  H.seq = H.seq + 1
  local req = { ctx = ctx, seq = H.seq, waiting = waiting }
  H.ensure_autocmds()
  M.request(ctx, ctx.buf, function(err, result)
    if req.seq ~= H.seq then
      return
    end
    if err then
      req.failed = true
      return require('loam.client').notify_error(err, 'complete')
    end
    if req.waiting then
      req.result = result
    else
      H.show(req.ctx, result)
    end
  end)
  return req
end

-- The second omnifunc call after a waited answer: its items.
H.take_waited = function(base)
  local req = H.waited
  H.waited = nil
  if not req or req.ctx.prefix ~= base then
    return {}
  end
  H.menu_shown(req.ctx)
  return { words = M.complete_items(req.result, req.ctx) }
end

-- Shows an answer that came late, if the user is still typing that link.
H.show = function(ctx, result)
  local mode = vim.api.nvim_get_mode().mode
  if mode ~= 'i' and mode ~= 'ic' and mode ~= 'ix' then
    return
  end
  local now = H.cursor_context()
  if not now or now.buf ~= ctx.buf or now.row ~= ctx.row or now.start ~= ctx.start or now.kind ~= ctx.kind then
    return
  end
  if now.prefix ~= ctx.prefix then
    return H.send(now, false) -- typed on meanwhile: ask for what is there now
  end
  H.menu_shown(now)
  -- The user is typing: show the menu without selecting or inserting
  -- anything, whatever 'completeopt' says (it is global in Neovim 0.10,
  -- so it is set for this call only; later keys follow the user's).
  local saved = vim.o.completeopt
  local opts = vim.split(saved, ',', { trimempty = true })
  for _, want in ipairs({ 'menuone', 'noselect' }) do
    if not vim.tbl_contains(opts, want) then
      table.insert(opts, want)
    end
  end
  vim.o.completeopt = table.concat(opts, ',')
  local ok, err = pcall(vim.fn.complete, now.start + 1, M.complete_items(result, now))
  vim.o.completeopt = saved
  if not ok then
    error(err, 0)
  end
end

-- A menu of ours is up for `ctx`: keys are watched from now on (which one
-- ends the completion, whether the user moved the selection).
H.menu_shown = function(ctx)
  H.shown = ctx
  H.moved = false
  H.last_key = nil
end

-- Keys that move the selection in the menu (after mappings: a <Tab>
-- mapped to <C-n> arrives as <C-n>).
H.moves = {}
for _, k in ipairs({ '<C-n>', '<C-p>', '<Down>', '<Up>', '<PageDown>', '<PageUp>', '<S-Down>', '<S-Up>' }) do
  H.moves[vim.keycode(k)] = true
end
H.accepts = { [vim.keycode('<C-y>')] = true, [vim.keycode('<CR>')] = true, [vim.keycode('<kEnter>')] = true, ['\n'] = true }

H.on_key = function(key)
  if not H.shown or key == '' then
    return
  end
  H.last_key = key
  if H.moves[key] then
    H.moved = true
  end
end

-- Whether `key` types text (a printable character) rather than ending the
-- completion some other way.
H.types_text = function(key)
  if key == nil then
    return false
  end
  local b = key:byte(1)
  return b ~= 0x80 and (b >= 0x20 and b ~= 0x7f)
end

-- CompleteDone for one of our items: close the link (as Vim's own words
-- would, `]]` included: typing on continues after it), unless the
-- completion was cancelled or the item is a Create nobody chose that the
-- user typed on from (that text is theirs); create the note of a Create
-- item the user selected and accepted.
H.done = function(item, data)
  local key, moved = H.last_key, H.moved
  H.shown, H.last_key, H.moved = nil, nil, false
  local chosen = moved and H.accepts[key] == true
  if key == vim.keycode('<C-e>') or (data.create and not moved and H.types_text(key)) then
    return
  end
  local row, col = unpack(vim.api.nvim_win_get_cursor(0))
  local line = vim.api.nvim_get_current_line()
  if item.word == '' or line:sub(1, col):sub(-#item.word) ~= item.word then
    return -- not in the line: abandoned
  end
  local close = M.insert_text({ insert = '' }, line:sub(col + 1), data.close)
  if close ~= '' then
    vim.api.nvim_buf_set_text(0, row - 1, col, row - 1, col, { close })
    vim.api.nvim_win_set_cursor(0, { row, col + #close })
  end
  M.accepted(data, chosen)
end

H.ensure_autocmds = function()
  if H.augroup then
    return
  end
  H.augroup = vim.api.nvim_create_augroup('loam_complete', { clear = true })
  vim.on_key(H.on_key, vim.api.nvim_create_namespace('loam_complete'))
  -- Typing with the menu open: the helper ranks again.
  vim.api.nvim_create_autocmd('TextChangedP', {
    group = H.augroup,
    callback = function()
      local shown = H.shown
      if not shown or vim.fn.complete_info({ 'selected' }).selected ~= -1 then
        return -- not ours, or an item is selected (CTRL-N), not typed
      end
      local now = H.cursor_context()
      if now and now.buf == shown.buf and now.row == shown.row and now.start == shown.start then
        if now.prefix ~= shown.prefix then
          H.send(now, false)
        end
      end
    end,
    desc = 'loam: complete again as the prefix grows',
  })
  vim.api.nvim_create_autocmd('CompleteDone', {
    group = H.augroup,
    callback = function()
      local item = vim.v.completed_item
      local data = type(item) == 'table' and type(item.user_data) == 'table' and item.user_data.loam
      if data then
        H.done(item, data)
      end
    end,
    desc = 'loam: close the accepted link; create the note a chosen create item names',
  })
  vim.api.nvim_create_autocmd('InsertLeave', {
    group = H.augroup,
    callback = function()
      H.shown = nil
    end,
  })
end

return M
