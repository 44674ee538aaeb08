-- What opening the first vault note does: the helper starts and, a new
-- helper, builds its completion index before the first `[[`; without a
-- built helper, one message saying how to build it, however many notes and
-- requests follow. The vault is written here.
local t = require('loamtest')
local T = t.new_set()

local function vault()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  vim.fn.writefile({ '# One', '```tasks', 'not done', '```' }, dir .. '/One.md')
  vim.fn.writefile({ '# Two' }, dir .. '/Two.md')
  return dir
end

T['startup']['plugin/loam.lua defines :Loam and loads nothing'] = function(child)
  -- The runner sourced plugin/loam.lua, as Neovim does at startup.
  local r = child:lua([[
    local loaded = {}
    for name in pairs(package.loaded) do
      if name == 'loam' or name:match('^loam%.') then table.insert(loaded, name) end
    end
    return { cmd = vim.fn.exists(':Loam'), loaded = loaded }
  ]])
  t.eq(r.cmd, 2)
  t.eq(r.loaded, {}, 'no loam module loaded')
end

T['attach']['warms the completion index of a new helper up'] = function(child)
  local dir = vault()
  -- Every request the plugin sends, in order.
  child:lua([[
    local client = require('loam.client')
    local request = client.request
    _G.sent = {}
    client.request = function(method, params, ...)
      table.insert(_G.sent, { method = method, preview = params and params.preview })
      return request(method, params, ...)
    end
  ]])
  child:setup({ vault = dir })
  child:edit(dir, 'One.md')
  local sent = child:lua('return _G.sent')
  local warm
  for _, s in ipairs(sent) do
    if s.method == 'complete' and s.preview == false then
      warm = true
    end
  end
  t.truthy(warm, 'a warm-up complete request: ' .. vim.inspect(sent))
end

T['attach']['a helper that is not built is one message with the build command'] = function(child)
  local dir = vault()
  -- The plugin as a user has it before building: its files without build/,
  -- no `loam` on $PATH.
  local plugin = vim.fn.tempname()
  vim.fn.mkdir(plugin, 'p')
  for _, sub in ipairs({ 'lua', 'plugin', 'schema' }) do
    vim.fn.system({ 'cp', '-r', t.root .. '/' .. sub, plugin .. '/' .. sub })
  end
  child:lua([[
    local plugin, dir = ...
    for name in pairs(package.loaded) do
      if name == 'loam' or name:match('^loam%.') then package.loaded[name] = nil end
    end
    vim.opt.rtp:prepend(plugin)
    vim.env.PATH = '/nonexistent'
    require('loam').setup({ vault = dir })
  ]], plugin, dir)
  child:cmd('edit ' .. dir .. '/One.md')
  child:cmd('edit ' .. dir .. '/Two.md')
  -- Completion asks too (omnifunc, engines): no more messages.
  child:lua([[
    local c = require('loam.complete')
    c.request(c.context('[[On'), 0, function(err) c._err = err end)
  ]])
  vim.wait(300)
  local notes = child:notes()
  local want = 'the loam helper is not built. Build it with: cd '
    .. vim.fn.shellescape(plugin)
    .. ' && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOAM_SANITIZERS=OFF && cmake --build build --target loam'
  t.eq(#notes, 1, 'one message: ' .. vim.inspect(notes))
  t.eq(notes[1].msg, '(loam) ' .. want)
  t.eq(notes[1].level, vim.log.levels.ERROR)
  t.eq(child:lua('return vim.v.errmsg'), '', 'no error raised')
end

return T
