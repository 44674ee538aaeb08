-- tasks.lua: task query buffers (`:Loam tasks`).
--
-- A query in the Obsidian Tasks language (typed on the command line, or the
-- ```tasks block under the cursor) goes to the helper's `query` method,
-- which returns the finished lines of the view: group headings, one line per
-- task, a count, each with highlight spans. This file only paints them into
-- a scratch buffer (filetype `loamtasks`) and wires its keys:
--   <CR>  open the task under the cursor at its line
--   r     run the query again
--   q     close the view

local M = {}
local H = {}

H.ns = vim.api.nvim_create_namespace('loam_tasks')

-- buf -> { params = <query params>, result = <last query result> }
H.views = {}

-- Highlight groups the helper names in `hl`, and what they look like unless
-- a colorscheme says otherwise.
M.highlights = {
  LoamTaskGroup = { link = 'Title' }, -- group headings
  LoamTaskCheckbox = { link = 'Special' }, -- `[ ]`
  LoamTaskDone = { link = 'Comment' }, -- description of a done task
  LoamTaskTag = { link = 'Label' }, -- #tags
  LoamTaskPriority = { link = 'WarningMsg' }, -- ⏫ 🔼 ...
  LoamTaskDate = { link = 'Constant' }, -- ➕ 🛫 ⏳ ✅ ❌ dates
  LoamTaskField = { link = 'Identifier' }, -- 🆔 ⛔ 🔁 🏁 and their values
  LoamTaskDue = { link = 'Constant' }, -- 📅 due date
  LoamTaskOverdue = { link = 'ErrorMsg' }, -- 📅 due date before today
  LoamTaskUrgency = { link = 'Number' }, -- `show urgency`
  LoamTaskBacklink = { link = 'Directory' }, -- (note > heading)
  LoamTaskCount = { link = 'Comment' }, -- "14 tasks"
  LoamTaskExplain = { link = 'Comment' }, -- `explain` output
}

--- Runs `query` (tasks language; a literal `\n` separates lines), or with
--- no query the ```tasks block under the cursor, and shows the result.
---@param query string|nil
function M.run(query)
  local loam = require('loam')
  require('loam.config').get()
  local buf = vim.api.nvim_get_current_buf()
  local params = {}
  if loam.is_vault_buffer(buf) then
    params.path = vim.api.nvim_buf_get_name(buf)
  end
  if query and query:match('%S') then
    params.text = query:gsub('\\n', '\n')
  elseif params.path then
    params.line = vim.api.nvim_win_get_cursor(0)[1]
  else
    return loam.notify(
      'tasks: give a query (:Loam tasks not done), or run it on a ```tasks block in a vault note',
      vim.log.levels.WARN
    )
  end
  H.query(params, function(result)
    H.show(H.buffer_for(params), params, result)
  end)
end

--- Opens the task under the cursor of a tasks buffer at its line, in the
--- window the view was opened from (or this one when there is none).
function M.jump()
  local buf = vim.api.nvim_get_current_buf()
  local view = H.views[buf]
  local entry = view and view.result.lines[vim.api.nvim_win_get_cursor(0)[1]]
  if not entry or not entry.abspath then
    return
  end
  local prev = vim.fn.win_getid(vim.fn.winnr('#'))
  if prev ~= 0 and prev ~= vim.api.nvim_get_current_win() then
    vim.api.nvim_set_current_win(prev)
  end
  require('loam.links').open(entry.abspath, entry.line)
end

--- Runs the query of the current tasks buffer again, in place.
function M.rerun()
  local buf = vim.api.nvim_get_current_buf()
  local view = H.views[buf]
  if not view then
    return
  end
  H.query(view.params, function(result)
    if vim.api.nvim_buf_is_valid(buf) then
      H.render(buf, view.params, result)
    end
  end)
end

H.query = function(params, on_result)
  local client = require('loam.client')
  client.request('query', params, function(err, result)
    if err then
      local msg = err.message or ''
      if err.line and not msg:find('line %d') then
        msg = string.format('line %d, col %d: %s', err.line, err.col or 1, msg)
      end
      return client.notify_error({ code = err.code, message = msg }, 'tasks')
    end
    on_result(result)
  end)
end

-- The buffer showing the query `params`: the same one on a second run.
H.buffer_for = function(params)
  local name
  if params.text then
    name = 'loam://tasks/' .. params.text:gsub('\n', '; ')
  else
    local config = require('loam.config').get()
    local rel = params.path:sub(#config.vault + 2)
    name = string.format('loam://tasks/%s:%d', rel, params.line)
  end
  for buf in pairs(H.views) do
    if vim.api.nvim_buf_is_valid(buf) and vim.api.nvim_buf_get_name(buf) == name then
      return buf
    end
  end
  local buf = vim.api.nvim_create_buf(false, true)
  vim.api.nvim_buf_set_name(buf, name)
  H.setup_buffer(buf)
  return buf
end

H.setup_buffer = function(buf)
  local bo = vim.bo[buf]
  bo.buftype = 'nofile'
  bo.bufhidden = 'hide'
  bo.swapfile = false
  bo.modifiable = false
  local map = function(lhs, rhs, desc)
    vim.keymap.set('n', lhs, rhs, { buffer = buf, nowait = true, desc = 'loam: ' .. desc })
  end
  map('<CR>', M.jump, 'open the task under the cursor')
  map('r', M.rerun, 'run the query again')
  map('q', function()
    vim.api.nvim_buf_delete(buf, { force = true })
  end, 'close the task view')
  vim.api.nvim_create_autocmd('BufWipeout', {
    buffer = buf,
    once = true,
    callback = function()
      H.views[buf] = nil
    end,
  })
  -- Last, so FileType autocommands and ftplugins can change the above.
  bo.filetype = 'loamtasks'
end

H.show = function(buf, params, result)
  H.render(buf, params, result)
  local win = vim.fn.bufwinid(buf)
  if win ~= -1 then
    return vim.api.nvim_set_current_win(win)
  end
  local open = require('loam.config').get().tasks.open
  if open == 'tab' then
    vim.cmd('tab sbuffer ' .. buf)
  elseif open == 'split' then
    vim.cmd('sbuffer ' .. buf)
  else
    vim.api.nvim_win_set_buf(0, buf)
  end
  vim.wo.wrap = false
end

H.render = function(buf, params, result)
  H.define_highlights()
  H.views[buf] = { params = params, result = result }
  local text = {}
  for i, line in ipairs(result.lines or {}) do
    text[i] = line.text or ''
  end
  vim.bo[buf].modifiable = true
  vim.api.nvim_buf_set_lines(buf, 0, -1, false, text)
  vim.bo[buf].modifiable = false
  vim.bo[buf].modified = false
  vim.api.nvim_buf_clear_namespace(buf, H.ns, 0, -1)
  for i, line in ipairs(result.lines or {}) do
    for _, hl in ipairs(line.hl or {}) do
      local group, s, e = hl[1], hl[2], hl[3]
      -- Spans without a group (the helper sends nil for some fields) stay plain.
      if type(group) == 'string' then
        pcall(vim.api.nvim_buf_set_extmark, buf, H.ns, i - 1, s, { end_col = e, hl_group = group })
      end
    end
  end
end

H.define_highlights = function()
  if H.highlights_defined then
    return
  end
  H.highlights_defined = true
  local set = function()
    for name, spec in pairs(M.highlights) do
      vim.api.nvim_set_hl(0, name, vim.tbl_extend('force', spec, { default = true }))
    end
  end
  set()
  vim.api.nvim_create_autocmd('ColorScheme', {
    group = vim.api.nvim_create_augroup('loam_tasks_highlights', { clear = true }),
    callback = set,
    desc = 'loam: restore default task highlights',
  })
end

return M
