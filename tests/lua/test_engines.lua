-- What the completion engines do with loam's items: nvim-cmp and blink.cmp
-- sort, filter and confirm them with their own code, and the built-in
-- omnifunc runs under the user's 'completeopt'. CI has neither engine, so
-- the engines' parts that decide the outcome are imitated here, each
-- checked against the real engine (and run against it: bench/engines.lua,
-- /work notes): nvim-cmp a1d504892f2b (lua/cmp/source.lua get_entries,
-- matcher.lua, config/compare.lua, core.lua confirm) and blink.cmp
-- 73ea297bc665 (fuzzy/lua/keyword.lua, fuzzy/lua/match.lua, fuzzy/sort.lua,
-- completion/list.lua). The vault is written here.
local t = require('loamtest')
local T = t.new_set()

local function write_vault()
  local vault = vim.fn.tempname()
  vim.fn.mkdir(vault .. '/People', 'p')
  local notes = {
    ['People/Mara Okafor.md'] = { '---', 'aliases: [Mara, M.O.]', 'created: 2026-03-01', '---', '# Mara Okafor' },
    ['People/Maria Campbell.md'] = { '---', 'created: 2026-02-01', '---', '# Maria Campbell' },
    ['Marketing plan.md'] = { '---', 'created: 2026-01-01', '---', '# Marketing plan' },
    ['Cache.md'] = { '---', 'aliases: [Store]', '---' },
    ['Cache notes.md'] = { '---', 'aliases: [Store]', '---' },
  }
  for path, lines in pairs(notes) do
    vim.fn.writefile(lines, vault .. '/' .. path)
  end
  return vault
end

local function open(child, opts)
  local vault = write_vault()
  child:setup(vim.tbl_deep_extend('force', { vault = vault }, opts or {}))
  child:edit(vault, 'Scratch.md')
  return vault
end

local function exists(path)
  return vim.uv.fs_stat(path) ~= nil
end

