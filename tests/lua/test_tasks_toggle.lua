-- Changing tasks from Neovim: `x`, <C-a>/<C-x> and :Loam status in a task
-- view (and on a note's own task line) go through the helper's task_toggle
-- and lua/loam/edit.lua; views and the inline results under ```tasks blocks
-- refresh by themselves. Today is 2026-11-25.
local t = require('loamtest')
local T = t.new_set()

local function read_bytes(path)
  local f = assert(io.open(path, 'rb'))
  local s = f:read('*a')
  f:close()
  return s
end

local function write_bytes(path, s)
  local f = assert(io.open(path, 'wb'))
  f:write(s)
  f:close()
end

local function find_line(lines, text)
  for i, l in ipairs(lines) do
    if l:find(text, 1, true) then
      return i
    end
  end
end

-- Opens a task view of `query` and puts the cursor on the line showing `task`.
local function view_on(child, query, task)
  child:cmd('Loam tasks ' .. query)
  child:wait_lua('return vim.bo.filetype == "loamtasks" and vim.api.nvim_buf_line_count(0) > 1 or nil', 'a task view')
  local row = find_line(child:lines(), task)
  t.truthy(row, 'task in view: ' .. task .. '\n' .. table.concat(child:lines(), '\n'))
  child:api('nvim_win_set_cursor', 0, { row, 0 })
  return row
end

local function vault_copy(child, rel)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, rel or 'Daily/2026-11-24.md')
  return vault
end

local MEETING = 'Meetings/2026-11-18 - Storage roadmap review.md'
local CATCH_UP = '- [ ] Catch up with @mara on the draft document and align on direction #work 📅 2026-11-27 ➕ 2026-11-18'

T['toggle']['x in a view writes through the loaded buffer, and undo restores it'] = function(child)
  local vault = vault_copy(child, MEETING)
  local note = child:api('nvim_get_current_buf')
  view_on(child, 'description includes Catch up', 'Catch up with @mara')
  child:type_keys('x')
  local done = CATCH_UP:gsub('%[ %]', '[x]', 1) .. ' ✅ 2026-11-25'
  child:wait_lua('local b, want = ... return vim.api.nvim_buf_get_lines(b, 18, 19, false)[1] == want or nil', 'the buffer line toggled', nil, note, done)
  -- (the buffer had no unsaved changes, so it was written too)
  t.eq(child:lua('return vim.bo[...].modified', note), false)
  t.truthy(read_bytes(vault .. '/' .. MEETING):find(done, 1, true), 'written to disk')
  -- the view refreshed: the task is shown done
  child:wait_lua('return vim.api.nvim_get_current_line():find("[x]", 1, true) ~= nil or nil', 'the view refreshed')
  -- undo in the note brings the line back in one step
  child:lua('vim.api.nvim_buf_call(..., function() vim.cmd("silent undo") end)', note)
  t.eq(child:lua('return vim.api.nvim_buf_get_lines(..., 18, 19, false)[1]', note), CATCH_UP)
end

T['toggle']['a note that is not loaded is changed on disk, byte for byte'] = function(child)
  local vault = vault_copy(child)
  local path = vault .. '/' .. MEETING
  local before = read_bytes(path)
  view_on(child, 'description includes Catch up', 'Catch up with @mara')
  child:type_keys('x')
  local want = before:gsub('%- %[ %] Catch up with @mara on the draft document and align on direction #work 📅 2026%-11%-27 ➕ 2026%-11%-18',
    '- [x] Catch up with @mara on the draft document and align on direction #work 📅 2026-11-27 ➕ 2026-11-18 ✅ 2026-11-25')
  t.wait(function()
    return read_bytes(path) == want
  end, 'the file toggled on disk', nil, function()
    return { file = read_bytes(path), notes = child:notes() }
  end)
  t.eq(child:lua('return #vim.tbl_filter(function(b) return vim.api.nvim_buf_get_name(b):find("Storage roadmap", 1, true) ~= nil end, vim.api.nvim_list_bufs())'), 0)
end

T['toggle']['a CRLF note keeps its line endings'] = function(child)
  local vault = vault_copy(child)
  local path = vault .. '/Topics/Windows note.md'
  local before = read_bytes(path)
  view_on(child, 'description includes CRLF file', 'A task in a CRLF file')
  child:type_keys('x')
  local want = before:gsub('%- %[ %] A task in a CRLF file @mara ➕ 2026%-11%-21\r\n', '- [x] A task in a CRLF file @mara ➕ 2026-11-21 ✅ 2026-11-25\r\n')
  t.truthy(want ~= before, 'the fixture has the task')
  t.wait(function()
    return read_bytes(path) == want
  end, 'the CRLF file toggled')
end

T['toggle']['a file changed in between is refused with a message'] = function(child)
  local vault = vault_copy(child)
  local path = vault .. '/' .. MEETING
  view_on(child, 'description includes Catch up', 'Catch up with @mara')
  -- another program rewrites the line after the view was drawn
  local changed = read_bytes(path):gsub('Catch up with @mara on the draft', 'Catch up with @mara about the draft')
  write_bytes(path, changed)
  child:type_keys('x')
  child:wait_lua([[
    for _, n in ipairs(_G.notes or {}) do
      if n.msg:find('toggle', 1, true) then return n.msg end
    end
  ]], 'a refusal message')
  t.eq(read_bytes(path), changed)
end

T['toggle']['a read-only file is refused'] = function(child)
  local vault = vault_copy(child)
  local path = vault .. '/' .. MEETING
  local before = read_bytes(path)
  vim.uv.fs_chmod(path, tonumber('444', 8))
  vim.uv.fs_chmod(vault .. '/Meetings', tonumber('555', 8))
  view_on(child, 'description includes Catch up', 'Catch up with @mara')
  child:type_keys('x')
  local ok = pcall(child.wait_lua, child, [[
    for _, n in ipairs(_G.notes or {}) do
      if n.msg:find('toggle', 1, true) then return n.msg end
    end
  ]], 'a refusal message')
  vim.uv.fs_chmod(vault .. '/Meetings', tonumber('755', 8))
  t.truthy(ok, 'refused with a message')
  t.eq(read_bytes(path), before)
end

T['status']['<C-a>, <C-x> and :Loam status cycle the status'] = function(child)
  local vault = vault_copy(child, MEETING)
  local note = child:api('nvim_get_current_buf')
  view_on(child, 'description includes Catch up', 'Catch up with @mara')
  local line = function()
    return child:lua('return vim.api.nvim_buf_get_lines(..., 18, 19, false)[1]', note)
  end
  child:type_keys('<C-x>') -- ' ' -> the previous status in the table: '-' Cancelled
  t.wait(function()
    return line() == CATCH_UP:gsub('%[ %]', '[-]', 1) .. ' ❌ 2026-11-25'
  end, 'cancelled', nil, line)
  child:wait_lua('return vim.api.nvim_get_current_line():find("Catch up", 1, true) and vim.api.nvim_get_current_line():find("%[%-%]") and true or nil', 'view shows [-]')
  child:cmd('Loam status /')
  t.wait(function()
    return line() == CATCH_UP:gsub('%[ %]', '[/]', 1)
  end, 'in progress', nil, line)
  child:wait_lua('return vim.api.nvim_get_current_line():find("%[/%]") and true or nil', 'view shows [/]')
  child:type_keys('<C-a>') -- '/' -> '-'
  t.wait(function()
    return line() == CATCH_UP:gsub('%[ %]', '[-]', 1) .. ' ❌ 2026-11-25'
  end, 'cancelled again', nil, line)
  t.truthy(read_bytes(vault .. '/' .. MEETING):find('[-] Catch up', 1, true), 'saved')
end

T['status']['toggling a recurring task adds its next occurrence above'] = function(child)
  local vault = t.copy_dir(t.examples)
  local path = vault .. '/Inbox.md'
  write_bytes(path, '# Inbox\n\n- [ ] take out the trash 🔁 every Sunday 📅 2026-11-29\n')
  child:setup({ vault = vault })
  child:edit(vault, 'Inbox.md')
  child:api('nvim_win_set_cursor', 0, { 3, 0 })
  child:cmd('Loam toggle')
  child:wait_lua('return #vim.api.nvim_buf_get_lines(0, 0, -1, false) == 4 or nil', 'two lines')
  t.eq(child:lines(), {
    '# Inbox',
    '',
    '- [ ] take out the trash 🔁 every Sunday 📅 2026-12-06',
    '- [x] take out the trash 🔁 every Sunday 📅 2026-11-29 ✅ 2026-11-25',
  })
  t.eq(read_bytes(path), table.concat(child:lines(), '\n') .. '\n')
end

T['refresh']['a view runs again when a note is saved'] = function(child)
  vault_copy(child, 'Daily/2026-11-24.md')
  local note = child:api('nvim_get_current_buf')
  child:cmd('Loam tasks description includes plants')
  child:wait_lua('return vim.bo.filetype == "loamtasks" and vim.api.nvim_buf_line_count(0) > 1 or nil', 'a task view')
  local view = child:api('nvim_get_current_buf')
  child:lua([[
    local note = ...
    vim.api.nvim_buf_set_lines(note, 5, 5, false, { '- [ ] Repot the plants' })
    vim.api.nvim_buf_call(note, function() vim.cmd('silent write') end)
  ]], note)
  child:wait_lua('return table.concat(vim.api.nvim_buf_get_lines(..., 0, -1, false), "\\n"):find("Repot the plants", 1, true) and true or nil', 'the view refreshed', nil, view)
end

T['refresh']['a view runs again when the helper reports a change on disk'] = function(child)
  local vault = vault_copy(child, 'Daily/2026-11-24.md')
  child:cmd('Loam tasks description includes plants')
  child:wait_lua('return vim.bo.filetype == "loamtasks" and vim.api.nvim_buf_line_count(0) > 1 or nil', 'a task view')
  local path = vault .. '/Daily/2026-11-24.md'
  write_bytes(path, read_bytes(path) .. '- [ ] Feed the plants\n')
  -- what the helper's watcher sends once it re-indexed the note
  child:lua([[
    local path = ...
    require('loam.client').request_sync('note_changed', { path = path })
    local client = require('loam.client')
    if client._on_event then client._on_event('index_changed', { paths = { path } }) end
  ]], path)
  child:wait_lua('return table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\\n"):find("Feed the plants", 1, true) and true or nil', 'the view refreshed')
end

T['view']['reads like a rendered view: bullets hidden, checkboxes drawn'] = function(child)
  vault_copy(child, 'Daily/2026-11-24.md')
  child:cmd('Loam tasks description includes plants\ngroup by filename')
  child:wait_lua('return vim.bo.filetype == "loamtasks" and vim.api.nvim_buf_line_count(0) > 1 or nil', 'a task view')
  t.eq(child:lua('return { vim.wo.conceallevel, vim.wo.concealcursor }'), { 2, 'nc' })
  local conceals = child:lua([[
    local ns = vim.api.nvim_get_namespaces().loam_tasks_conceal
    local out = {}
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(0, ns, 0, -1, { details = true })) do
      if m[4].conceal then table.insert(out, m[4].conceal) end
    end
    return out
  ]])
  t.truthy(vim.tbl_contains(conceals, '☐'), 'a drawn checkbox: ' .. vim.inspect(conceals))
  t.truthy(vim.tbl_contains(conceals, ''), 'hidden marks: ' .. vim.inspect(conceals))
end

-- The inline results under a note's ```tasks block, as text.
local INLINE = [[
  local ns = vim.api.nvim_get_namespaces().loam_tasks_inline
  local out = {}
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(0, ns, 0, -1, { details = true })) do
    for _, vl in ipairs(m[4].virt_lines or {}) do
      local s = ''
      for _, chunk in ipairs(vl) do s = s .. chunk[1] end
      table.insert(out, (m[2] + 1) .. ':' .. s)
    end
  end
  return #out > 0 and table.concat(out, '\n') or nil
]]

T['inline']['results show under each ```tasks block and follow changes'] = function(child)
  local vault = vault_copy(child, 'People/Mara Okafor.md')
  local text = child:wait_lua(INLINE, 'inline results')
  t.truthy(text:find('33:  - [ ] Catch up with @mara', 1, true), text)
  t.truthy(text:find('tasks', 1, true), text)
  -- a new matching task elsewhere, saved in Neovim, appears
  child:cmd('edit ' .. vim.fn.fnameescape(vault .. '/Daily/2026-11-24.md'))
  child:lua([[
    vim.api.nvim_buf_set_lines(0, 5, 5, false, { '- [ ] Lunch with @mara' })
    vim.cmd('silent write')
  ]])
  child:cmd('buffer People/Mara Okafor.md')
  child:wait_lua(INLINE:gsub('return #out', 'local all = table.concat(out, "\\n") return all:find("Lunch with @mara", 1, true) and #out'), 'refreshed inline results')
end

T['inline']['can be turned off'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault, tasks = { inline = false } })
  child:edit(vault, 'People/Mara Okafor.md')
  child:wait_helper()
  vim.wait(200)
  t.eq(child:lua(INLINE), vim.NIL)
end

return T
