-- links.lua: following links, creating the notes they name, and the lists
-- built from the link graph: backlinks, related notes, unresolved links and
-- notes by tag.
--
-- The helper does the reading: `resolve` gets the cursor's line and byte
-- column and says which link is there (any form: wikilink, alias, heading,
-- block, embed, Markdown link, a link in a frontmatter list), which note it
-- names and the line of its heading or block. This file opens the note,
-- leaving a jumplist entry so <C-o> comes back, or offers to create it.
-- Lists go to the quickfix list and the configured picker (picker.lua).

local M = {}
local H = {}

--- Follows the link under the cursor in the current window.
--- `opts.fallback`: keys run with `:normal!` when no link is under the cursor
--- (so a `gf` mapping still opens plain file names).
---@param opts table|nil
function M.follow(opts)
  opts = opts or {}
  require('loam.config').get()
  local client = require('loam.client')
  local win = vim.api.nvim_get_current_win()
  local buf = vim.api.nvim_get_current_buf()
  local params = {
    text = vim.api.nvim_get_current_line(),
    col = vim.api.nvim_win_get_cursor(win)[2] + 1,
  }
  if require('loam').is_vault_buffer(buf) then
    params.path = vim.api.nvim_buf_get_name(buf)
  end
  client.request('resolve', params, function(err, res)
    if err then
      return client.notify_error(err, 'follow')
    end
    -- The answer is about the window the request came from.
    if not vim.api.nvim_win_is_valid(win) or vim.api.nvim_win_get_buf(win) ~= buf then
      return
    end
    vim.api.nvim_set_current_win(win)
    if not res.found then
      return H.fallback(opts.fallback)
    end
    if not res.resolved or not res.abspath then
      if H.attachment(res.target) then
        return H.open_attachment(res.target)
      end
      return H.offer_create(res)
    end
    M.open(res.abspath, res.line)
    if res.missing then
      local what = res.missing == 'block' and ('^' .. (res.block or '')) or ('#' .. (res.heading or ''))
      require('loam').notify(
        string.format('%s has no %s %s', vim.fn.fnamemodify(res.abspath, ':t:r'), res.missing, what),
        vim.log.levels.WARN
      )
    end
  end)
end

--- Opens `path` in the current window at `line` (and byte `col`), as a jump
--- (<C-o> returns).
---@param path string absolute path
---@param line integer|nil 1-based
---@param col integer|nil 1-based byte column
function M.open(path, line, col)
  vim.cmd("normal! m'")
  if vim.fs.normalize(vim.api.nvim_buf_get_name(0)) ~= vim.fs.normalize(path) then
    local ok, err = pcall(vim.cmd.edit, vim.fn.fnameescape(path))
    if not ok then
      return require('loam').notify(tostring(err), vim.log.levels.ERROR)
    end
  end
  local last = vim.api.nvim_buf_line_count(0)
  line = math.max(1, math.min(line or 1, last))
  local len = #(vim.api.nvim_buf_get_lines(0, line - 1, line, true)[1] or '')
  vim.api.nvim_win_set_cursor(0, { line, math.max(0, math.min((col or 1) - 1, len)) })
  vim.cmd('normal! zv')
end

--- Creates the note at vault path `path` (`.md` optional) from the
--- `create.template` option, never over an existing file; `cb(err, res)`
--- gets `{ path, abspath }`. The note is not opened.
---@param path string
---@param cb fun(err: table|nil, res: table|nil)|nil
function M.create(path, cb)
  local config = require('loam.config').get()
  local title = vim.fn.fnamemodify(path, ':t'):gsub('%.md$', '')
  local text, terr = H.template_text(config, title)
  if not text then
    local err = { code = 'LOAM_E_IO', message = terr }
    return cb and cb(err) or require('loam.client').notify_error(err, 'create')
  end
  require('loam.client').request('create_note', { path = path, text = text }, function(err, res)
    if cb then
      return cb(err, res)
    end
    if err then
      require('loam.client').notify_error(err, 'create')
    end
  end)
end

--- Lists the places that link to the current note (quickfix list and
--- picker), newest source note first.
function M.backlinks()
  H.for_note('backlinks', function(client, buf, path)
    client.request('backlinks', { path = path }, function(err, res)
      if err then
        return client.notify_error(err, 'backlinks')
      end
      local items = {}
      for _, it in ipairs(res.items or {}) do
        table.insert(items, {
          filename = it.abspath,
          lnum = it.line,
          col = it.col,
          text = string.format('%s%s: %s', it.date and (it.date .. ' ') or '', it.title or it.path, it.text or ''),
          user_data = { path = it.path, title = it.title, date = it.date },
        })
      end
      H.show('Backlinks: ' .. H.name(buf), items, 'no notes link to ' .. H.name(buf))
    end)
  end)
