-- tests/conformance/run.lua: loam against the Obsidian Tasks plugin.
--
-- For each query of expected.json (the plugin's recorded answers, see
-- README.md), runs `loam query --json` over tests/conformance/vault with
-- today = 2026-11-25 and compares the rows, in order: each row is the task's
-- group headings joined by " / ", then "path:line". Run by ctest as
--   nvim -l tests/conformance/run.lua <loam binary>
-- (Neovim only for its JSON decoder). Prints one line per query and
-- "N passed, M failed".
local loam = assert(_G.arg[1], 'usage: nvim -l run.lua <loam>')
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local vault = here .. '/vault'
local cases = vim.json.decode(table.concat(vim.fn.readfile(here .. '/expected.json'), '\n'))

local function run(query)
  local res = vim.system({ loam, 'query', '--vault', vault, '--json', '--today', '2026-11-25' }, { stdin = query, text = true }):wait()
  if res.code ~= 0 then
    return nil, vim.trim(res.stderr or '')
  end
  local rows = {}
  for line in (res.stdout or ''):gmatch('[^\n]+') do
    local t = vim.json.decode(line)
    -- The one deliberate display difference: the plugin's heading for tasks
    -- without an id is empty; loam shows it as "(No id)".
    local heads = vim.tbl_map(function(g)
      return g == '(No id)' and '' or g
    end, t.groups or {})
    local groups = table.concat(heads, ' / ')
    table.insert(rows, (#heads > 0 and groups .. ' | ' or '') .. t.path .. ':' .. t.line)
  end
  return rows
end

local passed, failed = 0, 0
for _, case in ipairs(cases) do
  local query = case.query:gsub('\\n', '\n')
  local rows, err = run(query)
  local ok, why
  if case.error then
    ok, why = rows == nil, 'the plugin reports an error: ' .. case.error
  elseif rows == nil then
    ok, why = false, 'loam: ' .. tostring(err)
  else
    ok = vim.deep_equal(rows, case.rows)
    if not ok then
      why = 'want:\n      ' .. table.concat(case.rows, '\n      ') .. '\n    got:\n      ' .. table.concat(rows, '\n      ')
    end
  end
  if ok then
    passed = passed + 1
    io.stdout:write('ok   ', case.query, '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ', case.query, '\n    ', why, '\n')
  end
end
io.stdout:write(string.format('%d passed, %d failed\n', passed, failed))
os.exit(failed > 0 and 1 or 0)
