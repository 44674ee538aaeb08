-- `[[` completion: omnifunc typed in insert mode, and the nvim-cmp source.
local t = require('loamtest')
local T = t.new_set()

-- Opens a new note in a copy of the examples vault, ready to type into.
local function new_note(child)
  local vault = t.copy_dir(t.examples)
  child:setup({ vault = vault })
  child:edit(vault, 'Scratch.md')
  return vault
end

-- Types `keys` and waits until the child is back in normal mode with the
-- current line equal to `want`.
local function type_and_expect(child, keys, want)
  child:type_keys(keys)
  t.wait(function()
    return child:mode() == 'n' and child:line() == want
  end, 'the line ' .. vim.inspect(want), nil, function()
    return { mode = child:mode(), line = child:line(), notes = child:notes() }
  end)
end

T['find_start']['finds the text after the last open [['] = function(child)
  local cases = child:lua([=[
    local f = require('loam.complete').find_start
    return { f('[[Mar'), f('see [[Mar'), f('[[A]] and [[Sy'), f('[[A]] done'), f('no link'), f('[['), f('![[Emb') }
  ]=])
  t.eq(cases, { 2, 6, 12, vim.NIL, vim.NIL, 2, 3 })
end

T['omnifunc']['is set in vault notes only'] = function(child)
  local vault = new_note(child)
  t.eq(child:lua('return vim.bo.omnifunc'), "v:lua.require'loam.complete'.omnifunc")
  child:cmd('edit ' .. vim.fn.tempname() .. '.md')
  t.truthy(child:lua('return vim.bo.omnifunc') ~= "v:lua.require'loam.complete'.omnifunc", 'outside the vault')
  t.truthy(vault)
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

T['omnifunc']['offers items with kind and detail'] = function(child)
  new_note(child)
  local items = child:lua([[
    vim.api.nvim_set_current_line('[[Teo')
    vim.api.nvim_win_set_cursor(0, { 1, 5 })
    local c = require('loam.complete')
    local start = c.omnifunc(1, '')
    return { start = start, result = c.omnifunc(0, 'Teo') }
  ]])
  t.eq(items.start, 2, 'start column')
  t.eq(items.result.refresh, 'always')
  local alias
  for _, it in ipairs(items.result.words) do
    if it.word == 'Teodor Lind|Teo]]' then
      alias = it
    end
  end
  t.truthy(alias, 'an item for the alias Teo: ' .. vim.inspect(items.result.words))
  t.eq(alias.kind, 'alias')
  t.eq(alias.abbr, 'Teo')
  t.matches(alias.menu, 'Teodor Lind')
end

T['cmp source']['answers with a textEdit replacing the typed prefix'] = function(child)
  new_note(child)
  local response = child:lua([=[
    vim.api.nvim_set_current_line('See [[Mar]]')
    local source = require('loam.cmp_source').new()
    local done
    source:complete({
      context = {
        bufnr = 0,
        cursor = { row = 1, col = 10 },
        cursor_before_line = 'See [[Mar',
        cursor_after_line = ']]',
      },
    }, function(r) done = r end)
    vim.wait(5000, function() return done ~= nil end)
    return { done, source:get_trigger_characters(), source:is_available() }
  ]=])
  local result, triggers, available = response[1], response[2], response[3]
  t.eq(triggers, { '[' })
  t.eq(available, true)
  local first = result.items[1]
  t.eq(first.label, 'Mara Okafor')
  t.eq(first.textEdit, {
    newText = 'Mara Okafor',
    range = { start = { line = 0, character = 6 }, ['end'] = { line = 0, character = 9 } },
  })
end

return T
