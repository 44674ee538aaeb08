-- :Loam tasks: query buffers, their keys, and query errors.
local t = require('loamtest')
local T = t.new_set()

-- The not-done tasks of the examples vault (checked by hand), and the done
-- or cancelled ones that must not show.
local NOT_DONE = {
  'Send Søren the benchmark write-up',
  'Reply to the summit organisers',
  'Water the plants',
  'Draft the cloud pipeline overview',
  'Ask @teo which teams own the HDD clusters',
  'Prepare the summit presentation outline',
  'Catch up with @mara on the draft document',
  'Evaluate the competitive risk of the in-house object store',
  'Write the reliability test plan for the sync path',
  'Collect cluster inventory',
  'List the failure modes we must survive',
  'Confirm the hardware order',
  'A task in a CRLF file',
  'Fix this note',
}
local DONE = { 'Expense report', 'Book the follow-up room', 'Benchmark the old gateway', 'Kick-off', 'not a task either' }

-- Mara Okafor.md's block: not done, mentions @mara, newest created first.
local MARA = {
  'Fix this note',
  'A task in a CRLF file',
  'Evaluate the competitive risk',
  'Catch up with @mara',
  'Prepare the summit presentation outline',
  'Draft the cloud pipeline overview',
}

-- Waits for a loamtasks buffer to be current; returns its lines.
local function wait_tasks_buffer(child)
  t.wait(function()
    return child:filetype() == 'loamtasks' and #child:lines() > 1
  end, 'a loamtasks buffer', nil, function()
    return { buf = child:bufname(), ft = child:filetype(), notes = child:notes() }
  end)
  return child:lines()
end

local function find_line(lines, text)
  for i, l in ipairs(lines) do
    if l:find(text, 1, true) then
      return i
    end
  end
end

