-- The helper's lifecycle, saving notes, :Loam stats/restart and health.
local t = require('loamtest')
local T = t.new_set()

T['helper']['is started with the vault, --today and a log under stdpath("log")'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  local info = child:lua('return require("loam.client").info()')
  t.eq(info.running, true)
  local log = child:lua('return vim.fn.stdpath("log") .. "/loam.log"')
  t.eq(info.log, log)
  t.eq(info.cmd, { t.helper, 'serve', '--vault', t.examples, '--log', log, '--today', t.today })
end

T['helper']['answers a request sent as an rpcnotify with _reply'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  local r = child:wait_lua([[
    if not _G.answer then
      _G.answer = false
      require('loam.client').request('stats', {}, function(err, res) _G.answer = { err = err, res = res } end)
    end
    return _G.answer or nil
  ]], 'the stats answer')
  t.eq(r.err, nil)
  t.eq(r.res.vault, t.examples)
  t.truthy(r.res.notes >= 13, 'notes: ' .. tostring(r.res.notes))
end

T['helper']['killed: says so once and restarts on the next request'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  local pid = child:lua('return require("loam.client").info().pid')
  vim.uv.kill(pid, 'sigkill')
  child:wait_lua('return not require("loam.client").is_running()', 'the client to notice')
  local notes = child:wait_lua('return #_G.notes > 0 and _G.notes or nil', 'a message')
  t.eq(#notes, 1, vim.inspect(notes))
  t.matches(notes[1].msg, '^%(loam%) the helper exited')
  t.eq(notes[1].level, vim.log.levels.ERROR)
  -- The next request starts a new helper and gets its answer.
  local stats = child:wait_helper()
  t.truthy(stats.notes >= 13)
  local new_pid = child:lua('return require("loam.client").info().pid')
  t.truthy(new_pid ~= pid, 'a new helper')
  t.eq(#child:notes(), 1, 'no more messages')
end

T['helper']['a missing helper binary is reported once'] = function(child)
  child:setup({ helper = '/nonexistent/loam' })
  child:cmd('edit ' .. vim.fn.fnameescape(t.examples .. '/People/Mara Okafor.md'))
  child:cmd('edit ' .. vim.fn.fnameescape(t.examples .. '/People/Teodor Lind.md'))
  local notes = child:notes()
  t.eq(#notes, 1, vim.inspect(notes))
  t.matches(notes[1].msg, "option 'helper': /nonexistent/loam is not an executable")
end

T['helper']['a saved note is re-indexed'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Topics/Empty.md')
  -- Record the calls the plugin makes: the helper also watches the vault, so
  -- the backlink alone would not show that saving sent note_changed.
  child:lua([[
    local client = require('loam.client')
    local request = client.request
    _G.calls = {}
    client.request = function(method, params, ...)
      table.insert(_G.calls, { method, params })
      return request(method, params, ...)
    end
  ]])
  child:api('nvim_buf_set_lines', 0, 0, -1, false, { '# Empty', '', 'Now it mentions [[Søren Ærø]].' })
  child:cmd('write')
  t.eq(child:lua('return _G.calls'), { { 'note_changed', { path = vault .. '/Topics/Empty.md' } } })
  child:cmd('edit ' .. vim.fn.fnameescape(vault .. '/People/Søren Ærø.md'))
  local found = child:wait_lua([[
    local r = require('loam.client').request_sync('backlinks', { path = ... })
    for _, it in ipairs(r and r.items or {}) do
      if it.path == 'Topics/Empty.md' then return it end
    end
  ]], 'a backlink from the saved note', nil, vault .. '/People/Søren Ærø.md')
  t.eq(found.line, 3)
end

T['commands']['Loam stats and Loam restart'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  local pid = child:lua('return require("loam.client").info().pid')
  child:cmd('Loam stats')
  local msg = child:wait_lua([[
    local m = vim.api.nvim_exec2('messages', { output = true }).output
    return m:find('notes') and m or nil
  ]], 'the stats message')
  t.matches(msg, 'loam .*: %d+ notes')
  child:cmd('Loam restart')
  child:wait_helper()
  t.truthy(child:lua('return require("loam.client").info().pid') ~= pid, 'a new helper')
end

T['health']['runs without errors'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('checkhealth loam')
  local text = table.concat(child:lines(), '\n')
  t.matches(text, 'Neovim 0%.1')
  t.matches(text, 'helper: ' .. vim.pesc(t.helper))
  t.matches(text, 'helper version: ')
  t.matches(text, 'index: %d+ notes')
  t.matches(text, 'log: ')
  t.eq(text:find('ERROR', 1, true), nil, 'an error in:\n' .. text)
end

return T
