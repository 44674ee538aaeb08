-- Task views and inline results that never lose or mis-aim a result: a
-- failed refresh, requests made while the helper indexes, toggles as buffer
-- edits, the cursor kept on its task, group headings, and paged results.
-- tests/vim/test_views.vim has the same cases for Vim.
local t = require('loamtest')
local T = t.new_set()

local function find_line(lines, text)
  for i, l in ipairs(lines) do
    if l:find(text, 1, true) then
      return i
    end
  end
end

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

-- A helper that starts `seconds` late, as one indexing a big vault on a
-- busy machine does: requests wait in its input meanwhile.
local function slow_helper(seconds)
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local path = dir .. '/loam'
  write_bytes(path, string.format('#!/bin/sh\nsleep %s\nexec %s "$@"\n', seconds, vim.fn.shellescape(t.helper)))
  vim.uv.fs_chmod(path, tonumber('755', 8))
  return path
end

local function wait_view(child)
  child:wait_lua('return vim.bo.filetype == "loamtasks" and vim.api.nvim_buf_line_count(0) > 1 or nil', 'a task view')
  return child:lines()
end

local function messages(child)
  local out = {}
  for _, n in ipairs(child:notes()) do
    table.insert(out, n.msg)
  end
  return out
end

-- Lua run in the child: the number of virtual lines under buf's blocks
-- (nil when none).
local INLINE = [[
  local buf = ...
  local ns = vim.api.nvim_get_namespaces().loam_tasks_inline
  local n = 0
  for _, m in ipairs(ns and vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true }) or {}) do
    n = n + #(m[4].virt_lines or {})
  end
  return n > 0 and n or nil
]]

local function inline_count(child, buf)
  local n = child:lua(INLINE, buf)
  return n ~= vim.NIL and n or 0
end

T['indexing']['requests made while the helper indexes wait for it'] = function(child)
  child:setup({ helper = slow_helper(1.5), timeout = 400 })
  child:cmd('edit ' .. vim.fn.fnameescape(t.examples .. '/People/Mara Okafor.md'))
  local buf = child:api('nvim_get_current_buf')
  child:lua([[
    require('loam.client').request('complete', { prefix = 'Mara' }, function(err, result)
      _G.completed = { err = err, n = result and #result.items or 0 }
    end)
  ]])
  local done = child:wait_lua('return _G.completed', 'the completion answer', 6000)
  t.eq(done.err, nil, 'the completion failed: ' .. vim.inspect(done.err))
  t.truthy(done.n > 0, 'completion items')
  child:wait_lua(INLINE, 'inline results of the note opened at start', 6000, buf)
  t.truthy(inline_count(child, buf) > 1, 'inline results under the block')
  for _, m in ipairs(messages(child)) do
    t.eq(m:find('no answer', 1, true), nil, 'a request timed out: ' .. m)
  end
  t.truthy(find_line(messages(child), 'still indexing'), 'said it is indexing: ' .. vim.inspect(messages(child)))
end

T['indexing']['a timeout of an inline refresh is shown'] = function(child)
  child:setup({ timeout = 300 })
  child:edit(t.examples, 'People/Mara Okafor.md')
  local buf = child:api('nvim_get_current_buf')
  child:wait_lua(INLINE, 'inline results', nil, buf)
  local pid = child:lua('return require("loam.client").info().pid')
  vim.uv.kill(pid, 'sigstop')
  local ok, err = pcall(function()
    child:lua('require("loam.tasks").refresh_inline(...)', buf)
    child:wait_lua([[
      for _, n in ipairs(_G.notes) do
        if n.msg:find('no answer', 1, true) then return n.msg end
      end
    ]], 'a timeout message', 3000)
  end)
  vim.uv.kill(pid, 'sigcont')
  assert(ok, err)
end

T['refresh']['a failed refresh says so once and leaves the view as it was'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'People/Mara Okafor.md')
  local note = child:api('nvim_get_current_buf')
  child:api('nvim_win_set_cursor', 0, { 31, 0 })
  child:cmd('Loam tasks')
  local before = wait_view(child)
  t.truthy(find_line(before, 'Fix this note'), table.concat(before, '\n'))
  -- delete the block (lines 29-33) and save: the view's query is gone
  child:api('nvim_buf_set_lines', note, 28, 33, true, {})
  child:lua('vim.api.nvim_buf_call(..., function() vim.cmd("silent write") end)', note)
  child:wait_lua([[
    for _, n in ipairs(_G.notes) do
      if n.msg:find('tasks:', 1, true) then return n.msg end
    end
  ]], 'a message about the failed refresh')
  -- a later change fails again, without an error from Lua or a second message
  child:lua('vim.api.nvim_buf_call(..., function() vim.cmd("silent write") end)', note)
  child:lua('require("loam.tasks").refresh()')
  vim.wait(300)
  local said = vim.tbl_filter(function(m)
    return m:find('tasks:', 1, true) ~= nil
  end, messages(child))
  t.eq(#said, 1, 'one message: ' .. vim.inspect(messages(child)))
  t.matches(said[1], 'no tasks block')
  for _, m in ipairs(messages(child)) do
    t.eq(m:find('attempt to', 1, true), nil, 'a Lua error: ' .. m)
  end
  t.eq(child:lines(), before, 'the view as it was')
end

return T