local function open_mara(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
end

T['query']['shows the not-done tasks of the vault'] = function(child)
  open_mara(child)
  child:cmd('Loam tasks not done')
  local lines = wait_tasks_buffer(child)
  for _, task in ipairs(NOT_DONE) do
    t.truthy(find_line(lines, task), 'missing task: ' .. task .. '\n' .. table.concat(lines, '\n'))
  end
  for _, task in ipairs(DONE) do
    t.eq(find_line(lines, task), nil, 'done task shown: ' .. task)
  end
  t.truthy(find_line(lines, '14 tasks'), 'a count line: ' .. table.concat(lines, '\n'))
  t.eq(child:lua('return { vim.bo.buftype, vim.bo.modifiable, #vim.api.nvim_list_wins() }'), { 'nofile', false, 2 })
end

T['query']['runs the ```tasks block under the cursor'] = function(child)
  open_mara(child)
  child:api('nvim_win_set_cursor', 0, { 31, 0 }) -- inside the block
  child:cmd('Loam tasks')
  local lines = wait_tasks_buffer(child)
  local last = 0
  for _, task in ipairs(MARA) do
    local i = find_line(lines, task)
    t.truthy(i, 'missing task: ' .. task .. '\n' .. table.concat(lines, '\n'))
    t.truthy(i > last, 'out of order: ' .. task .. '\n' .. table.concat(lines, '\n'))
    last = i
  end
  t.eq(find_line(lines, 'Book the follow-up room'), nil, 'a done task')
  t.eq(find_line(lines, 'Ask @teo'), nil, 'a task without @mara')
end

T['query']['<Plug>(loam-tasks) runs the block too'] = function(child)
  open_mara(child)
  child:api('nvim_win_set_cursor', 0, { 30, 0 })
  child:lua('vim.keymap.set("n", "<Space>t", "<Plug>(loam-tasks)")')
  child:type_keys(' t')
  local lines = wait_tasks_buffer(child)
  t.truthy(find_line(lines, 'Fix this note'), table.concat(lines, '\n'))
end

T['query']['highlights the lines with the groups the helper names'] = function(child)
  open_mara(child)
  child:cmd('Loam tasks not done')
  wait_tasks_buffer(child)
  local marks = child:lua([[
    local ns = vim.api.nvim_get_namespaces().loam_tasks
    local out = {}
    for _, m in ipairs(vim.api.nvim_buf_get_extmarks(0, ns, 0, -1, { details = true })) do
      local group = m[4].hl_group
      out[#out + 1] = { group, vim.fn.hlexists(group) }
    end
    return out
  ]])
  t.truthy(#marks > 0, 'no highlights')
  for _, m in ipairs(marks) do
    t.eq(m[2], 1, 'undefined highlight group ' .. m[1])
  end
end

T['query']['outside a ```tasks block, :Loam tasks says so'] = function(child)
  open_mara(child)
  child:api('nvim_win_set_cursor', 0, { 14, 0 })
  child:cmd('Loam tasks')
  local note = child:wait_lua('return _G.notes[1]', 'a message')
  t.matches(note.msg, '^%(loam%) tasks: ')
  t.eq(child:filetype(), 'markdown')
end

T['query']['a query that does not parse reports line and column'] = function(child)
  open_mara(child)
  child:cmd('Loam tasks not done\\nfrobnicate the tasks')
  local note = child:wait_lua('return _G.notes[1]', 'an error message')
  t.matches(note.msg, '^%(loam%) tasks: .*line 2')
  t.eq(note.level, vim.log.levels.ERROR)
end

T['keys']['<CR> opens the task at its source line'] = function(child)
  open_mara(child)
  child:cmd('Loam tasks not done')
  local lines = wait_tasks_buffer(child)
  local row = find_line(lines, 'List the failure modes we must survive')
  child:api('nvim_win_set_cursor', 0, { row, 0 })
  child:type_keys('<CR>')
  t.wait(function()
    return child:bufname():find('Topics/Sync engine.md', 1, true)
  end, 'Topics/Sync engine.md to open')
  t.eq(child:cursor()[1], 21, 'line of the task')
  t.eq(child:line():find('List the failure modes', 1, true) ~= nil, true)
end

T['open']['tasks.open = "tab" shows the view in a new tab page'] = function(child)
  child:setup({ tasks = { open = 'tab' } })
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam tasks not done')
  wait_tasks_buffer(child)
  t.eq(#child:api('nvim_list_tabpages'), 2)
  t.eq(#child:api('nvim_tabpage_list_wins', 0), 1)
end

T['open']['tasks.open = "current": <CR> opens the task there and <C-o> returns'] = function(child)
  child:setup({ tasks = { open = 'current' } })
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam tasks not done')
  local lines = wait_tasks_buffer(child)
  t.eq(#child:api('nvim_list_wins'), 1)
  child:api('nvim_win_set_cursor', 0, { find_line(lines, 'Water the plants'), 0 })
  child:type_keys('<CR>')
  t.wait(function()
    return child:bufname() == t.examples .. '/Daily/2026-11-24.md'
  end, 'Daily/2026-11-24.md')
  t.eq(child:cursor()[1], 5)
  child:type_keys('<C-o>')
  t.wait(function()
    return child:filetype() == 'loamtasks'
  end, 'the task view again')
end

T['keys']['r runs the query again and q closes the view'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  child:cmd('Loam tasks not done')
  local lines = wait_tasks_buffer(child)
  t.eq(find_line(lines, 'Buy stamps'), nil)
  -- Add a task on disk, tell the helper, rerun.
  local f = assert(io.open(vault .. '/Daily/2026-11-24.md', 'a'))
  f:write('- [ ] Buy stamps\n')
  f:close()
  child:lua('require("loam.client").request_sync("note_changed", { path = ... })', vault .. '/Daily/2026-11-24.md')
  child:type_keys('r')
  t.wait(function()
    return find_line(child:lines(), 'Buy stamps')
  end, 'the new task after r')
  child:type_keys('q')
  t.wait(function()
    return child:filetype() ~= 'loamtasks' and #child:api('nvim_list_wins') == 1
  end, 'the view to close')
end

return T
