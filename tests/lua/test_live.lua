-- Staying current: unsaved buffer text reaches the helper after `live_delay`
-- (once per burst of changes), closing a buffer unsaved goes back to the
-- file, and notes created, deleted or renamed by other programs appear,
-- vanish and move in completion and backlinks (the helper's file watch).
-- Waits poll with a generous timeout; nothing asserts on elapsed time.
local t = require('loamtest')
local T = t.new_set()

local function write_bytes(path, s)
  local f = assert(io.open(path, 'wb'))
  f:write(s)
  f:close()
end

-- "path:line" of each backlink of `note` (vault path), from the helper.
local function backlinks(child, vault, note)
  local res = child:lua([[return require('loam.client').request_sync('backlinks', { path = ... })]], vault .. '/' .. note)
  local out = {}
  for _, it in ipairs(type(res) == 'table' and res.items or {}) do
    table.insert(out, it.path .. ':' .. it.line .. ':' .. it.text)
  end
  return out
end

local function has(list, want)
  return vim.tbl_contains(list, want)
end

-- Counts the note_changed calls that carry buffer text.
local count_sends = [[
  _G.sends = 0
  local client = require('loam.client')
  local request = client.request
  client.request = function(method, params, ...)
    if method == 'note_changed' and params.text then _G.sends = _G.sends + 1 end
    return request(method, params, ...)
  end
]]

T['buffer']['typed text reaches the helper once per burst, unsaved'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault, live_delay = 500 })
  child:edit(vault, 'Daily/2026-11-24.md')
  child:lua(count_sends)
  local before = vim.fn.readfile(vault .. '/Daily/2026-11-24.md', 'b')
  -- Four changes in one go: a new line, then three words typed after it.
  child:type_keys('Go- Met [[Søren Ærø]]<Esc>a one<Esc>a two<Esc>a three<Esc>')
  local want = 'Daily/2026-11-24.md:14:- Met [[Søren Ærø]] one two three'
  t.wait(function()
    return has(backlinks(child, vault, 'People/Søren Ærø.md'), want)
  end, 'the unsaved link among the backlinks', nil, function()
    return backlinks(child, vault, 'People/Søren Ærø.md')
  end)
  t.eq(child:lua('return _G.sends'), 1, 'one send for the burst')
  t.eq(vim.fn.readfile(vault .. '/Daily/2026-11-24.md', 'b'), before, 'the file is not written')
  t.eq(child:lua('return vim.bo.modified'), true)
end

T['buffer']['closing it unsaved goes back to the file'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault, live_delay = 0 })
  child:edit(vault, 'Daily/2026-11-24.md')
  child:type_keys('Go[[Søren Ærø]]<Esc>')
  t.wait(function()
    return #backlinks(child, vault, 'People/Søren Ærø.md') == 2
  end, 'the unsaved link')
  child:cmd('bwipeout!')
  t.wait(function()
    return #backlinks(child, vault, 'People/Søren Ærø.md') == 1
  end, 'the index back to the file', nil, function()
    return backlinks(child, vault, 'People/Søren Ærø.md')
  end)
end

T['buffer']['live_delay = false waits for the save'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault, live_delay = false })
  child:edit(vault, 'Daily/2026-11-24.md')
  child:lua(count_sends)
  child:type_keys('Go[[Søren Ærø]]<Esc>')
  t.wait(function()
    return child:lua('return vim.bo.modified')
  end, 'the change')
  -- A request after the change is answered after anything it could have
  -- sent: the helper still has the file's text.
  t.eq(#backlinks(child, vault, 'People/Søren Ærø.md'), 1)
  t.eq(child:lua('return _G.sends'), 0)
  child:cmd('write')
  t.wait(function()
    return #backlinks(child, vault, 'People/Søren Ærø.md') == 2
  end, 'the saved link')
end

T['disk']['notes made and deleted by other programs appear and vanish'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local complete = function()
    local res = child:lua([[return require('loam.client').request_sync('complete', { prefix = 'fresh idea' })]])
    return vim.tbl_map(function(it)
      return it.insert
    end, type(res) == 'table' and res.items or {})
  end
  t.eq(complete(), {})
  write_bytes(vault .. '/Topics/Fresh idea.md', '# Fresh idea\n\nAsk [[Mara Okafor]].\n')
  t.wait(function()
    return has(complete(), 'Fresh idea')
  end, 'the new note in completion')
  t.truthy(has(backlinks(child, vault, 'People/Mara Okafor.md'), 'Topics/Fresh idea.md:3:Ask [[Mara Okafor]].'))
  os.remove(vault .. '/Topics/Fresh idea.md')
  t.wait(function()
    return not has(complete(), 'Fresh idea')
  end, 'the deleted note gone from completion')
  t.eq(#backlinks(child, vault, 'People/Mara Okafor.md'), 6)
end

T['disk']['a rename on disk moves its backlinks'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  t.truthy(has(backlinks(child, vault, 'People/Mara Okafor.md'), 'Topics/Sync engine.md:12:Owner: [[Mara Okafor]]. Related: [[Object store replatforming]].'))
  assert(os.rename(vault .. '/Topics/Sync engine.md', vault .. '/Topics/Sync service.md'))
  t.wait(function()
    local bl = backlinks(child, vault, 'People/Mara Okafor.md')
    return has(bl, 'Topics/Sync service.md:12:Owner: [[Mara Okafor]]. Related: [[Object store replatforming]].')
      and not has(bl, 'Topics/Sync engine.md:12:Owner: [[Mara Okafor]]. Related: [[Object store replatforming]].')
  end, 'the outgoing link under the new name')
  -- Links by its title (`title: Sync engine`) still reach it under the new name.
  t.eq(backlinks(child, vault, 'Topics/Sync service.md'), {
    'Meetings/2026-11-18 - Storage roadmap review.md:15:- Sync engine pilot goes ahead, see [[Sync engine]].',
    'People/Teodor Lind.md:26:- [[Sync engine#Risks]]',
    'People/Mara Okafor.md:44:- [[Sync engine]]',
    'Topics/BOM note.md:5:Starts with a byte order mark. See [[Sync engine#Design]].',
    'Topics/Windows note.md:8:Written with CRLF line endings. Links to [[Sync engine]].',
  })
end

return T