end

--- Lists the notes related to the current one, best first, with why.
function M.related()
  H.for_note('related', function(client, buf, path)
    client.request('related', { path = path }, function(err, res)
      if err then
        return client.notify_error(err, 'related')
      end
      local items = {}
      for _, it in ipairs(res.items or {}) do
        table.insert(items, {
          filename = it.abspath,
          lnum = 1,
          col = 1,
          text = string.format('%s (%s): %s', it.title, H.score(it.score), table.concat(it.reasons or {}, ', ')),
          user_data = { path = it.path, score = it.score, reasons = it.reasons },
        })
      end
      H.show('Related: ' .. H.name(buf), items, 'no notes are related to ' .. H.name(buf))
    end)
  end)
end

--- Lists the links that point nowhere (no such note, heading or block), in
--- the whole vault or, with `opts.buffer`, in the current note.
---@param opts table|nil `{ buffer = bool }`
function M.unresolved(opts)
  opts = opts or {}
  require('loam.config').get()
  local client = require('loam.client')
  local params = {}
  if opts.buffer then
    if not require('loam').is_vault_buffer(0) then
      return H.not_a_note('unresolved')
    end
    params.path = vim.api.nvim_buf_get_name(0)
  end
  client.request('unresolved', params, function(err, res)
    if err then
      return client.notify_error(err, 'unresolved')
    end
    local items = {}
    for _, it in ipairs(res.items or {}) do
      local link = it.target .. (it.heading and ('#' .. it.heading) or '') .. (it.block and ('^' .. it.block) or '')
      table.insert(items, {
        filename = it.abspath,
        lnum = it.line,
        col = it.col,
        text = string.format('[[%s]] (no %s): %s', link, it.missing, it.text or ''),
        user_data = { target = it.target, missing = it.missing },
      })
    end
    H.show('Unresolved links', items, 'every link points to a note')
    if (res.total or 0) > #items then
      require('loam').notify(string.format('%d of %d unresolved links listed', #items, res.total), vim.log.levels.INFO)
    end
  end)
end

--- Lists the notes tagged `tag` or a tag below it (`type` takes in
--- `type/people`). Without `tag`, first asks which tag (|vim.ui.select()|,
--- with each tag's count).
---@param tag string|nil
function M.tags(tag)
  require('loam.config').get()
  local client = require('loam.client')
  if tag == '' then
    tag = nil
  end
  client.request('tags', { tag = tag }, function(err, res)
    if err then
      return client.notify_error(err, 'tags')
    end
    if not tag then
      return H.choose_tag(res.items or {})
    end
    local items = {}
    for _, t in ipairs(res.items or {}) do
      for _, n in ipairs(t.notes or {}) do
        table.insert(items, {
          filename = n.abspath,
          lnum = n.line,
          col = 1,
          text = string.format('#%s: %s', t.tag, n.title or n.path),
          user_data = { tag = t.tag, path = n.path },
        })
      end
    end
    local name = tag:gsub('^#', '')
    H.show('Tag #' .. name, items, 'no notes are tagged #' .. name)
  end)
end

--- Command-line completion of `:Loam {sub} ...`: tag names after `tags`,
--- the current note's name after `rename`.
---@return string[]
function M.complete_arg(sub, arglead)
  if not require('loam.config').options then
    return {}
  end
  local found = {}
  if sub == 'tags' then
    local ok, res = pcall(require('loam.client').request_sync, 'tags', {}, 500)
    for _, t in ipairs(ok and type(res) == 'table' and res.items or {}) do
      if vim.startswith(t.tag:lower(), (arglead:lower():gsub('^#', ''))) then
        table.insert(found, t.tag)
      end
    end
  elseif sub == 'rename' and require('loam').is_vault_buffer(0) then
    local stem = vim.fn.fnamemodify(vim.api.nvim_buf_get_name(0), ':t:r')
    if vim.startswith(stem, arglead) then
      table.insert(found, stem)
    end
  end
  return found
end

-- A link to a file that is not a note (`![[diagram.png]]`, `[[paper.pdf]]`):
-- its name has an extension other than .md.
H.attachment = function(target)
  local ext = (target or ''):match('%.([%w]+)$')
  return ext ~= nil and ext:lower() ~= 'md' and ext:find('%a') ~= nil and #ext <= 5
end

-- Opens an attachment found in the vault (by its path, else by its file
-- name anywhere, as Obsidian does) with the system's handler.
H.open_attachment = function(target)
  local vault = require('loam.config').get().vault
  local path = vault .. '/' .. target:gsub('^/+', '')
  if vim.uv.fs_stat(path) == nil then
    local name = vim.fs.basename(target)
    path = vim.fs.find(name, { path = vault, type = 'file', limit = 1 })[1]
  end
  if not path then
    return require('loam').notify(target .. ' is not in the vault', vim.log.levels.WARN)
  end
  local ok, err = pcall(vim.ui.open, path)
  if not ok then
    require('loam').notify('cannot open ' .. path .. ': ' .. tostring(err), vim.log.levels.ERROR)
  end
end

H.choose_tag = function(tags)
  if #tags == 0 then
    return require('loam').notify('no tags in the vault', vim.log.levels.INFO)
  end
  local format = function(t)
    return string.format('#%s (%d)', t.tag, t.count)
  end
  require('loam.picker').choose('Tag', tags, format, function(choice)
    M.tags(choice.tag)
  end, { picker = require('loam.config').get().picker })
end

H.fallback = function(keys)
  if keys then
    local ok, e = pcall(vim.cmd.normal, { args = { vim.keycode(keys) }, bang = true })
    if not ok then
      require('loam').notify(tostring(e):gsub('^Vim%(normal%):', ''), vim.log.levels.ERROR)
    end
  else
    require('loam').notify('no link under the cursor', vim.log.levels.INFO)
  end
end

-- Where a note for unresolved link `res` goes: the helper's path, under the
-- `create.folder` option when the link names no folder.
H.new_path = function(res)
  local config = require('loam.config').get()
  local path = res.new_path
  if not path then
    return nil
  end
  local folder = config.create and config.create.folder
  if folder and res.kind ~= 'markdown' and not res.target:find('/') then
    path = vim.fs.joinpath((folder:gsub('^/+', ''):gsub('/+$', '')), path)
  end
  return path
end

H.offer_create = function(res)
  local path = H.new_path(res)
  local link = res.kind == 'markdown' and res.target or ('[[' .. res.target .. ']]')
  if not path then
    return require('loam').notify(link .. ' does not name a note', vim.log.levels.WARN)
  end
  local win = vim.api.nvim_get_current_win()
  local create = 'Create ' .. path
  vim.ui.select({ create, 'Cancel' }, {
    prompt = string.format('%s names no note in the vault.', link),
    kind = 'loam.create',
  }, function(choice)
    if choice ~= create then
      return
    end
    M.create(path, function(err, created)
      if err then
        return require('loam.client').notify_error(err, 'create')
      end
      if vim.api.nvim_win_is_valid(win) then
        vim.api.nvim_set_current_win(win)
      end
      M.open(created.abspath, 1)
    end)
  end)
end

-- The text a new note starts with: the template (a vault path or an
-- absolute one; or a function of the title) with {{title}}, {{date}} and
-- {{time}} filled in. Returns text, or nil and a message.
H.template_text = function(config, title)
  local template = config.create and config.create.template
  if template == nil then
    return ''
  end
  local text
  if type(template) == 'function' then
    local ok, t = pcall(template, title)
    if not ok or type(t) ~= 'string' then
      return nil, 'create.template: ' .. (ok and 'the function must return a string' or tostring(t))
    end
    text = t
  else
    local path = template:sub(1, 1) == '/' and template or (config.vault .. '/' .. template)
    if vim.fn.filereadable(path) == 0 and vim.fn.filereadable(path .. '.md') == 1 then
      path = path .. '.md'
    end
    local ok, lines = pcall(vim.fn.readfile, path, 'b')
    if not ok then
      return nil, 'create.template: cannot read ' .. path
    end
    text = table.concat(lines, '\n')
  end
  local date = config.today or os.date('%Y-%m-%d')
  local fill = { title = title, date = date, time = os.date('%H:%M') }
  return (text:gsub('{{%s*(%a+)%s*}}', function(key)
    return fill[key]
  end))
end

-- Runs fn(client, buf, path) for the current buffer when it is a vault note.
H.for_note = function(what, fn)
  require('loam.config').get()
  local buf = vim.api.nvim_get_current_buf()
  if not require('loam').is_vault_buffer(buf) then
    return H.not_a_note(what)
  end
  fn(require('loam.client'), buf, vim.api.nvim_buf_get_name(buf))
end

H.not_a_note = function(what)
  require('loam').notify(what .. ': the current buffer is not a note in the vault', vim.log.levels.WARN)
end

H.name = function(buf)
  return vim.fn.fnamemodify(vim.api.nvim_buf_get_name(buf), ':t:r')
end

H.score = function(s)
  return s == math.floor(s) and string.format('%d', s) or string.format('%.1f', s)
end

H.show = function(title, items, empty)
  local config = require('loam.config').get()
  require('loam.picker').show(title, items, { picker = config.picker })
  if #items == 0 then
    require('loam').notify(empty, vim.log.levels.INFO)
  end
end

return M
