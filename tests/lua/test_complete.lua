-- Completion: typed in real buffers through the built-in omnifunc, and the
-- nvim-cmp and blink.cmp sources called exactly as those engines call a
-- source (how the engines sort, filter and confirm: test_engines.lua) (neither engine is installed here: the calls follow nvim-cmp's
-- `:help cmp-develop` and lua/cmp/source.lua, and blink.cmp's
-- doc/development/source-boilerplate.md and sources/lib/provider). Every
-- expectation is checked by hand against the examples vault.
local t = require('loamtest')
local T = t.new_set()

-- Opens a new note in a copy of the examples vault, ready to type into.
local function new_note(child, opts, rel)
  local vault = t.copy_dir(t.examples)
  child:setup(vim.tbl_deep_extend('force', { vault = vault }, opts or {}))
  child:edit(vault, rel or 'Scratch.md')
  return vault
end

local function state(child)
  return function()
    return { mode = child:mode(), line = child:line(), notes = child:notes() }
  end
end

-- Types `keys` and waits until the child is back in normal mode with the
-- current line equal to `want`. Without a UI attached the menu is not drawn,
-- and <C-y> only accepts a drawn menu: the tests type it on a line below an
-- empty one (where it would insert nothing), so what stays is the item Vim
-- inserted, as when <C-y> accepts it.
local function type_and_expect(child, keys, want)
  child:type_keys(keys)
  t.wait(function()
    return child:mode() == 'n' and child:line() == want
  end, 'the line ' .. vim.inspect(want), nil, state(child))
end

-- The words of the completion menu once it shows.
local function wait_menu(child)
  return t.wait(function()
    local words = child:lua([[
      local info = vim.fn.complete_info({ 'items' })
      local words = {}
      for _, it in ipairs(info.items or {}) do table.insert(words, it.word) end
      return #words > 0 and words or nil
    ]])
    return words ~= vim.NIL and words or nil
  end, 'the completion menu', nil, state(child))
end

local function file_exists(path)
  return vim.uv.fs_stat(path) ~= nil
end

T['context']['finds what is being typed'] = function(child)
  local got = child:lua([=[
    local c = require('loam.complete').context
    local md = { markdown = true }
    local function k(x) return x and { x.kind, x.start, x.prefix, x.close } or false end
    return {
      k(c('[[Mar', md)), k(c('see [[Mar', md)), k(c('[[A]] and [[Sy', md)), k(c('[[A]] done', md)),
      k(c('![[Emb', md)), k(c('#pro', md)), k(c('a #project/x', md)), k(c('a#b', md)),
      k(c('# Heading', md)), k(c('[see](Peo', md)), k(c('[see](<Mara O', md)), k(c('[see](a b', md)),
      k(c('[see](Peo', {})), k(c('#pro', { tags = false })), k(c('#a.b', md)),
    }
  ]=])
  t.eq(got, {
    { 'wikilink', 2, 'Mar', ']]' },
    { 'wikilink', 6, 'Mar', ']]' },
    { 'wikilink', 12, 'Sy', ']]' },
    false,
    { 'wikilink', 3, 'Emb', ']]' },
    { 'tag', 1, 'pro', '' },
    { 'tag', 3, 'project/x', '' },
    false, -- `#` inside a word
    false, -- a heading
    { 'markdown', 6, 'Peo', ')' },
    { 'markdown', 6, '<Mara O', ')' },
    false, -- a space ends a destination not in <...>
    false, -- Markdown links are opt-in
    false,
    false, -- `.` is not part of a tag
  })
end

T['omnifunc']['is set in vault notes only'] = function(child)
  new_note(child)
  t.eq(child:lua('return vim.bo.omnifunc'), "v:lua.require'loam.complete'.omnifunc")
  child:cmd('edit ' .. vim.fn.tempname() .. '.md')
  t.truthy(child:lua('return vim.bo.omnifunc') ~= "v:lua.require'loam.complete'.omnifunc", 'outside the vault')
end

