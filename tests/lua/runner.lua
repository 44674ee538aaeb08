-- runner.lua: loam's end-to-end test runner for Neovim.
--
--   nvim --headless --clean -u NONE -i NONE -l tests/lua/runner.lua tests/lua/test_x.lua
--
-- A spec returns a set of named cases (`T['tasks']['<CR> jumps to the task']
-- = function(child) ... end`, names nest like mini.test's). Each case gets a
-- fresh child Neovim (`nvim --embed --headless --clean`) with loam on its
-- 'runtimepath' and plugin/loam.lua loaded, driven over RPC, so no state
-- leaks between cases. Waits poll a condition (vim.wait) with a timeout;
-- nothing sleeps a fixed time and then asserts. Prints `ok`/`FAIL` per case
-- and `N passed, N failed`, and exits non-zero when anything failed.
--
-- Environment (set by tests/CMakeLists.txt): LOAM_ROOT (the repository),
-- LOAM_HELPER (the built helper), LOAM_EXAMPLES and LOAM_DEMO (vaults),
-- LOAM_TODAY. Optional: LOAM_NVIM (the nvim to run children with; default:
-- this one), LOAM_TEST_FILTER (run only cases whose name contains it).

local H = {}
local T = {} -- what specs get from require('loamtest')

H.root = os.getenv('LOAM_ROOT') or vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')
H.root = H.root:gsub('/$', '')
-- Paths as the plugin sees them: absolute, without `..` (CMake passes
-- `<root>/../shared/...`).
H.clean = function(path)
  return vim.uv.fs_realpath(path) or vim.fs.normalize(path)
end
T.root = H.root
T.helper = os.getenv('LOAM_HELPER') or (H.root .. '/build/bin/loam')
T.examples = H.clean(os.getenv('LOAM_EXAMPLES') or (H.root .. '/../shared/examples/vault'))
T.demo = H.clean(os.getenv('LOAM_DEMO') or (H.root .. '/examples/demo-vault'))
T.today = os.getenv('LOAM_TODAY') or '2026-11-25'
T.timeout = 5000

vim.opt.rtp:prepend(H.root)

-- The command that starts this same Neovim. v:progpath is not enough when
-- nvim runs through its dynamic loader (scripts/get-nvim.sh): then the
-- loader's arguments are the prefix of /proc/self/cmdline up to argv[0].
H.nvim_cmd = function()
  local env = os.getenv('LOAM_NVIM')
  if env and env ~= '' then
    return { env }
  end
  local f = io.open('/proc/self/cmdline', 'rb')
  if f then
    local words = vim.split(f:read('*a'), '\0', { plain = true })
    f:close()
    for i, w in ipairs(words) do
      if w == vim.v.argv[1] then
        return vim.list_slice(words, 1, i)
      end
    end
  end
  return { vim.v.progpath }
end

-- Sets of cases that remember the order their entries were added in.
function T.new_set()
  local order = {}
  return setmetatable({}, {
    __newindex = function(t, k, v)
      table.insert(order, k)
      rawset(t, k, v)
    end,
    __index = function(t, k)
      -- T['a']['b'] = ... creates set 'a' on first use.
      local set = T.new_set()
      table.insert(order, k)
      rawset(t, k, set)
      return set
    end,
    __order = order,
  })
end

H.walk = function(set, prefix, out)
  local mt = getmetatable(set)
  local keys = mt and mt.__order or vim.tbl_keys(set)
  for _, k in ipairs(keys) do
    local v = rawget(set, k)
    local name = prefix == '' and tostring(k) or (prefix .. ' | ' .. tostring(k))
    if type(v) == 'function' then
      table.insert(out, { name = name, fn = v })
    elseif type(v) == 'table' then
      H.walk(v, name, out)
    end
  end
  return out
end

-- Assertions ----------------------------------------------------------------

H.fail = function(msg, level)
  error(msg, (level or 1) + 1)
end

function T.eq(got, want, what)
  if not vim.deep_equal(got, want) then
    H.fail(string.format('%s\n  want: %s\n  got:  %s', what or 'not equal', vim.inspect(want), vim.inspect(got)), 2)
  end
end

function T.truthy(v, what)
  if not v then
    H.fail(what or 'expected a true value', 2)
  end
  return v
end

function T.matches(s, pattern, what)
  if type(s) ~= 'string' or not s:find(pattern) then
    H.fail(string.format('%s\n  want a match for: %s\n  got: %s', what or 'no match', pattern, vim.inspect(s)), 2)
  end
end

--- Polls `cond` until it returns a true value (returned) or `timeout` ms
--- pass; then fails with `what` and, when given, describe()'s output.
function T.wait(cond, what, timeout, describe)
  local value
  local ok = vim.wait(timeout or T.timeout, function()
    value = cond()
    return value
  end, 10)
  if not ok then
    H.fail(
      string.format('timed out waiting for %s%s', what or 'a condition', describe and ('\n  state: ' .. vim.inspect(describe())) or ''),
      2
    )
  end
  return value
end

--- Copies directory `src` to a new temporary directory; returns its path.
function T.copy_dir(src)
  local dst = vim.fn.tempname()
  vim.fn.mkdir(dst, 'p')
  for name, kind in vim.fs.dir(src, { depth = math.huge }) do
    local from, to = src .. '/' .. name, dst .. '/' .. name
    if kind == 'directory' then
      vim.fn.mkdir(to, 'p', tonumber('755', 8))
    elseif kind == 'file' then
      vim.fn.mkdir(vim.fs.dirname(to), 'p')
      assert(vim.uv.fs_copyfile(from, to))
      assert(vim.uv.fs_chmod(to, tonumber('644', 8))) -- the source may be read-only
    end
  end
  return dst
end

-- The child Neovim ------------------------------------------------------------

local Child = {}
Child.__index = Child

H.children = {}

function H.new_child()
  local state = vim.fn.tempname()
  vim.fn.mkdir(state, 'p')
  local cmd = vim.list_extend(H.nvim_cmd(), { '--embed', '--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n' })
  local job = vim.fn.jobstart(cmd, {
    rpc = true,
    env = { XDG_STATE_HOME = state, XDG_DATA_HOME = state, XDG_CACHE_HOME = state },
  })
  assert(job > 0, 'could not start child nvim: ' .. table.concat(cmd, ' '))
  local child = setmetatable({ job = job, state_dir = state }, Child)
  table.insert(H.children, child)
  child:lua(
    [[
    local root = ...
    vim.opt.rtp:prepend(root)
    vim.cmd('filetype on')
    vim.cmd.runtime('plugin/loam.lua')
    -- Messages the plugin shows, for assertions.
    _G.notes = {}
    vim.notify = function(msg, level)
      table.insert(_G.notes, { msg = msg, level = level })
    end
    ]],
    H.root
  )
  return child
end

--- Runs Lua `code` in the child with `...` as its arguments; returns its value.
function Child:lua(code, ...)
  return vim.rpcrequest(self.job, 'nvim_exec_lua', code, { ... })
end

--- Calls API function `name` in the child.
function Child:api(name, ...)
  return vim.rpcrequest(self.job, name, ...)
end

function Child:cmd(command)
  return self:api('nvim_command', command)
end

--- Sends keys as if typed (nvim_input), so they go through mappings and
--- insert-mode completion like a user's. Returns at once: wait for effects.
function Child:type_keys(keys)
  self:api('nvim_input', keys)
end

function Child:mode()
  return self:api('nvim_get_mode').mode
end

function Child:lines(buf)
  return self:api('nvim_buf_get_lines', buf or 0, 0, -1, false)
end

function Child:line()
  return self:api('nvim_get_current_line')
end

function Child:cursor()
  return self:api('nvim_win_get_cursor', 0)
end

function Child:bufname()
  return self:lua('return vim.api.nvim_buf_get_name(0)')
end

function Child:filetype()
  return self:lua('return vim.bo.filetype')
end

--- Messages the plugin sent to vim.notify() so far.
function Child:notes()
  return self:lua('return _G.notes')
end

--- setup() with the test helper, `vault` (default: the examples vault) and
--- today = LOAM_TODAY, merged with `opts`.
function Child:setup(opts)
  opts = vim.tbl_deep_extend('force', { vault = T.examples, helper = T.helper, today = T.today }, opts or {})
  self:lua('require("loam").setup(...)', opts)
end

--- Opens `rel` (a path in the vault) and waits for the helper to answer.
function Child:edit(vault, rel)
  self:cmd('edit ' .. vim.fn.fnameescape(vault .. '/' .. rel))
  self:wait_helper()
end

--- Waits until the helper answers `stats` (it has read the vault).
function Child:wait_helper()
  local result = self:lua([[
    local r, err = require('loam.client').request_sync('stats', {}, 10000)
    return { r, err }
  ]])
  if result[2] ~= nil and result[2] ~= vim.NIL then
    H.fail('the helper does not answer: ' .. vim.inspect(result[2]), 2)
  end
  return result[1]
end

--- Polls Lua `code` in the child until it returns a true value.
function Child:wait_lua(code, what, timeout, ...)
  local args = { ... }
  return T.wait(function()
    local v = self:lua(code, unpack(args))
    return v ~= vim.NIL and v or nil
  end, what or code, timeout, function()
    return { mode = self:mode(), buf = self:bufname(), cursor = self:cursor(), notes = self:notes() }
  end)
end

function Child:stop()
  pcall(vim.rpcrequest, self.job, 'nvim_command', 'qall!')
  vim.fn.jobwait({ self.job }, 2000)
  pcall(vim.fn.jobstop, self.job)
  vim.fn.delete(self.state_dir, 'rf')
end

-- Running -----------------------------------------------------------------------

H.out = function(s)
  io.stdout:write(s, '\n')
  io.stdout:flush()
end

H.main = function(spec_path)
  package.loaded['loamtest'] = T
  local ok, spec = pcall(dofile, spec_path)
  if not ok then
    H.out('FAIL loading ' .. spec_path .. ': ' .. tostring(spec))
    H.out('0 passed, 1 failed')
    os.exit(1)
  end
  local filter = os.getenv('LOAM_TEST_FILTER')
  local passed, failed = 0, 0
  for _, case in ipairs(H.walk(spec, '', {})) do
    if not filter or case.name:find(filter, 1, true) then
      local child
      local case_ok, err = xpcall(function()
        child = H.new_child()
        case.fn(child)
      end, debug.traceback)
      if child then
        child:stop()
      end
      if case_ok then
        passed = passed + 1
        H.out('ok   ' .. case.name)
      else
        failed = failed + 1
        H.out('FAIL ' .. case.name .. '\n    ' .. tostring(err):gsub('\n', '\n    '))
      end
    end
  end
  H.out(string.format('%d passed, %d failed', passed, failed))
  os.exit(failed > 0 and 1 or 0)
end

H.main(assert(_G.arg[1], 'usage: nvim -l runner.lua tests/lua/test_x.lua'))
