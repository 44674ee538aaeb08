-- tasks.lua: task query buffers (`:Loam tasks`).
--
-- A query in the Obsidian Tasks language (typed on the command line, or the
-- ```tasks block under the cursor) goes to the helper's `query` method,
-- which returns the finished lines of the view: group headings, one line per
-- task, a count, each with highlight spans. This file only paints them into
-- a scratch buffer (filetype `loamtasks`) and wires its keys:
--   <CR>          open the task under the cursor at its line
--   x             toggle the task done (`tasks.toggle_key`)
--   <C-a> <C-x>   next / previous status
--   r             run the query again
--   q             close the view
-- Changing a task asks the helper what to write (`task_toggle`) and applies
-- that through lua/loam/edit.lua, the one way loam changes notes. Views and
-- the results shown under each ```tasks block of a note (virtual lines) run
-- again by themselves when a note is saved or changes on disk.

local M = {}
local H = {}

H.ns = vim.api.nvim_create_namespace('loam_tasks')
H.inline_ns = vim.api.nvim_create_namespace('loam_tasks_inline')
H.conceal_ns = vim.api.nvim_create_namespace('loam_tasks_conceal')
H.augroup = vim.api.nvim_create_augroup('loam_tasks', { clear = true })

-- How a checkbox reads in a view (concealed in its place), like Obsidian's
-- reading view; other symbols stay as written.
M.checkboxes = { [' '] = '☐', x = '☑', X = '☑', ['/'] = '◐', ['-'] = '☒' }

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
  H.refresh_view(buf, view, false)
end

-- Runs the query of view `buf` again. A failure leaves the view as it was
-- and is said once (`quiet`: not again while the same error persists).
H.refresh_view = function(buf, view, quiet)
  H.query(view.params, function(result, err)
    if not vim.api.nvim_buf_is_valid(buf) or H.views[buf] ~= view then
      return
    end
    if err then
      local msg = H.error_message(err)
      if quiet and err.code == require('loam.client').E_HELPER then
        return -- a helper that died says so itself
      end
      if not quiet or view.failed ~= msg then
        view.failed = msg
        require('loam.client').notify_error({ code = err.code, message = msg .. ' (the view shows its last results)' }, 'tasks')
      end
      return
    end
    H.render(buf, view.params, result)
  end, true)
end

--- Toggles the task under the cursor (a task view, or a task line in a
--- vault note) done or not done, as Obsidian Tasks does.
function M.toggle()
  H.change({})
end

--- Moves the task under the cursor to the next (1) or previous (-1) status
--- of the status table.
---@param dir integer
function M.cycle(dir)
  H.change({ cycle = dir })
end

--- Sets the status of the task under the cursor to `symbol` (one character).
---@param symbol string
function M.set_status(symbol)
  if symbol == nil or vim.fn.strchars(symbol) ~= 1 then
    if symbol == '' or symbol == nil then
      symbol = ' '
    else
      return require('loam').notify('status: give one status symbol, e.g. :Loam status /', vim.log.levels.WARN)
    end
  end
  H.change({ status = symbol })
end

-- The task under the cursor: { abspath, line, text } or nil.
H.task_at_cursor = function()
  local buf = vim.api.nvim_get_current_buf()
  local row = vim.api.nvim_win_get_cursor(0)[1]
  local view = H.views[buf]
  if view then
    local entry = view.result.lines[row]
    local task = entry and entry.task and view.result.tasks[entry.task]
    if task then
      return { abspath = task.abspath, line = task.line, text = task.text }
    end
    return nil
  end
  if require('loam').is_vault_buffer(buf) then
    return { abspath = vim.api.nvim_buf_get_name(buf), line = row, text = vim.api.nvim_get_current_line() }
  end
end

H.change = function(extra)
  local config = require('loam.config').get()
  local task = H.task_at_cursor()
  if not task then
    return require('loam').notify('no task under the cursor', vim.log.levels.WARN)
  end
  local o = config.tasks
  local params = vim.tbl_extend('force', {
    path = task.abspath,
    line = task.line,
    text = task.text,
    today = config.today,
    recurrence_position = o.recurrence_position,
    set_done_date = o.set_done_date,
    set_cancelled_date = o.set_cancelled_date,
    set_created_date = o.set_created_date,
    remove_scheduled_date = o.remove_scheduled_date,
    statuses = #o.statuses > 0 and o.statuses or nil,
  }, extra)
  local client = require('loam.client')
  client.request('task_toggle', params, function(err, result)
    if err then
      return client.notify_error(err, 'toggle')
    end
    if #(result.edits or {}) == 0 then
      return
    end
    require('loam.edit').apply(task.abspath, result.edits, function(apply_err, info)
      if apply_err then
        client.notify_error(apply_err, 'toggle')
        return M.refresh()
      end
      H.after_edit(task.abspath, info and info.buffer)
    end)
  end)
end

-- Tells the helper about the changed note (the buffer's text when it went
-- through a buffer), then redraws every view and inline block.
H.after_edit = function(abspath, buf)
  local params = { path = abspath }
  if buf and vim.api.nvim_buf_is_valid(buf) then
    params.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n') .. '\n'
  end
  require('loam.client').request('note_changed', params, function()
    M.refresh()
  end)
end

--- Runs every open task view and the inline results of every loaded vault
--- note again (coalesced: many calls in a short time run once).
function M.refresh()
  if H.refresh_pending then
    return
  end
  H.refresh_pending = true
  vim.defer_fn(function()
    H.refresh_pending = false
    for buf, view in pairs(H.views) do
      if vim.api.nvim_buf_is_valid(buf) then
        H.refresh_view(buf, view, true)
      end
    end
    for _, buf in ipairs(vim.api.nvim_list_bufs()) do
      if vim.api.nvim_buf_is_loaded(buf) and vim.b[buf].loam_tasks_attached then
        M.refresh_inline(buf)
      end
    end
  end, 30)
end

--- Called for each vault note loam attaches to: shows the results of its
--- ```tasks blocks under them (option `tasks.inline`), and starts the
--- autocommands and event that keep views fresh.
---@param buf integer
function M.attach(buf)
  H.watch()
  if vim.b[buf].loam_tasks_attached then
    return
  end
  vim.b[buf].loam_tasks_attached = true
  M.refresh_inline(buf)
end

H.watch = function()
  if H.watching then
    return
  end
  H.watching = true
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = H.augroup,
    callback = function(args)
      if vim.b[args.buf].loam_attached then
        M.refresh()
      end
    end,
    desc = 'loam: refresh task views after a note is saved',
  })
  local client = require('loam.client')
  if client.on_event then
    client.on_event('index_changed', function()
      M.refresh()
    end)
  end
end

--- Draws the results of each ```tasks block of `buf` as virtual lines under
--- its closing fence. Asynchronous; a query error shows as one line.
---@param buf integer
function M.refresh_inline(buf)
  local config = require('loam.config').options
  if not config or not config.tasks.inline or not vim.api.nvim_buf_is_valid(buf) then
    return
  end
  local client = require('loam.client')
  local path = vim.api.nvim_buf_get_name(buf)
  client.request('task_blocks', { path = path }, function(err, res)
    if err and err.code == client.E_TIMEOUT then
      client.notify_error(err, 'tasks') -- never hidden; a helper that died says so itself
    end
    if err or not vim.api.nvim_buf_is_valid(buf) then
      return
    end
    local blocks = res.blocks or {}
    local marks, pending, said = {}, #blocks, false
    local function done()
      pending = pending - 1
      if pending > 0 or not vim.api.nvim_buf_is_valid(buf) then
        return
      end
      H.define_highlights()
      vim.api.nvim_buf_clear_namespace(buf, H.inline_ns, 0, -1)
      local count = vim.api.nvim_buf_line_count(buf)
      for _, m in ipairs(marks) do
        if m.row < count then
          pcall(vim.api.nvim_buf_set_extmark, buf, H.inline_ns, m.row, 0, { virt_lines = m.lines })
        end
      end
    end
    if pending == 0 then
      pending = 1
      return done()
    end
    for _, b in ipairs(blocks) do
      H.query({ path = path, line = b.line }, function(result, qerr)
        local lines = {}
        if qerr and qerr.code == client.E_TIMEOUT and not said then
          -- The block's own errors show under it; a timeout is news.
          said = true
          client.notify_error(qerr, 'tasks')
        end
        if qerr then
          lines[1] = { { '  ' .. (qerr.message or qerr.code or 'error'), 'ErrorMsg' } }
        else
          for _, l in ipairs(result.lines or {}) do
            table.insert(lines, H.chunks(l))
          end
        end
        table.insert(marks, { row = b.end_line - 1, lines = lines })
        done()
      end, true)
    end
  end)
end

-- A rendered line as virtual-text chunks: its text cut at the highlight
-- spans, indented like the block.
H.chunks = function(line)
  local text, chunks, at = line.text or '', { { '  ', 'Normal' } }, 0
  local spans = {}
  for _, hl in ipairs(line.hl or {}) do
    if type(hl[1]) == 'string' then
      table.insert(spans, hl)
    end
  end
  table.sort(spans, function(a, b)
    return a[2] < b[2]
  end)
  for _, hl in ipairs(spans) do
    if hl[2] >= at then
      if hl[2] > at then
        table.insert(chunks, { text:sub(at + 1, hl[2]), 'Normal' })
      end
      table.insert(chunks, { text:sub(hl[2] + 1, hl[3]), hl[1] })
      at = hl[3]
    end
  end
  if at < #text then
    table.insert(chunks, { text:sub(at + 1), 'Normal' })
  end
  return chunks
end

-- Runs a query. `on_result(result)` gets the answer; an error is shown,
-- unless `quiet`, when `on_result(nil, err)` gets it to show its own way.
H.query = function(params, on_result, quiet)
  local client = require('loam.client')
  local config = require('loam.config').options
  if config and #config.tasks.statuses > 0 then
    params = vim.tbl_extend('force', params, { statuses = config.tasks.statuses })
  end
  client.request('query', params, function(err, result)
    if err and quiet then
      return on_result(nil, err)
    end
    if err then
      return client.notify_error({ code = err.code, message = H.error_message(err) }, 'tasks')
    end
    on_result(result)
  end)
end

-- A query error as the user reads it: with its line and column.
H.error_message = function(err)
  local msg = err.message or err.code or 'error'
  if err.line and not msg:find('line %d') then
    msg = string.format('line %d, col %d: %s', err.line, err.col or 1, msg)
  end
  return msg
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
  local key = require('loam.config').get().tasks.toggle_key
  if key then
    map(key, M.toggle, 'toggle the task done')
  end
  map('<C-a>', function()
    M.cycle(1)
  end, 'next status')
  map('<C-x>', function()
    M.cycle(-1)
  end, 'previous status')
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
  vim.wo.conceallevel = 2
  vim.wo.concealcursor = 'nc'
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
  vim.api.nvim_buf_clear_namespace(buf, H.conceal_ns, 0, -1)
  for i, line in ipairs(result.lines or {}) do
    H.conceal(buf, i - 1, line)
    for _, hl in ipairs(line.hl or {}) do
      local group, s, e = hl[1], hl[2], hl[3]
      -- Spans without a group (the helper sends nil for some fields) stay plain.
      if type(group) == 'string' then
        pcall(vim.api.nvim_buf_set_extmark, buf, H.ns, i - 1, s, { end_col = e, hl_group = group })
      end
    end
  end
end

-- Reading view: heading marks and list bullets hidden, checkboxes drawn.
H.conceal = function(buf, row, line)
  local text = line.text or ''
  if line.kind == 'group' then
    local marks = text:match('^#+ ')
    if marks then
      pcall(vim.api.nvim_buf_set_extmark, buf, H.conceal_ns, row, 0, { end_col = #marks, conceal = '' })
    end
  elseif line.kind == 'task' then
    local indent, box, sym = text:match('^(%s*)(- %[(.-)%])')
    local glyph = box and M.checkboxes[sym]
    if glyph then
      local s = #indent
      pcall(vim.api.nvim_buf_set_extmark, buf, H.conceal_ns, row, s, { end_col = s + 2, conceal = '' })
      pcall(vim.api.nvim_buf_set_extmark, buf, H.conceal_ns, row, s + 2, { end_col = s + #box, conceal = glyph })
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
