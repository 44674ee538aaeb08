-- Following links (gf, :Loam follow) and :Loam backlinks.
local t = require('loamtest')
local T = t.new_set()

local function wait_buffer(child, rel)
  t.wait(function()
    return child:bufname() == t.examples .. '/' .. rel
  end, rel .. ' to open', nil, function()
    return { buf = child:bufname(), cursor = child:cursor(), notes = child:notes() }
  end)
end

T['follow']['gf on [[Sync engine#Risks]] opens the note at the heading'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Teodor Lind.md')
  child:api('nvim_win_set_cursor', 0, { 26, 8 }) -- inside `- [[Sync engine#Risks]]`
  child:type_keys('gf')
  wait_buffer(child, 'Topics/Sync engine.md')
  t.eq(child:cursor()[1], 18)
  t.eq(child:line(), '## Risks')
end

T['follow']['<C-o> comes back to the link'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Teodor Lind.md')
  child:api('nvim_win_set_cursor', 0, { 26, 8 })
  child:type_keys('gf')
  wait_buffer(child, 'Topics/Sync engine.md')
  child:type_keys('<C-o>')
  wait_buffer(child, 'People/Teodor Lind.md')
  t.eq(child:cursor(), { 26, 8 })
end

T['follow']['follows an alias link mid-line'] = function(child)
  child:setup()
  child:edit(t.examples, 'Daily/2026-11-24.md')
  child:api('nvim_win_set_cursor', 0, { 3, 15 }) -- on `Teo` in `[[Teo]]`
  child:cmd('Loam follow')
  wait_buffer(child, 'People/Teodor Lind.md')
  t.eq(child:cursor()[1], 1)
end

T['follow']['gf elsewhere keeps its built-in meaning'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Teodor Lind.md')
  -- No link under the cursor: plain `gf` runs and fails on a missing file.
  child:api('nvim_buf_set_lines', 0, 0, 1, false, { 'nosuchfile.txt' })
  child:api('nvim_win_set_cursor', 0, { 1, 0 })
  child:type_keys('gf')
  local note = child:wait_lua('return _G.notes[1]', 'a message from gf')
  t.matches(note.msg, 'E447')
end

T['follow']['an unresolved link says so'] = function(child)
  child:setup()
  child:edit(t.examples, 'Topics/Sync engine.md')
  child:api('nvim_win_set_cursor', 0, { 25, 30 }) -- in [[Nonexistent design doc]]
  child:type_keys('gf')
  local note = child:wait_lua('return _G.notes[1]', 'a warning')
  t.matches(note.msg, 'Nonexistent design doc')
  t.eq(note.level, vim.log.levels.WARN)
  t.eq(child:bufname(), t.examples .. '/Topics/Sync engine.md')
end

T['follow']['mappings.follow = false leaves gf alone'] = function(child)
  child:setup({ mappings = { follow = false } })
  child:edit(t.examples, 'People/Teodor Lind.md')
  t.eq(child:lua('return vim.fn.maparg("gf", "n")'), '')
end

T['backlinks']['fill the quickfix list with the linking lines'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  local items = child:wait_lua([[
    local qf = vim.fn.getqflist({ items = 0, title = 0 })
    if #qf.items == 0 then return nil end
    for _, it in ipairs(qf.items) do
      it.filename = vim.api.nvim_buf_get_name(it.bufnr)
    end
    return qf
  ]], 'backlinks in the quickfix list')
  t.eq(items.title, 'Backlinks: Mara Okafor')
  local got = {}
  for _, it in ipairs(items.items) do
    table.insert(got, string.format('%s:%d', it.filename:sub(#t.examples + 2), it.lnum))
  end
  table.sort(got)
  t.eq(got, {
    'Meetings/2026-11-04 - Planning sessions.md:13',
    'Meetings/2026-11-04 - Planning sessions.md:5', -- attendees in the frontmatter
    'Meetings/2026-11-18 - Storage roadmap review.md:10',
    'People/Teodor Lind.md:25',
    'Topics/Broken frontmatter.md:6',
    'Topics/Sync engine.md:12',
  })
  for _, it in ipairs(items.items) do
    t.matches(it.text, 'Mara', 'linking line text')
  end
  t.eq(child:lua('return vim.bo.buftype'), 'quickfix', 'quickfix window opened')
end

return T
