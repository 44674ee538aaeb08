-- Following links (gf, :Loam follow) in every form, creating the note an
-- unresolved link names, and the lists: :Loam backlinks, related,
-- unresolved, tags, in the quickfix list and in each picker.
local t = require('loamtest')
local T = t.new_set()

local function wait_buffer(child, path)
  t.wait(function()
    return child:bufname() == path
  end, path .. ' to open', nil, function()
    return { buf = child:bufname(), cursor = child:cursor(), notes = child:notes() }
  end)
end

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

-- The quickfix list of the child: title and "path:line: text" per entry
-- (paths relative to `root`).
local function quickfix(child, root)
  local qf = child:lua([[
    local qf = vim.fn.getqflist({ items = 0, title = 0 })
    for _, it in ipairs(qf.items) do
      it.filename = vim.api.nvim_buf_get_name(it.bufnr)
    end
    return qf
  ]])
  local lines = {}
  for _, it in ipairs(qf.items) do
    table.insert(lines, string.format('%s:%d: %s', it.filename:sub(#root + 2), it.lnum, it.text))
  end
  return qf.title, lines
end

local function wait_quickfix(child, root, title)
  t.wait(function()
    return child:lua('return vim.fn.getqflist({ title = 0 }).title') == title
  end, 'the quickfix list ' .. title, nil, function()
    return child:notes()
  end)
  return select(2, quickfix(child, root))
end

-- A vault with every link form (line numbers below are counted by hand).
local source = table.concat({
  '---', --                                                       1
  'attendees: ["[[Plan]]", "[[Target note]]"]', --                 2
  '---', --                                                       3
  'Plain [[Plan]] and alias [[Plan|the plan]].', --                4
  'Heading [[Plan#Goals]] and sub [[Plan#Later#Detail]].', --      5
  'Block [[Plan^blk]] and [[Plan#^blk]] and ![[Plan#Later]].', --  6
  'Markdown [m](Plan.md#Goals) and [t](../Other/Target%20note.md).', -- 7
  'Missing [[Plan#Nope]] and [[Ghost]] and [g](sub/New%20one.md).', -- 8
}, '\n') .. '\n'

local plan = table.concat({
  '# Plan', --             1
  '## Goals', --           2
  '### Detail', --         3
  'First. ^blk', --        4
  '## Later', --           5
  '### Detail', --         6
  'See [[#Goals]].', --    7
}, '\n') .. '\n'

local function make_vault()
  local dir = vim.fn.tempname()
  write_bytes(dir .. '/Notes/Source.md', source)
  write_bytes(dir .. '/Notes/Plan.md', plan)
  write_bytes(dir .. '/Other/Target note.md', '# Target\n')
  write_bytes(dir .. '/Templates/New.md', '# {{title}}\n\ncreated: {{date}}\n')
  return vim.uv.fs_realpath(dir)
end

-- gf at (line, col) of Notes/Source.md; returns "path:line" where it lands.
local function follow_at(child, vault, line, col, want)
  child:edit(vault, 'Notes/Source.md')
  child:api('nvim_win_set_cursor', 0, { line, col })
  child:type_keys('gf')
  wait_buffer(child, vault .. '/' .. want[1])
  t.eq(child:cursor()[1], want[2], string.format('line after gf at %d:%d', line, col))
end

T['follow']['every link form opens its note at the heading or block'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  -- { cursor line, 0-based col, { note, line } }
  local cases = {
    { 2, 16, { 'Notes/Plan.md', 1 } }, -- frontmatter list
    { 2, 30, { 'Other/Target note.md', 1 } },
    { 4, 8, { 'Notes/Plan.md', 1 } }, -- [[Plan]]
    { 4, 34, { 'Notes/Plan.md', 1 } }, -- [[Plan|the plan]], on the alias
    { 5, 10, { 'Notes/Plan.md', 2 } }, -- [[Plan#Goals]]
    { 5, 35, { 'Notes/Plan.md', 6 } }, -- [[Plan#Later#Detail]]: the second Detail
    { 6, 8, { 'Notes/Plan.md', 4 } }, -- [[Plan^blk]]
    { 6, 27, { 'Notes/Plan.md', 4 } }, -- [[Plan#^blk]]
    { 6, 41, { 'Notes/Plan.md', 5 } }, -- ![[Plan#Later]], on the '!'
    { 7, 10, { 'Notes/Plan.md', 2 } }, -- [m](Plan.md#Goals)
    { 7, 35, { 'Other/Target note.md', 1 } }, -- [t](../Other/Target%20note.md)
  }
  for _, c in ipairs(cases) do
    follow_at(child, vault, c[1], c[2], c[3])
  end
  -- [[#Goals]] inside Plan itself.
  child:edit(vault, 'Notes/Plan.md')
  child:api('nvim_win_set_cursor', 0, { 7, 7 })
  child:type_keys('gf')
  t.wait(function()
    return child:cursor()[1] == 2
  end, 'the jump to ## Goals')
end

T['follow']['<C-o> comes back to the link'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Teodor Lind.md')
  child:api('nvim_win_set_cursor', 0, { 26, 8 })
  child:type_keys('gf')
  wait_buffer(child, t.examples .. '/Topics/Sync engine.md')
  t.eq(child:cursor()[1], 18)
  t.eq(child:line(), '## Risks')
  child:type_keys('<C-o>')
  wait_buffer(child, t.examples .. '/People/Teodor Lind.md')
  t.eq(child:cursor(), { 26, 8 })
end

T['follow']['follows an alias link mid-line'] = function(child)
  child:setup()
  child:edit(t.examples, 'Daily/2026-11-24.md')
  child:api('nvim_win_set_cursor', 0, { 3, 15 }) -- on `Teo` in `[[Teo]]`
  child:cmd('Loam follow')
  wait_buffer(child, t.examples .. '/People/Teodor Lind.md')
  t.eq(child:cursor()[1], 1)
end

T['follow']['a missing heading opens the note and says so'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  follow_at(child, vault, 8, 12, { 'Notes/Plan.md', 1 })
  local note = child:wait_lua('return _G.notes[1]', 'a warning')
  t.eq(note.msg, '(loam) Plan has no heading #Nope')
  t.eq(note.level, vim.log.levels.WARN)
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

T['follow']['mappings.follow = false leaves gf alone'] = function(child)
  child:setup({ mappings = { follow = false } })
  child:edit(t.examples, 'People/Teodor Lind.md')
  t.eq(child:lua('return vim.fn.maparg("gf", "n")'), '')
end

T['create']['an unresolved link offers to create its note, from the template'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault, create = { folder = 'Inbox', template = 'Templates/New' } })
  child:lua([[
    vim.ui.select = function(items, opts, on_choice)
      _G.asked = { items = items, prompt = opts.prompt }
      on_choice(items[1], 1)
    end
  ]])
  follow_at(child, vault, 8, 30, { 'Inbox/Ghost.md', 1 })
  local asked = child:lua('return _G.asked')
  t.eq(asked.prompt, '[[Ghost]] names no note in the vault.')
  t.eq(asked.items, { 'Create Inbox/Ghost.md', 'Cancel' })
  t.eq(read_bytes(vault .. '/Inbox/Ghost.md'), '# Ghost\n\ncreated: 2026-11-25\n')
  t.eq(child:lines(), { '# Ghost', '', 'created: 2026-11-25' })
  -- <C-o> goes back to the link.
  child:type_keys('<C-o>')
  wait_buffer(child, vault .. '/Notes/Source.md')
  -- The new note is in the index: [[Ghost]] now resolves.
  local res = child:lua([[return require('loam.client').request_sync('resolve', { target = 'Ghost' })]])
  t.eq(res.path, 'Inbox/Ghost.md')
end

T['create']['a Markdown link creates its note beside the linking note'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault, create = { folder = 'Inbox' } })
  child:lua([[vim.ui.select = function(items, _, on_choice) on_choice(items[1], 1) end]])
  follow_at(child, vault, 8, 50, { 'Notes/sub/New one.md', 1 })
  t.eq(read_bytes(vault .. '/Notes/sub/New one.md'), '')
end

T['create']['cancelling creates nothing'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  child:lua([[vim.ui.select = function(items, _, on_choice) _G.asked = items on_choice(nil, nil) end]])
  child:edit(vault, 'Notes/Source.md')
  child:api('nvim_win_set_cursor', 0, { 8, 30 })
  child:type_keys('gf')
  child:wait_lua('return _G.asked', 'the question')
  t.eq(read_bytes(vault .. '/Ghost.md'), nil)
  t.eq(child:bufname(), vault .. '/Notes/Source.md')
end

T['follow']['an attachment opens with the system handler, nothing is created'] = function(child)
  local vault = make_vault()
  write_bytes(vault .. '/Assets/diagram.png', 'PNG')
  write_bytes(vault .. '/Notes/Pics.md', '![[diagram.png]] and [[missing.pdf]]\n')
  child:setup({ vault = vault })
  child:lua([[
    vim.ui.open = function(path) _G.opened = path return {} end
    vim.ui.select = function() _G.asked = true end
  ]])
  child:edit(vault, 'Notes/Pics.md')
  child:api('nvim_win_set_cursor', 0, { 1, 4 })
  child:type_keys('gf')
  t.eq(child:wait_lua('return _G.opened', 'the attachment opened'), vault .. '/Assets/diagram.png')
  child:api('nvim_win_set_cursor', 0, { 1, 24 })
  child:type_keys('gf')
  local note = child:wait_lua('return _G.notes[1]', 'a warning')
  t.eq(note.msg, '(loam) missing.pdf is not in the vault')
  t.eq(child:lua('return _G.asked'), vim.NIL)
  t.eq(read_bytes(vault .. '/missing.pdf.md'), nil)
end

T['create']['an existing file is never overwritten'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  -- Another program creates Ghost.md after the index was read... as a
  -- non-note so the link still counts as unresolved when followed.
  child:edit(vault, 'Notes/Source.md')
  write_bytes(vault .. '/Ghost.md', 'precious\n')
  local res = child:lua([[
    local done
    require('loam.links').create('Ghost.md', function(err, r) done = { err = err, r = r } end)
    vim.wait(5000, function() return done ~= nil end)
    return done
  ]])
  t.eq(res.err.code, 'LOAM_E_IO')
  t.matches(res.err.message, 'already exists')
  t.eq(read_bytes(vault .. '/Ghost.md'), 'precious\n')
end

-- Newest source note first (created, else a date in the file name); no date last.
local mara_backlinks = {
  'Meetings/2026-11-18 - Storage roadmap review.md:10: 2026-11-18 2026-11-18 - Storage roadmap review: Attendees: [[Mara Okafor]], [[Teodor Lind]]',
  'Meetings/2026-11-04 - Planning sessions.md:5: 2026-11-04 2026-11-04 - Planning sessions: attendees: ["[[Mara Okafor]]", "[[Teodor Lind]]"]',
  'Meetings/2026-11-04 - Planning sessions.md:13: 2026-11-04 2026-11-04 - Planning sessions: - [[Mara Okafor|Mara]] outlined the accelerated cloud push.',
  'Topics/Sync engine.md:12: 2026-10-27 Sync engine: Owner: [[Mara Okafor]]. Related: [[Object store replatforming]].',
  'People/Teodor Lind.md:25: 2026-02-11 Teodor Lind: - [[Mara Okafor|Mara]]',
}
-- Its frontmatter does not parse, so it has no title: the file stem shows.
local broken_row = '^Topics/Broken frontmatter%.md:6: Broken frontmatter: Broken frontmatter must not hide the body%. %[%[Mara Okafor%]%]$'

local function check_mara(rows)
  t.eq(vim.list_slice(rows, 1, 5), mara_backlinks)
  t.eq(#rows, 6)
  t.matches(rows[6], broken_row)
end

T['backlinks']['fill the quickfix list with date, title and line, newest first'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  check_mara(wait_quickfix(child, t.examples, 'Backlinks: Mara Okafor'))
  t.eq(child:lua('return vim.bo.buftype'), 'quickfix', 'quickfix window opened')
  -- <CR> on an entry jumps to the linking line.
  child:api('nvim_win_set_cursor', 0, { 4, 0 })
  child:type_keys('<CR>')
  wait_buffer(child, t.examples .. '/Topics/Sync engine.md')
  t.eq(child:cursor(), { 12, 7 })
end

T['backlinks']['picker select: vim.ui.select shows them, picking one jumps'] = function(child)
  child:setup({ picker = 'select' })
  child:lua([[
    vim.ui.select = function(items, opts, on_choice)
      _G.shown = { prompt = opts.prompt, items = vim.tbl_map(opts.format_item, items) }
      on_choice(items[5], 5)
    end
  ]])
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  local shown = child:wait_lua('return _G.shown', 'the picker')
  t.eq(shown.prompt, 'Backlinks: Mara Okafor')
  t.eq(shown.items[5], '2026-02-11 Teodor Lind: - [[Mara Okafor|Mara]]')
  wait_buffer(child, t.examples .. '/People/Teodor Lind.md')
  t.eq(child:cursor(), { 25, 2 })
  t.eq(#child:lua('return vim.fn.getqflist()'), 6, 'the quickfix list is filled too')
  child:type_keys('<C-o>')
  wait_buffer(child, t.examples .. '/People/Mara Okafor.md')
end

-- Stand-ins for Telescope and fzf-lua with the entry points loam calls
-- (neither is packaged where the tests run); they record what they were
-- given and run the default action on the entry the test picks.
local fake_pickers = [[
  local pick = ...
  package.loaded['telescope.pickers'] = {
    new = function(_, spec)
      return { find = function()
        local entries = {}
        for _, r in ipairs(spec.finder.results) do table.insert(entries, spec.finder.entry_maker(r)) end
        _G.telescope = { title = spec.prompt_title, entries = entries, sorter = spec.sorter, previewer = spec.previewer }
        _G.telescopes = _G.telescopes or {}
        table.insert(_G.telescopes, _G.telescope)
        local default
        spec.attach_mappings(42)
        _G.telescope.selected = entries[pick]
        package.loaded['telescope.actions'].select_default._run()
      end }
    end,
  }
  package.loaded['telescope.finders'] = { new_table = function(o) return o end }
  package.loaded['telescope.config'] = { values = {
    generic_sorter = function() return 'sorter' end,
    grep_previewer = function() return 'previewer' end,
  } }
  local select_default = {}
  select_default.replace = function(self, fn) self._fn = fn end
  select_default._run = function() select_default._fn() end
  package.loaded['telescope.actions'] = { select_default = select_default, close = function(b) _G.telescope.closed = b end }
  package.loaded['telescope.actions.state'] = { get_selected_entry = function() return _G.telescope.selected end }
  package.loaded['fzf-lua'] = {
    fzf_exec = function(lines, opts)
      _G.fzf = { lines = lines, prompt = opts.prompt, cwd = opts.cwd, previewer = opts.previewer }
      opts.actions.default({ lines[pick] })
    end,
  }
  -- mini.pick (MiniPick.start after setup) and snacks.nvim's picker.
  _G.MiniPick = { start = function(opts)
    _G.mini = { name = opts.source.name, items = opts.source.items }
    opts.source.choose(opts.source.items[pick])
  end }
  package.loaded['mini.pick'] = _G.MiniPick
  package.loaded['snacks'] = { picker = { pick = function(opts)
    _G.snacks = { title = opts.title, items = opts.items, preview = opts.preview }
    opts.confirm({ close = function() _G.snacks.closed = true end }, opts.items[pick])
  end } }
  -- Telescope runs the default action from its prompt, in Insert mode: a
  -- jump made then moves one column left when Insert mode ends. Whether
  -- the jump waited: the buffer is still the one the picker opened from.
  local run = select_default._run
  select_default._run = function()
    local buf = vim.api.nvim_get_current_buf()
    run()
    _G.telescope.jumped_at_once = vim.api.nvim_get_current_buf() ~= buf
  end
]]

T['backlinks']['picker auto uses Telescope when it is installed'] = function(child)
  child:setup()
  child:lua(fake_pickers, 2)
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  local tel = child:wait_lua('return _G.telescope', 'the Telescope picker')
  t.eq(tel.title, 'Backlinks: Mara Okafor')
  t.eq(#tel.entries, 6)
  t.eq(tel.entries[2].display, '2026-11-04 2026-11-04 - Planning sessions: attendees: ["[[Mara Okafor]]", "[[Teodor Lind]]"]')
  t.eq(tel.entries[2].filename, t.examples .. '/Meetings/2026-11-04 - Planning sessions.md')
  t.eq({ tel.entries[2].lnum, tel.entries[2].col }, { 5, 14 })
  t.eq({ tel.sorter, tel.previewer, tel.closed }, { 'sorter', 'previewer', 42 })
  wait_buffer(child, t.examples .. '/Meetings/2026-11-04 - Planning sessions.md')
  t.eq(child:lua('return _G.telescope.jumped_at_once'), false, 'the jump waits for the picker to close')
  t.eq(child:cursor(), { 5, 13 })
end

T['backlinks']['picker fzf-lua: path:line:col entries, picking one jumps'] = function(child)
  child:setup({ picker = 'fzf-lua' })
  child:lua(fake_pickers, 3)
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  local fzf = child:wait_lua('return _G.fzf', 'the fzf-lua picker')
  t.eq(fzf.prompt, 'Backlinks: Mara Okafor> ')
  -- What fzf-lua's builtin previewer parses: path (from cwd):line:col:text.
  t.matches(fzf.lines[3], '^Meetings/2026%-11%-04 %- Planning sessions%.md:13:3:2026%-11%-04 ')
  t.eq({ fzf.cwd, fzf.previewer }, { t.examples, 'builtin' })
  wait_buffer(child, t.examples .. '/Meetings/2026-11-04 - Planning sessions.md')
  t.eq(child:cursor(), { 13, 2 })
end

T['backlinks']['picker mini.pick and snacks: previewed items, picking one jumps'] = function(child)
  child:setup({ picker = 'mini.pick' })
  child:lua(fake_pickers, 3)
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  local mini = child:wait_lua('return _G.mini', 'the mini.pick picker')
  t.eq(mini.name, 'Backlinks: Mara Okafor')
  t.eq({ mini.items[3].path, mini.items[3].lnum, mini.items[3].col }, { t.examples .. '/Meetings/2026-11-04 - Planning sessions.md', 13, 3 })
  wait_buffer(child, t.examples .. '/Meetings/2026-11-04 - Planning sessions.md')
  t.eq(child:cursor(), { 13, 2 })
  child:lua([[require('loam.config').options.picker = 'snacks']])
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  local snacks = child:wait_lua('return _G.snacks', 'the snacks picker')
  t.eq({ snacks.title, snacks.preview, snacks.closed }, { 'Backlinks: Mara Okafor', 'file', true })
  t.eq({ snacks.items[3].file, snacks.items[3].pos }, { t.examples .. '/Meetings/2026-11-04 - Planning sessions.md', { 13, 2 } })
  wait_buffer(child, t.examples .. '/Meetings/2026-11-04 - Planning sessions.md')
  t.eq(child:cursor(), { 13, 2 })
end

T['backlinks']['a picker that is not installed: one warning, then auto'] = function(child)
  child:setup({ picker = 'telescope' })
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam backlinks')
  t.eq(#wait_quickfix(child, t.examples, 'Backlinks: Mara Okafor'), 6)
  child:wait_lua([[return vim.bo.buftype == 'quickfix']], 'auto: the quickfix window')
  child:cmd('wincmd p')
  child:cmd('Loam backlinks')
  vim.wait(200)
  t.eq(child:notes(), { { msg = "(loam) picker = 'telescope' but telescope is not installed: using quickfix", level = vim.log.levels.WARN } })
end

T['tags']['without a tag, the configured picker asks which'] = function(child)
  child:setup({ picker = 'telescope' })
  child:lua(fake_pickers, 3)
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam tags')
  local tel = child:wait_lua('return _G.telescopes and _G.telescopes[1]', 'the Telescope picker')
  t.eq({ tel.title, tel.entries[3].display, tel.previewer }, { 'Tag', '#risk (2)', nil })
  t.eq(wait_quickfix(child, t.examples, 'Tag #risk')[2], 'Topics/Sync engine.md:21: #risk: Sync engine')
end

T['related']['ranks notes and says why; <CR> jumps'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam related')
  -- Hand-checked: 3 per link either way, 1 per shared tag, 1 per note
  -- linking to both.
  local rows = wait_quickfix(child, t.examples, 'Related: Mara Okafor')
  t.matches(rows[7], '^Topics/Broken frontmatter%.md:1: [^(]+ %(3%): linked from$')
  rows[7] = nil
  rows[8], rows[7] = nil, rows[8]
  t.eq(rows, {
    'People/Teodor Lind.md:1: Teodor Lind (9): links to, linked from, co-cited in 2026-11-04 - Planning sessions, co-cited in 2026-11-18 - Storage roadmap review, shares #type/people',
    'Topics/Sync engine.md:1: Sync engine (8): links to, linked from, co-cited in 2026-11-18 - Storage roadmap review, co-cited in Teodor Lind',
    'Meetings/2026-11-18 - Storage roadmap review.md:1: 2026-11-18 - Storage roadmap review (7): links to, linked from, co-cited in Teodor Lind',
    'Meetings/2026-11-04 - Planning sessions.md:1: 2026-11-04 - Planning sessions (6): links to, linked from',
    'Topics/Object store replatforming.md:1: Object store replatforming (4): links to, co-cited in Sync engine',
    'Topics/Open Topics.md:1: Open Topics (4): links to, co-cited in 2026-11-04 - Planning sessions',
    'People/Søren Ærø.md:1: Søren Ærø (1): shares #type/people',
  })
  child:api('nvim_win_set_cursor', 0, { 2, 0 })
  child:type_keys('<CR>')
  wait_buffer(child, t.examples .. '/Topics/Sync engine.md')
end

T['unresolved']['lists links that point nowhere, with their lines'] = function(child)
  local vault = make_vault()
  child:setup({ vault = vault })
  child:edit(vault, 'Notes/Source.md')
  child:cmd('Loam unresolved')
  t.eq(wait_quickfix(child, vault, 'Unresolved links'), {
    'Notes/Source.md:8: [[Ghost]] (no note): Missing [[Plan#Nope]] and [[Ghost]] and [g](sub/New%20one.md).',
    'Notes/Source.md:8: [[Plan#Nope]] (no heading): Missing [[Plan#Nope]] and [[Ghost]] and [g](sub/New%20one.md).',
    'Notes/Source.md:8: [[sub/New one.md]] (no note): Missing [[Plan#Nope]] and [[Ghost]] and [g](sub/New%20one.md).',
  })
  local cols = child:lua('return vim.tbl_map(function(it) return it.col end, vim.fn.getqflist())')
  t.eq(cols, { 27, 9, 41 })
  -- The example vault has one, on purpose.
  child:lua('vim.fn.setqflist({}, "r", { title = "" })')
  child:setup()
  child:edit(t.examples, 'Topics/Sync engine.md')
  child:cmd('Loam unresolved')
  t.eq(wait_quickfix(child, t.examples, 'Unresolved links'), {
    'Topics/Sync engine.md:25: [[Nonexistent design doc]] (no note): Unresolved on purpose: [[Nonexistent design doc]].',
  })
end

T['tags']['lists notes by tag, all or below one tag'] = function(child)
  child:setup()
  child:edit(t.examples, 'People/Mara Okafor.md')
  child:cmd('Loam tags type')
  t.eq(wait_quickfix(child, t.examples, 'Tag #type'), {
    'Meetings/2026-11-04 - Planning sessions.md:1: #type/meeting: 2026-11-04 - Planning sessions',
    'Meetings/2026-11-18 - Storage roadmap review.md:1: #type/meeting: 2026-11-18 - Storage roadmap review',
    'People/Mara Okafor.md:1: #type/people: Mara Okafor',
    'People/Søren Ærø.md:1: #type/people: Søren Ærø',
    'People/Teodor Lind.md:1: #type/people: Teodor Lind',
  })
  -- Without a tag: which one? (each with its count)
  child:lua([[
    vim.ui.select = function(items, opts, on_choice)
      _G.tags = vim.tbl_map(opts.format_item, items)
      on_choice(items[3], 3)
    end
  ]])
  child:cmd('Loam tags')
  t.eq(wait_quickfix(child, t.examples, 'Tag #risk'), {
    'Meetings/2026-11-18 - Storage roadmap review.md:20: #risk: 2026-11-18 - Storage roadmap review',
    'Topics/Sync engine.md:21: #risk: Sync engine',
  })
  t.eq(child:lua('return _G.tags'), {
    '#misc (1)', '#project/replatforming (3)', '#risk (2)', '#team/platform (1)',
    '#team/storage (1)', '#type/meeting (2)', '#type/people (3)', '#work (3)',
  })
  -- Tag names complete on the command line.
  t.eq(child:lua([[return vim.fn.getcompletion('Loam tags ty', 'cmdline')]]), { 'type/meeting', 'type/people' })
end

return T