T['omnifunc']['accepts a note by title'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[Mar<C-x><C-o><C-y><Esc>', '[[Mara Okafor]]')
end

T['omnifunc']['accepts a note through an alias'] = function(child)
  new_note(child)
  -- The note comes first, its alias `Teo` second (PROTOCOL.md, ranking).
  type_and_expect(child, 'i[[Teo<C-x><C-o><C-n><C-y><Esc>', '[[Teodor Lind|Teo]]')
end

T['omnifunc']['folds accents'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[soren<C-x><C-o><C-y><Esc>', '[[Søren Ærø]]')
end

T['omnifunc']['does not double ]] already after the cursor'] = function(child)
  new_note(child)
  child:api('nvim_buf_set_lines', 0, 0, -1, false, { '[[]]' })
  child:api('nvim_win_set_cursor', 0, { 1, 1 }) -- on the second `[`
  type_and_expect(child, 'aMar<C-x><C-o><C-y><Esc>', '[[Mara Okafor]]')
end

T['omnifunc']['works in the middle of a line'] = function(child)
  new_note(child)
  child:api('nvim_buf_set_lines', 0, 0, -1, false, { 'Ask  today.' })
  child:api('nvim_win_set_cursor', 0, { 1, 3 }) -- on the first space
  type_and_expect(child, 'a[[Teo<C-x><C-o><C-y><Esc>', 'Ask [[Teodor Lind]] today.')
end

T['omnifunc']['completes headings after #'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[Sync engine#Ri<C-x><C-o><C-y><Esc>', '[[Sync engine#Risks]]')
end

T['omnifunc']['completes headings inside a heading after #A#'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[Mara Okafor#mara okafor#fa<C-x><C-o><C-y><Esc>', '[[Mara Okafor#Mara Okafor#Key Facts]]')
end

T['omnifunc']['completes the current note headings after [[#'] = function(child)
  new_note(child, nil, 'Topics/Sync engine.md')
  type_and_expect(child, 'Go<CR>[[#Des<C-x><C-o><C-y><Esc>', '[[#Design]]')
end

T['omnifunc']['completes block ids after ^'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[Mara Okafor^bro<C-x><C-o><C-y><Esc>', '[[Mara Okafor#^broad-market]]')
end

T['omnifunc']['completes headings across the vault after [[##'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[##eras<C-x><C-o><C-y><Esc>', '[[Object store replatforming#Erasure coding]]')
end

T['omnifunc']['completes block ids across the vault after [[^^'] = function(child)
  new_note(child)
  type_and_expect(child, 'i[[^^sync<C-x><C-o><C-y><Esc>', '[[Sync engine#^sync-risk]]')
end

T['omnifunc']['names a note by its path when another note has its stem'] = function(child)
  local vault = t.copy_dir(t.examples)
  vim.fn.mkdir(vault .. '/Archive/Old', 'p')
  vim.fn.writefile({ '---', 'title: Mara Okafor (2019)', 'created: 2019-05-01', '---' }, vault .. '/Archive/Old/Mara Okafor.md')
  child:setup({ vault = vault })
  child:edit(vault, 'Scratch.md')
  type_and_expect(child, 'i[[Mara Okafor (2019<C-x><C-o><C-y><Esc>', '[[Archive/Old/Mara Okafor]]')
  -- The note that wins resolution (the shorter path) keeps its stem; both
  -- match exactly, the newer comes first.
  type_and_expect(child, 'o[[Mara Okafor<C-x><C-o><C-y><Esc>', '[[Mara Okafor]]')
  type_and_expect(child, 'o[[Mara Okafor<C-x><C-o><C-n><C-y><Esc>', '[[Archive/Old/Mara Okafor]]')
end

T['omnifunc']['completes tags after #'] = function(child)
  new_note(child)
  type_and_expect(child, 'iSee #ri<C-x><C-o><C-y><Esc>', 'See #risk')
  local items = child:lua([[
    vim.api.nvim_set_current_line('#wo')
    vim.api.nvim_win_set_cursor(0, { 1, 3 })
    local ctx = require('loam.complete').context('#wo')
    local res = require('loam.client').request_sync('complete', require('loam.complete').params(ctx, 0))
    return require('loam.complete').complete_items(res, ctx)
  ]])
  t.eq(items[1].word, 'work')
  t.eq(items[1].abbr, '#work')
  t.eq(items[1].kind, 'tag')
  t.eq(items[1].menu, '3 notes') -- #work: Planning sessions, Storage roadmap review, Object store
end

T['omnifunc']['completes Markdown link paths when asked to'] = function(child)
  new_note(child, { completion = { markdown_links = true } }, 'Meetings/New meeting.md')
  type_and_expect(child, 'i[minutes](mara<C-x><C-o><C-y><Esc>', '[minutes](../People/Mara%20Okafor.md)')
end

T['omnifunc']['leaves Markdown links alone by default'] = function(child)
  new_note(child)
  child:type_keys('i[minutes](mara<C-x><C-o>x<Esc>')
  t.wait(function()
    return child:mode() == 'n' and child:line() == '[minutes](marax'
  end, 'no completion', nil, state(child))
end

T['omnifunc']['offers items with kind, detail and a preview'] = function(child)
  new_note(child)
  -- Called as Vim calls it: findstart, then the text from there to the cursor.
  local res = child:lua([=[
    vim.api.nvim_set_current_line('[[Teo]]')
    vim.api.nvim_win_set_cursor(0, { 1, 5 }) -- on the first `]`
    local c = require('loam.complete')
    local start = c.omnifunc(1, '')
    return { start = start, result = c.omnifunc(0, 'Teo') }
  ]=])
  t.eq(res.start, 2, 'start column')
  local words = res.result.words
  t.eq(words[1].word, 'Teodor Lind') -- `]]` follows already
  t.eq(words[1].kind, 'note')
  t.eq(words[1].menu, 'People/Teodor Lind.md')
  t.eq(words[1].equal, 1, 'Vim does not narrow the fuzzy list')
  t.matches(words[1].info, '^Teodor Lind\nPeople/Teodor Lind.md · 2026%-02%-11\naliases: Teo\n')
  t.matches(words[1].info, '\n## Recent Context\n')
  t.eq(words[2].word, 'Teodor Lind|Teo')
  t.eq(words[2].kind, 'alias')
  t.eq(words[2].abbr, 'Teo')
  t.eq(words[2].menu, 'alias of Teodor Lind · People/Teodor Lind.md')
end

T['omnifunc']['shows the menu asynchronously when the answer is not there at once'] = function(child)
  new_note(child, { completion = { wait = 0 } })
  -- The omnifunc returns at once without items (-2: stay in completion).
  local r = child:lua([[
    vim.api.nvim_set_current_line('[[Mar')
    vim.api.nvim_win_set_cursor(0, { 1, 5 })
    return require('loam.complete').omnifunc(1, '')
  ]])
  t.eq(r, -2)
  child:cmd('normal! S')
  child:type_keys('i[[Mar<C-x><C-o>')
  local words = wait_menu(child)
  t.eq(words[1], 'Mara Okafor') -- `]]` comes when the item is accepted
  t.eq(child:line(), '[[Mar', 'a late menu inserts nothing')
  type_and_expect(child, '<C-n><C-y><Esc>', '[[Mara Okafor]]')
end

T['omnifunc']['asks again as the user types with the menu open'] = function(child)
  new_note(child, { completion = { wait = 0 } })
  child:cmd('set completeopt=menuone,noinsert,noselect')
  local want = child:lua([=[
    local words = {}
    for _, it in ipairs(require('loam.client').request_sync('complete', { prefix = 'soren', create = true }).items) do
      table.insert(words, it.insert)
    end
    return words
  ]=])
  t.eq(want[1], 'Søren Ærø')
  child:type_keys('i[[s<C-x><C-o>')
  local first = wait_menu(child)
  t.truthy(#first > #want, 'more items for s: ' .. vim.inspect(first))
  child:type_keys('oren')
  t.wait(function()
    return vim.deep_equal(wait_menu(child), want)
  end, 'the list for soren', nil, function()
    return { menu = wait_menu(child), line = child:line() }
  end)
  type_and_expect(child, '<C-n><C-y><Esc>', '[[Søren Ærø]]')
end

T['omnifunc']['creates the note a create item names when it is accepted'] = function(child)
  local vault = t.copy_dir(t.examples)
  vim.fn.mkdir(vault .. '/Templates', 'p')
  vim.fn.writefile({ '# {{title}}', '', 'Created {{date}}.' }, vault .. '/Templates/New note.md')
  child:setup({ vault = vault, create = { folder = 'Inbox', template = 'Templates/New note.md' } })
  child:edit(vault, 'Scratch.md')
  child:cmd('set completeopt=menuone,noselect')
  child:type_keys('i[[Brand new idea<C-x><C-o>')
  local words = wait_menu(child)
  t.eq(words, { 'Brand new idea' }, 'only the create item')
  -- Selected (CTRL-N), then accepted: created.
  type_and_expect(child, '<C-n><C-y><Esc>', '[[Brand new idea]]')
  local path = vault .. '/Inbox/Brand new idea.md'
  t.wait(function()
    return file_exists(path)
  end, 'the new note', nil, state(child))
  t.eq(vim.fn.readfile(path), { '# Brand new idea', '', 'Created ' .. t.today .. '.' })
  -- It is a note now: completion finds it, and offers no second creation.
  child:type_keys('o[[Brand new<C-x><C-o>')
  t.eq(wait_menu(child), { 'Brand new idea', 'Brand new' }) -- the note, then create
  type_and_expect(child, '<C-n><C-y><Esc>', '[[Brand new idea]]')
  t.eq(child:lua([[return require('loam.client').request_sync('complete', { prefix = 'Brand new idea', create = true }).items[1].kind]]), 'note')
end

T['omnifunc']['abandoning a create item creates nothing'] = function(child)
  local vault = new_note(child)
  child:type_keys('i[[Not this one<C-x><C-o>')
  wait_menu(child)
  type_and_expect(child, '<C-e><Esc>', '[[Not this one')
  vim.wait(200)
  t.eq(file_exists(vault .. '/Not this one.md'), false)
end

-- ---- nvim-cmp ------------------------------------------------------------

-- Calls the source as nvim-cmp does: the offset from get_keyword_pattern()
-- (`\%(pattern\)\m$` against the line before the cursor, as
-- cmp.utils.pattern.offset), then complete({ offset, context,
-- completion_context }, callback); applies the first item's textEdit with
-- the source's position encoding, then execute(item, callback).
local CMP = [=[
  local line, col, pick = ...
  vim.api.nvim_set_current_line(line)
  vim.api.nvim_win_set_cursor(0, { 1, col })
  local source = require('loam.cmp_source').new()
  local before, after = line:sub(1, col), line:sub(col + 1)
  local s = vim.regex('\\%(' .. source:get_keyword_pattern() .. '\\)\\m$'):match_str(before)
  local done
  source:complete({
    offset = s and s + 1 or col + 1,
    context = {
      bufnr = vim.api.nvim_get_current_buf(),
      cursor = { row = 1, col = col + 1, line = 0, character = col },
      cursor_line = line,
      cursor_before_line = before,
      cursor_after_line = after,
    },
    completion_context = { triggerKind = 1 },
  }, function(r) done = r end)
  vim.wait(5000, function() return done ~= nil end)
  local item = done.items[pick or 1]
  if item then
    local buf = vim.api.nvim_get_current_buf()
    vim.lsp.util.apply_text_edits({ item.textEdit }, buf, source:get_position_encoding_kind())
    local executed
    source:execute(item, function() executed = true end)
    assert(executed, 'execute calls back')
  end
  return {
    response = done,
    offset = s,
    line = vim.api.nvim_get_current_line(),
    available = source:is_available(),
    triggers = source:get_trigger_characters(),
    debug_name = source:get_debug_name(),
  }
]=]

T['cmp source']['answers with textEdits replacing what was typed'] = function(child)
  new_note(child)
  local r = child:lua(CMP, 'See [[Mar]]', 9)
  t.eq(r.available, true)
  t.eq(r.debug_name, 'loam')
  t.eq(r.triggers, { '[', '#', '^' })
  t.eq(r.offset, 6, "cmp's keyword starts where the helper's prefix does")
  t.eq(r.response.isIncomplete, true)
  local first = r.response.items[1]
  t.eq(first.label, 'Mara Okafor')
  t.eq(first.filterText, 'Mar Mara Okafor')
  t.eq(first.sortText, '00001')
  t.eq(first.kind, 17)
  t.eq(first.textEdit.newText, 'Mara Okafor') -- `]]` follows already
  t.eq(first.textEdit.range, { start = { line = 0, character = 6 }, ['end'] = { line = 0, character = 9 } })
  t.matches(first.documentation.value, '^Mara Okafor\nPeople/Mara Okafor.md')
  t.eq(r.line, 'See [[Mara Okafor]]')
end

T['cmp source']['inserts an alias link and closes it'] = function(child)
  new_note(child)
  local r = child:lua(CMP, '[[Teo', 5, 2)
  t.eq(r.response.items[2].label, 'Teo')
  t.eq(r.line, '[[Teodor Lind|Teo]]')
end

T['cmp source']['completes tags'] = function(child)
  new_note(child)
  local r = child:lua(CMP, 'a #wo', 5)
  t.eq(r.offset, 3)
  t.eq(r.response.items[1].label, '#work')
  t.eq(r.line, 'a #work')
end

-- ---- blink.cmp -----------------------------------------------------------

-- Calls the source as blink.cmp's provider does: require(module).new(opts,
-- config), enabled(), get_trigger_characters(), get_completions(ctx,
-- callback) with blink's context (bufnr, cursor = { row, col }, line,
-- bounds, trigger), then execute(ctx, item, callback,
-- default_implementation) where the default implementation applies the
-- item's textEdit.
local BLINK = [=[
  local line, col, pick, cancel = ...
  vim.api.nvim_set_current_line(line)
  vim.api.nvim_win_set_cursor(0, { 1, col })
  local config = { name = 'loam', module = 'loam.blink' }
  local source = require(config.module).new(config.opts or {}, config)
  -- In Insert mode, blink's context.get_cursor() (nvim_win_get_cursor) can
  -- be at the end of the line; Normal mode cannot, so give it as typed.
  local ctx = {
    id = 1, mode = 'default', bufnr = vim.api.nvim_get_current_buf(),
    cursor = { 1, col }, line = vim.api.nvim_get_current_line(),
    bounds = { line = line, line_number = 1, start_col = col + 1, length = 0 },
    trigger = { initial_kind = 'manual', kind = 'manual' }, providers = { 'loam' },
  }
  local done, calls = nil, 0
  local cancel_fn = source:get_completions(ctx, function(r) done = r; calls = calls + 1 end)
  if cancel then cancel_fn() end
  vim.wait(cancel and 300 or 5000, function() return done ~= nil end)
  if cancel then return { calls = calls, cancel_type = type(cancel_fn) } end
  local item = done.items[pick or 1]
  local resolved
  source:resolve(item, function(it) resolved = it end)
  local executed
  source:execute(ctx, item, function() executed = true end, function()
    vim.lsp.util.apply_text_edits({ item.textEdit }, ctx.bufnr, 'utf-8')
  end)
  assert(executed, 'execute calls back')
  return {
    response = done, calls = calls, resolved = resolved,
    line = vim.api.nvim_get_current_line(),
    enabled = source:enabled(), triggers = source:get_trigger_characters(),
  }
]=]

T['blink source']['answers with textEdits and inserts the link'] = function(child)
  new_note(child)
  local r = child:lua(BLINK, 'Ask [[Sync engine#Ri today', 20)
  t.eq(r.enabled, true)
  t.eq(r.triggers, { '[', '#', '^' })
  t.eq(r.calls, 1)
  t.eq(r.response.is_incomplete_forward, true)
  t.eq(r.response.is_incomplete_backward, true)
  local first = r.response.items[1]
  t.eq(first.label, 'Risks')
  t.eq(first.kind, 22)
  t.eq(first.textEdit.range, { start = { line = 0, character = 6 }, ['end'] = { line = 0, character = 20 } })
  t.eq(r.resolved.label, 'Risks')
  t.eq(r.line, 'Ask [[Sync engine#Risks]] today')
end

T['blink source']['a cancelled request never calls back'] = function(child)
  new_note(child)
  local r = child:lua(BLINK, '[[Mar', 5, 1, true)
  t.eq(r.cancel_type, 'function')
  t.eq(r.calls, 0)
end

T['engines']['register only when installed'] = function(child)
  -- Stand-ins for the engines' registration functions.
  local calls = child:lua([[
    local calls = {}
    require('loam.complete').register_engines() -- neither installed: nothing, no error
    package.loaded['cmp'] = { register_source = function(name, s) table.insert(calls, { 'cmp', name, type(s.complete) }) end }
    package.loaded['blink.cmp'] = {
      add_source_provider = function(id, c) table.insert(calls, { 'blink', id, c.module }) end,
      add_filetype_source = function(ft, id) table.insert(calls, { 'blink ft', ft, id }) end,
    }
    require('loam.complete').register_engines()
    return calls
  ]])
  t.eq(calls, {
    { 'cmp', 'loam', 'function' },
    { 'blink', 'loam', 'loam.blink' },
    { 'blink ft', 'markdown', 'loam' },
  })
end

return T
