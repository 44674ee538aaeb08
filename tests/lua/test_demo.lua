-- The walk-through of examples/demo-vault/Home.md (what scripts/try.sh
-- shows a new user), done as a user would.
local t = require('loamtest')
local T = t.new_set()

local function open_home(child, vault)
  child:setup({ vault = vault or t.demo })
  child:edit(vault or t.demo, 'Home.md')
end

T['demo']['gf on [[Lighthouse launch#Risks]] in Home.md'] = function(child)
  open_home(child)
  local col = child:lua('return vim.fn.getline(10):find("Lighthouse launch#Risks", 1, true)')
  child:api('nvim_win_set_cursor', 0, { 10, col })
  child:type_keys('gf')
  t.wait(function()
    return child:bufname() == t.demo .. '/Projects/Lighthouse launch.md'
  end, 'Projects/Lighthouse launch.md')
  t.eq(child:line(), '## Risks')
end

T['demo']['[[Ine completes to Ines Duarte'] = function(child)
  local vault = t.copy_dir(t.demo)
  open_home(child, vault)
  child:type_keys('Go[[Ine<C-x><C-o><C-y><Esc>')
  t.wait(function()
    return child:mode() == 'n' and child:line() == '[[Ines Duarte]]'
  end, 'the completed link', nil, function()
    return { line = child:line(), notes = child:notes() }
  end)
end

T['demo'][':Loam tasks in the "This week" block'] = function(child)
  open_home(child)
  local row = child:lua('return vim.fn.search("^due before", "n")')
  child:api('nvim_win_set_cursor', 0, { row, 0 })
  child:cmd('Loam tasks')
  t.wait(function()
    return child:filetype() == 'loamtasks'
  end, 'a loamtasks buffer')
  local lines = child:lines()
  local function at(text)
    for i, l in ipairs(lines) do
      if l:find(text, 1, true) then
        return i
      end
    end
    error('missing task: ' .. text .. '\n' .. table.concat(lines, '\n'))
  end
  -- Not done, due before 2026-12-01, by due date (two are due the same day).
  local beta, capacity = at('Prepare the beta invite list'), at('Draft the capacity plan')
  local staging, status, rollback = at('Ask @kwame about the staging'), at('Weekly status mail'), at('Write the rollback plan')
  t.truthy(math.max(beta, capacity) < staging and staging < status and status < rollback, table.concat(lines, '\n'))
  t.truthy(at('5 tasks'))
end

return T