-- The engine imitations, loaded in the child.
local ENGINES = [=[
  local E = {}

  -- The source's items for `line` with the cursor at its end (insert mode
  -- is not needed: the sources read what cmp/blink pass them).
  function E.cmp_items(line, after)
    local done
    local source = require('loam.cmp_source').new()
    local full = line .. (after or '')
    source:complete({ context = {
      bufnr = 0, cursor = { row = 1, col = #line + 1 }, cursor_line = full,
      cursor_before_line = line, cursor_after_line = after or '',
    } }, function(r) done = r end)
    vim.wait(5000, function() return done ~= nil end)
    return done.items, source
  end

  -- nvim-cmp's matcher.match where it decides here: the input is matched in
  -- runs at word boundaries of the filter text (the first at its start gets
  -- the prefix bonus of 8), each run scoring its length times (1 + strict
  -- case ratio) times (1 + (10 - boundary ordinal) / 10); input left after
  -- the runs must appear later in the word; no match is 0.
  function E.cmp_match(input, word)
    if #input == 0 then return 14 end
    if #input > #word then return 0 end
    local score, i, ordinal, pos, first = 0, 1, 0, 1, nil
    local function boundary(k)
      if k == 1 then return true end
      local p, c = word:sub(k - 1, k - 1), word:sub(k, k)
      return (not p:match('%w') and c:match('[%w\128-\255]')) or (p:match('%l') and c:match('%u'))
    end
    for k = 1, #word do
      if i > #input then break end
      if k >= pos and boundary(k) then
        ordinal = ordinal + 1
        local n, strict = 0, 0
        while i + n <= #input and k + n <= #word and input:sub(i + n, i + n):lower() == word:sub(k + n, k + n):lower() do
          if input:sub(i + n, i + n) == word:sub(k + n, k + n) then strict = strict + 1 end
          n = n + 1
        end
        if n > 0 then
          first = first or k
          score = score + n * (1 + strict / n) * (1 + math.max(0, 10 - ordinal) / 10)
          i, pos = i + n, k + n
        end
      end
    end
    if not first then return 0 end
    if i <= #input and not word:sub(pos):lower():find(input:sub(i):lower(), 1, true) then return 0 end
    return score + (first == 1 and 8 or 0)
  end

  -- nvim-cmp's get_entries + default comparators: offset (all equal here),
  -- exact (filterText or word equals the input), score, recently_used and
  -- locality (no history, no words near), kind (Text last), sortText,
  -- length, order. `input` is the line from the keyword start (cmp's offset).
  function E.cmp_view(items, input)
    local entries = {}
    for idx, item in ipairs(items) do
      local word = item.word or vim.trim(item.textEdit.newText)
      local score = E.cmp_match(input, item.filterText or item.label)
      if score >= 1 then
        table.insert(entries, { item = item, idx = idx, score = score,
          exact = item.filterText == input or word == input,
          kind = item.kind == 1 and 100 or item.kind })
      end
    end
    table.sort(entries, function(a, b)
      if a.exact ~= b.exact then return a.exact end
      if a.score ~= b.score then return a.score > b.score end
      if a.kind ~= b.kind then return a.kind < b.kind end
      if a.item.sortText ~= b.item.sortText then return a.item.sortText < b.item.sortText end
      if #a.item.label ~= #b.item.label then return #a.item.label < #b.item.label end
      return a.idx < b.idx
    end)
    return vim.tbl_map(function(e) return e.item.label end, entries)
  end

  -- blink.cmp's keyword: the run of keyword characters (iskeyword
  -- '@,48-57,_,-,192-255'; multibyte letters count) before the cursor,
  -- leading dashes left out.
  function E.blink_keyword(line)
    local kw = line:match('[%w_%-\128-\255]*$')
    return (kw:gsub('^%-+', ''))
  end

  -- blink.cmp's Lua matcher: greedy, in order; 12 a character, -5 to open
  -- a gap and -1 per further gap character, +4 for the same case, +12 on the
  -- first character, +8 on the second after a non-letter, +4 after a
  -- delimiter ( /.,_-:), +4 for an exact match; nil when a character is
  -- missing.
  function E.blink_match(needle, hay)
    local score, h, matched = 0, 1, false
    for n = 1, #needle do
      local c = needle:sub(n, n)
      local start, found = h, false
      while h <= #hay - #needle + n do
        local x = hay:sub(h, h)
        if x:lower() == c:lower() then
          score = score + 12
          if n ~= 1 and h > start then score = score - 5 - (h - start - 1) end
          if x == c then score = score + 4 end
          if h == 1 then score = score + 12
          elseif h == 2 and not matched and not hay:sub(1, 1):match('%a') then score = score + 8
          elseif (' /.,_-:'):find(hay:sub(h - 1, h - 1), 1, true) then score = score + 4 end
          matched, found, h = true, true, h + 1
          break
        end
        h = h + 1
      end
      if not found then return nil end
    end
    if needle == hay then score = score + 4 end
    return score
  end

  -- blink.cmp's list: items matching the keyword, sorted by score then
  -- sortText (its default `sorts`).
  function E.blink_view(items, line)
    local kw = E.blink_keyword(line)
    local shown = {}
    for idx, item in ipairs(items) do
      local s = E.blink_match(kw, item.filterText or item.label)
      if s then table.insert(shown, { item = item, score = s, idx = idx }) end
    end
    table.sort(shown, function(a, b)
      if a.score ~= b.score then return a.score > b.score end
      if a.item.sortText ~= b.item.sortText then return a.item.sortText < b.item.sortText end
      return a.idx < b.idx
    end)
    return vim.tbl_map(function(e) return e.item.label end, shown)
  end

  function E.blink_items(line)
    local done
    local source = require('loam.blink').new({}, { name = 'loam', module = 'loam.blink' })
    source:get_completions({ bufnr = 0, cursor = { 1, #line }, line = line }, function(r) done = r end)
    vim.wait(5000, function() return done ~= nil end)
    return done.items, source
  end

  -- The helper's own order, as labels.
  function E.helper_labels(items)
    return vim.tbl_map(function(i) return i.label end, items)
  end
  _G.E = E
]=]

local function load(child)
  child:lua(ENGINES)
end

T['nvim-cmp']["keeps loam's order through its default comparators, Create last"] = function(child)
  open(child)
  load(child)
  local r = child:lua([=[
    local items = E.cmp_items('[[Mar')
    local closed = E.cmp_items('[[Mar', ']]')
    return { helper = E.helper_labels(items), cmp = E.cmp_view(items, 'Mar'), closed = E.cmp_view(closed, 'Mar') }
  ]=])
  t.eq(r.helper[#r.helper], 'Create "Mar"')
  t.eq(r.cmp, r.helper)
  t.eq(r.closed, r.helper, 'with `]]` after the cursor too')
end

T['nvim-cmp']['keeps the menu open while typing on, before the next answer'] = function(child)
  open(child)
  load(child)
  local r = child:lua([=[
    local items = E.cmp_items('[[Mar')
    return { mari = E.cmp_view(items, 'Mari'), marx = E.cmp_view(items, 'Marx') }
  ]=])
  table.sort(r.mari)
  t.eq(r.mari, { 'Maria Campbell', 'Marketing plan' }, 're-filtered, not emptied')
  t.eq(r.marx, {})
end

T['nvim-cmp']['confirm({ select = true }) of Create makes no note; a selected one does'] = function(child)
  local vault = open(child)
  load(child)
  -- core.confirm resolves the entry while its menu is open, then executes.
  local CONFIRM = [=[
    local select = ...
    local items, source = E.cmp_items('[[Fresh cmp note')
    local item = items[#items]
    local entry = { completion_item = item }
    package.loaded['cmp'] = { get_active_entry = function() return select and entry or nil end }
    source:resolve(item, function() end)
    local done
    source:execute(item, function() done = true end)
    return { label = item.label, done = done }
  ]=]
  local r = child:lua(CONFIRM, false)
  t.eq(r.label, 'Create "Fresh cmp note"')
  t.eq(r.done, true)
  vim.wait(300)
  t.eq(exists(vault .. '/Fresh cmp note.md'), false, 'not created by confirm({ select = true })')
  child:lua(CONFIRM, true)
  t.wait(function()
    return exists(vault .. '/Fresh cmp note.md')
  end, 'the note of the selected Create item')
end

T['nvim-cmp']['tells aliases apart by whose alias they are'] = function(child)
  open(child)
  load(child)
  local r = child:lua([=[
    local out = {}
    for _, it in ipairs(E.cmp_items('[[Store')) do
      if it.label == 'Store' then table.insert(out, it.labelDetails.description) end
    end
    table.sort(out)
    return out
  ]=])
  t.eq(r, { 'alias of Cache notes · Cache notes.md', 'alias of Cache · Cache.md' })
end

T['blink.cmp']["keeps loam's order by its keyword score, Create last"] = function(child)
  open(child)
  load(child)
  local r = child:lua([=[
    local items = E.blink_items('[[Mar')
    local two = E.blink_items('[[Mara O')
    return { helper = E.helper_labels(items), blink = E.blink_view(items, '[[Mar'),
             helper2 = E.helper_labels(two), blink2 = E.blink_view(two, '[[Mara O') }
  ]=])
  t.eq(r.helper[#r.helper], 'Create "Mar"')
  t.eq(r.blink, r.helper)
  t.eq(r.blink2, r.helper2, 'a keyword after a space')
end

T['blink.cmp']['keeps the menu open while typing on, before the next answer'] = function(child)
  open(child)
  load(child)
  local r = child:lua([=[
    local items = E.blink_items('[[Mar')
    return E.blink_view(items, '[[Mari')
  ]=])
  table.sort(r)
  t.eq(r, { 'Maria Campbell', 'Marketing plan' }, 're-filtered, not emptied')
end

T['blink.cmp']['accepting a preselected Create makes no note; a selected one does'] = function(child)
  local vault = open(child)
  load(child)
  local ACCEPT = [=[
    local explicit = ...
    package.loaded['blink.cmp.completion.list'] = { is_explicitly_selected = explicit }
    local items, source = E.blink_items('[[Fresh blink note')
    local item = items[#items]
    local done
    source:execute({}, item, function() done = true end, function() end)
    return done
  ]=]
  t.eq(child:lua(ACCEPT, false), true)
  vim.wait(300)
  t.eq(exists(vault .. '/Fresh blink note.md'), false, 'not created when preselected')
  child:lua(ACCEPT, true)
  t.wait(function()
    return exists(vault .. '/Fresh blink note.md')
  end, 'the note of the selected Create item')
end

-- ---- the built-in omnifunc under Neovim's default 'completeopt' ----------
-- (also run on Neovim 0.12.4: LOAM_NVIM and the runner with that nvim)

local function line_is(child, want)
  t.wait(function()
    return child:line() == want
  end, 'the line ' .. vim.inspect(want), nil, function()
    return { line = child:line(), mode = child:mode(), cot = child:lua('return vim.o.completeopt') }
  end)
end

T['omnifunc']['typing on after CTRL-P leaves the text as typed'] = function(child)
  open(child)
  -- Neovim's default: "menu,preview" in 0.10, "menu,popup" in 0.11+; the
  -- first match is inserted either way.
  t.truthy(not child:lua('return vim.o.completeopt'):find('no'), 'a default that inserts')
  -- The first match is inserted, CTRL-P goes back to what was typed, `r`
  -- narrows: the menu is asked again and nothing is inserted.
  child:type_keys('i[[Ma<C-x><C-o>')
  line_is(child, '[[Mara Okafor')
  child:type_keys('<C-p>')
  line_is(child, '[[Ma')
  child:type_keys('r')
  vim.wait(300)
  line_is(child, '[[Mar')
  child:type_keys('i<Esc>')
  line_is(child, '[[Mari')
end

T['omnifunc']['typing on after an inserted match goes after the closed link'] = function(child)
  open(child)
  child:type_keys('i[[Ma<C-x><C-o>')
  line_is(child, '[[Mara Okafor')
  child:type_keys(' met<Esc>')
  line_is(child, '[[Mara Okafor]] met')
end

T['omnifunc']['a late menu selects and inserts nothing'] = function(child)
  open(child, { completion = { wait = 0 } })
  local cot = child:lua('return vim.o.completeopt')
  child:type_keys('i[[Mar<C-x><C-o>')
  t.wait(function()
    return #child:lua('return vim.fn.complete_info({ "items" }).items') > 0
  end, 'the menu')
  t.eq(child:line(), '[[Mar')
  t.eq(child:lua('return vim.o.completeopt'), cot, "the user's option is back")
end

T['omnifunc']['an auto-inserted Create item makes no note, typed on or accepted'] = function(child)
  local vault = open(child)
  child:type_keys('i[[Stray typo<C-x><C-o>')
  vim.wait(200)
  child:type_keys(' more<Esc>')
  line_is(child, '[[Stray typo more')
  -- (no menu is drawn without a UI: <C-y> also inserts the character
  -- above the cursor, so the line above is left empty)
  child:type_keys('o<CR>[[Other typo<C-x><C-o>')
  vim.wait(200)
  child:type_keys('<C-y><Esc>')
  line_is(child, '[[Other typo]]')
  vim.wait(300)
  t.eq(exists(vault .. '/Stray typo.md') or exists(vault .. '/Stray typo more.md'), false)
  t.eq(exists(vault .. '/Other typo.md'), false, 'accepted, never selected')
end

return T
