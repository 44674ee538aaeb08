-- :Loam rename in a real Neovim: the file moves, every link to it changes
-- (through buffers where loaded, on disk elsewhere), the buffer follows, and
-- nothing else is touched. Every file of the scratch vault is compared byte
-- for byte with texts written out here by hand.
local t = require('loamtest')
local T = t.new_set()

local function read_bytes(path)
  local f = io.open(path, 'rb')
  if not f then
    return nil
  end
  local s = f:read('*a')
  f:close()
  return s
end

local function write_bytes(path, s)
  vim.fn.mkdir(vim.fs.dirname(path), 'p')
  local f = assert(io.open(path, 'wb'))
  f:write(s)
  f:close()
end

-- Every file below `dir` (relative path -> bytes).
local function snapshot(dir)
  local files = {}
  for name, kind in vim.fs.dir(dir, { depth = math.huge }) do
    if kind == 'file' then
      files[name] = read_bytes(dir .. '/' .. name)
    end
  end
  return files
end

-- The target, ten notes linking to it in ten ways, and two bystanders.
local vault_files = {
  ['People/Ann Lee.md'] = '---\ntitle: Ann Lee\naliases: [Annie]\n---\n# Ann Lee\n## Work\nSelf: [[Ann Lee#Work]]. ^b1\n',
  ['Notes/N01.md'] = 'Plain [[Ann Lee]] link.\n',
  ['Notes/N02.md'] = 'With alias [[Ann Lee|Ann]] here.\n',
  ['Notes/N03.md'] = '# N03\n\nHeading [[Ann Lee#Work]].\n',
  ['Notes/N04.md'] = 'Embed ![[Ann Lee^b1]]\n',
  ['Notes/N05.md'] = 'By path [[People/Ann Lee]] and [[People/Ann Lee.md#Work|work]].\n',
  ['Notes/N06.md'] = 'Markdown [t](../People/Ann%20Lee.md#Work) and [u](<../People/Ann Lee.md>).\n',
  ['Notes/N07.md'] = '---\nattendees: ["[[Ann Lee]]"]\n---\nMet.\n',
  ['Notes/N08.md'] = 'Alias only [[Annie]] stays; [[Ann Lee|Ann Lee]] keeps its text.\n',
  ['Notes/N09.md'] = 'CRLF file\r\n[[Ann Lee#Work|w]]\r\n',
  ['Notes/N10.md'] = 'Open and modified.\n[[Ann Lee]] in a buffer.\n',
  ['Notes/Other.md'] = 'Unrelated [[N01]] and [[Ghost]].\n',
  ['People/B.md'] = '# B\n',
}

local function make_vault()
  local dir = vim.fn.tempname()
  for rel, text in pairs(vault_files) do
    write_bytes(dir .. '/' .. rel, text)
  end
  return vim.uv.fs_realpath(dir)
end

-- Runs require('loam').rename in the child; waits for its callback.
local function rename(child, name, opts)
  child:lua(
    [[
    _G.renamed = nil
    local name, opts = ...
    require('loam').rename(name, opts, function(err, report)
      _G.renamed = { err = err or false, report = report or false }
    end)
  ]],
    name,
    opts or vim.empty_dict()
  )
  return child:wait_lua('return _G.renamed', 'the rename callback')
end

