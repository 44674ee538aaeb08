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
-- Accepting a "create" item (a note no name matches) creates the note
-- through loam.links.create() (`create.folder`, `create.template`).

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

-- LSP CompletionItemKind values, understood by nvim-cmp and blink.cmp.
M.lsp_kinds = {
  note = 17, -- File
  alias = 18, -- Reference
  heading = 22, -- Struct
  block = 20, -- EnumMember
  tag = 14, -- Keyword
  create = 4, -- Constructor
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

--- The result as LSP completion items (nvim-cmp and blink.cmp), each with
--- a textEdit that replaces the typed prefix on 0-based line `row` (byte
--- columns), in the helper's order (sortText), all filtered by the prefix
--- itself (the helper matched fuzzily already).
function M.lsp_items(result, ctx, row, after)
  local items = {}
  local finish = ctx.start + #ctx.prefix
  for i, item in ipairs(result and result.items or {}) do
    table.insert(items, {
      label = M.label(item),
      filterText = ctx.prefix,
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
      data = { loam = H.user_data(item) },
    })
  end
  return items
end

--- Runs what accepting an item does besides inserting it: a "create" item
--- creates its note. `data` is the item's `user_data.loam` (or `data.loam`).
function M.accepted(data)
  if type(data) ~= 'table' or not data.create then
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

--- Vim complete-items for a result (`:help complete-items`).
function M.complete_items(result, ctx)
  local words = {}
  for _, item in ipairs(result and result.items or {}) do
    table.insert(words, {
      word = M.insert_text(item, ctx.after or '', ctx.close),
      abbr = M.label(item),
      kind = item.kind,
      menu = item.detail,
      info = item.preview or '',
      icase = 1,
      dup = 1,
      empty = 1,
      -- The helper matched fuzzily: Vim must not drop items by its own
      -- prefix rule while the user types on (TextChangedP asks again).
      equal = 1,
      user_data = { loam = H.user_data(item) },
    })
  end
  return words
end

H.options = function()
  local config = require('loam.config').options
  local c = config and config.completion or {}
  return { markdown = c.markdown_links, tags = c.tags }
end

H.user_data = function(item)
  return {
    kind = item.kind,
    path = item.path,
    line = item.line,
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
  H.shown = req.ctx
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
  H.shown = now
  vim.fn.complete(now.start + 1, M.complete_items(result, now))
end

H.ensure_autocmds = function()
  if H.augroup then
    return
  end
  H.augroup = vim.api.nvim_create_augroup('loam_complete', { clear = true })
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
      if not data then
        return
      end
      H.shown = nil
      -- Accepted (the word is in the line), not abandoned with CTRL-E.
      local col = vim.api.nvim_win_get_cursor(0)[2]
      local before = vim.api.nvim_get_current_line():sub(1, col)
      if item.word ~= '' and before:sub(-#item.word) == item.word then
        M.accepted(data)
      end
    end,
    desc = 'loam: create the note a create item names',
  })
  vim.api.nvim_create_autocmd('InsertLeave', {
    group = H.augroup,
    callback = function()
      H.shown = nil
    end,
  })
end

return M
