-- lua/loam/edit.lua: changes go through a loaded buffer (one undo step, the
-- buffer written when it had no unsaved changes) or, for notes not loaded,
-- through the helper's atomic edit_lines; stale edits are refused.
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

-- Runs edit.apply in the child and waits for its callback; returns the error.
local function apply(child, path, edits)
  child:lua([[
    _G.edit_done = nil
    local path, edits = ...
    require('loam.edit').apply(path, edits, function(err, info)
      _G.edit_done = { err = err or false, buffer = info and info.buffer or false }
    end)
  ]], path, edits)
  local done = child:wait_lua('return _G.edit_done', 'the edit callback')
  return done.err ~= false and done.err or nil, done.buffer
end

T['disk']['a note not loaded is edited by the helper, byte for byte'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local path = vault .. '/Topics/Windows note.md'
  local before = read_bytes(path)
  local err = apply(child, path, {
    { line = 10, expect = '- [ ] A task in a CRLF file @mara ➕ 2026-11-21', lines = { '- [x] A task in a CRLF file @mara ➕ 2026-11-21 ✅ 2026-11-25' } },
  })
  t.eq(err, nil)
  local want = before:gsub('%- %[ %] A task in a CRLF file @mara ➕ 2026%-11%-21', '- [x] A task in a CRLF file @mara ➕ 2026-11-21 ✅ 2026-11-25')
  t.eq(read_bytes(path), want)
  t.truthy(read_bytes(path):find('\r\n', 1, true), 'CRLF kept')
end

T['disk']['a stale edit is refused and the file is untouched'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local path = vault .. '/Topics/Sync engine.md'
  local before = read_bytes(path)
  local err = apply(child, path, { { line = 21, expect = '- [ ] something else', lines = { 'x' } } })
  t.eq(err.code, 'LOAM_E_CHANGED')
  t.eq(read_bytes(path), before)
end

T['disk']['a read-only note is refused'] = function(child)
  local vault = t.copy_dir(t.examples)
  local path = vault .. '/Topics/Sync engine.md'
  vim.uv.fs_chmod(path, tonumber('444', 8))
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local before = read_bytes(path)
  local err = apply(child, path, {
    { line = 21, expect = '- [ ] List the failure modes we must survive @teo #risk 📅 2026-12-01 ➕ 2026-11-12', lines = { 'x' } },
  })
  t.eq(err.code, 'LOAM_E_IO')
  t.matches(err.message, 'read%-only')
  t.eq(read_bytes(path), before)
end

T['buffer']['a loaded, unmodified note is edited in its buffer and written'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local path = vault .. '/Daily/2026-11-24.md'
  local err, buf = apply(child, path, {
    { line = 5, expect = '- [ ] Water the plants', lines = { '- [x] Water the plants ✅ 2026-11-25' } },
    { line = 4, insert = true, lines = { '- [ ] Inserted above line 4' } },
  })
  t.eq(err, nil)
  t.eq(buf, child:lua('return vim.api.nvim_get_current_buf()'))
  t.eq(child:lines()[4], '- [ ] Inserted above line 4')
  t.eq(child:lines()[6], '- [x] Water the plants ✅ 2026-11-25')
  t.eq(child:lua('return vim.bo.modified'), false)
  t.truthy(read_bytes(path):find('- [x] Water the plants ✅ 2026-11-25\n', 1, true), 'written to disk')
  -- One undo step takes both edits back.
  child:type_keys('u')
  t.eq(child:lines()[4], '- [ ] Reply to the summit organisers 📅 2026-11-24')
  t.eq(child:lines()[5], '- [ ] Water the plants')
end

T['buffer']['a modified buffer is edited and left for the user to save'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local path = vault .. '/Daily/2026-11-24.md'
  local before = read_bytes(path)
  child:api('nvim_buf_set_lines', 0, 0, 1, true, { '# Changed, not saved' })
  local err = apply(child, path, {
    { line = 5, expect = '- [ ] Water the plants', lines = { '- [x] Water the plants' } },
  })
  t.eq(err, nil)
  t.eq(child:lines()[1], '# Changed, not saved')
  t.eq(child:lines()[5], '- [x] Water the plants')
  t.eq(child:lua('return vim.bo.modified'), true)
  t.eq(read_bytes(path), before)
end

T['buffer']['a line that changed in the buffer is refused'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local path = vault .. '/Daily/2026-11-24.md'
  child:api('nvim_buf_set_lines', 0, 4, 5, true, { '- [ ] Water the plants twice' })
  local err = apply(child, path, {
    { line = 5, expect = '- [ ] Water the plants', lines = { '- [x] Water the plants' } },
  })
  t.eq(err.code, 'LOAM_E_CHANGED')
  t.eq(child:lines()[5], '- [ ] Water the plants twice')
end

T['buffer']['a buffer whose file changed on disk is refused, not overwritten'] = function(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Daily/2026-11-24.md')
  local path = vault .. '/Daily/2026-11-24.md'
  local other = read_bytes(path) .. '- [ ] Added by another program\n'
  write_bytes(path, other)
  local err = apply(child, path, {
    { line = 5, expect = '- [ ] Water the plants', lines = { '- [x] Water the plants' } },
  })
  t.eq(err.code, 'LOAM_E_CHANGED')
  t.matches(err.message, 'changed on disk')
  t.eq(read_bytes(path), other)
end

return T