T['rename']['moves the file and rewrites links in ten notes, one in a modified buffer'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  -- N10 is open with an unsaved line added above its link.
  child:edit(vault, 'Notes/N10.md')
  child:api('nvim_buf_set_lines', 0, 0, 0, true, { 'Typed, not saved.' })
  local n10 = child:api('nvim_get_current_buf')
  child:edit(vault, 'People/Ann Lee.md')
  local ann = child:api('nvim_get_current_buf')
  local before = snapshot(vault)

  local done = rename(child, 'Ann Smith')
  t.eq(done.err, false)
  t.eq(done.report.links, 13)
  t.eq(done.report.notes, 11)
  t.eq(done.report.failed, {})

  local want = vim.deepcopy(before)
  want['People/Ann Lee.md'] = nil
  want['People/Ann Smith.md'] = '---\ntitle: Ann Lee\naliases: [Annie]\n---\n# Ann Lee\n## Work\nSelf: [[Ann Smith#Work]]. ^b1\n'
  want['Notes/N01.md'] = 'Plain [[Ann Smith]] link.\n'
  want['Notes/N02.md'] = 'With alias [[Ann Smith|Ann]] here.\n'
  want['Notes/N03.md'] = '# N03\n\nHeading [[Ann Smith#Work]].\n'
  want['Notes/N04.md'] = 'Embed ![[Ann Smith^b1]]\n'
  want['Notes/N05.md'] = 'By path [[People/Ann Smith]] and [[People/Ann Smith.md#Work|work]].\n'
  want['Notes/N06.md'] = 'Markdown [t](../People/Ann%20Smith.md#Work) and [u](<../People/Ann Smith.md>).\n'
  want['Notes/N07.md'] = '---\nattendees: ["[[Ann Smith]]"]\n---\nMet.\n'
  want['Notes/N08.md'] = 'Alias only [[Annie]] stays; [[Ann Smith|Ann Lee]] keeps its text.\n'
  want['Notes/N09.md'] = 'CRLF file\r\n[[Ann Smith#Work|w]]\r\n'
  -- N10 is modified in its buffer: the file keeps what was saved.
  t.eq(snapshot(vault), want)
  t.eq(child:api('nvim_buf_get_lines', n10, 0, -1, true), { 'Typed, not saved.', 'Open and modified.', '[[Ann Smith]] in a buffer.' })
  t.eq(child:lua('return vim.bo[...].modified', n10), true)

  -- The renamed note's buffer follows, saved, and writes without E13.
  t.eq(child:api('nvim_get_current_buf'), ann)
  t.eq(child:bufname(), vault .. '/People/Ann Smith.md')
  t.eq(child:lua('return vim.bo.modified'), false)
  t.eq(child:lua('return vim.fn.bufnr(...)', vault .. '/People/Ann Lee.md'), -1)
  child:cmd('write')
  t.eq(read_bytes(vault .. '/People/Ann Smith.md'), want['People/Ann Smith.md'])
  -- <C-o> still goes back to the other note (its jump is kept).
  child:type_keys('<C-o>')
  t.wait(function()
    return child:bufname() == vault .. '/Notes/N10.md'
  end, 'the jump back to N10')

  -- The helper's index moved with it: backlinks of the new name.
  local bl = child:lua([[
    return require('loam.client').request_sync('backlinks', { path = ... })
  ]], vault .. '/People/Ann Smith.md')
  t.eq(#bl.items, 13) -- N01..N10, N05, N06 and N08 twice; not the note's own link
end

T['rename']['a modified note keeps its unsaved text under the new name'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  child:edit(vault, 'People/Ann Lee.md')
  child:api('nvim_buf_set_lines', 0, -1, -1, true, { 'Unsaved tail with [[Ann Lee#Work]].' })
  child:api('nvim_win_set_cursor', 0, { 6, 3 })
  local done = rename(child, 'Archive/Ann Lee')
  t.eq(done.err, false)
  t.eq(child:bufname(), vault .. '/Archive/Ann Lee.md')
  t.eq(child:lua('return vim.bo.modified'), true)
  t.eq(child:cursor(), { 6, 3 })
  -- Stem links stay; the file on disk is the saved text.
  t.eq(child:lines()[8], 'Unsaved tail with [[Ann Lee#Work]].')
  t.eq(read_bytes(vault .. '/Archive/Ann Lee.md'), vault_files['People/Ann Lee.md'])
  t.eq(read_bytes(vault .. '/People/Ann Lee.md'), nil)
  t.eq(read_bytes(vault .. '/Notes/N05.md'), 'By path [[Archive/Ann Lee]] and [[Archive/Ann Lee.md#Work|work]].\n')
  child:cmd('write')
  t.matches(read_bytes(vault .. '/Archive/Ann Lee.md'), 'Unsaved tail')
  -- Undo still reaches back to before the added line (through the reload
  -- and the restore that follow it in the history).
  child:cmd('silent undo 0')
  t.eq(table.concat(child:lines(), '\n') .. '\n', vault_files['People/Ann Lee.md'])
end

T['rename']['rename! lists the edits and asks; cancelling changes nothing'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  child:edit(vault, 'People/Ann Lee.md')
  local before = snapshot(vault)
  child:lua([[
    vim.ui.select = function(items, opts, on_choice)
      _G.asked = { items = items, prompt = opts.prompt }
      on_choice('Cancel', 2)
    end
  ]])
  child:cmd('Loam rename! Ann Smith')
  local asked = child:wait_lua('return _G.asked', 'the question')
  t.eq(asked.prompt, 'Rename People/Ann Lee.md to People/Ann Smith.md?')
  t.eq(asked.items[1], 'Rename, changing 13 links in 11 notes')
  local qf = child:lua('return vim.fn.getqflist({ title = 0, size = 0 })')
  t.eq(qf.title, 'Rename People/Ann Lee.md -> People/Ann Smith.md: 13 links in 11 notes')
  t.eq(qf.size, 11) -- one entry per changed line
  t.eq(snapshot(vault), before)
  t.eq(child:bufname(), vault .. '/People/Ann Lee.md')
end

T['rename']['a name that is taken changes nothing and says so'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  child:edit(vault, 'People/Ann Lee.md')
  local before = snapshot(vault)
  child:cmd('Loam rename B')
  local note = child:wait_lua('return _G.notes[1]', 'an error message')
  t.matches(note.msg, 'People/B.md already exists')
  t.eq(snapshot(vault), before)
  t.eq(child:bufname(), vault .. '/People/Ann Lee.md')
end

T['rename']['reports links and notes changed'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  child:edit(vault, 'Notes/N01.md')
  child:cmd('Loam rename First note')
  local note = child:wait_lua('return _G.notes[1]', 'the report')
  t.eq(note.msg, '(loam) renamed Notes/N01.md to Notes/First note.md: 1 link in 1 note changed')
  t.eq(read_bytes(vault .. '/Notes/Other.md'), 'Unrelated [[First note]] and [[Ghost]].\n')
  t.eq(child:bufname(), vault .. '/Notes/First note.md')
end

return T
