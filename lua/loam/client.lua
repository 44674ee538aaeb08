-- client.lua: the one owner of the channel to the `loam` helper.
--
-- The helper (`loam serve`) speaks msgpack-RPC on its stdin/stdout
-- (helper/rpc/PROTOCOL.md, `:help loam-protocol`). It is started lazily, the
-- first time something needs it (a vault note is opened, a command runs),
-- never at startup. Calls are asynchronous: each is sent as a notification
-- whose params carry `_reply = <id>`, and the helper answers by calling
-- `require('loam.client')._on_reply(id, err, result)` through
-- `nvim_exec_lua`, so the editor never blocks on `rpcrequest()`. A timer
-- fails calls that get no answer. request_sync() waits for such a call with
-- vim.wait(), for the few places (omnifunc) that need a value now.
--
-- A new helper indexes the vault before it reads its first request, which
-- on a big vault or a busy machine takes longer than `timeout`. Requests
-- sent meanwhile wait in its input; their timers start only once the helper
-- has answered something (it answers in order, so the first answer means
-- the index is built), and a request is never failed for the time indexing
-- took. When indexing outlasts `timeout` the user is told once that loam is
-- still indexing.
--
-- When the helper dies unexpectedly the user is told once, pending calls
-- fail, and the next request starts a new helper.
--
-- Events: the helper also calls `_on_event(name, data)` on its own, e.g.
-- `index_changed` with `{ paths = {...} }` after re-indexing notes changed on
-- disk; features subscribe with M.on_event().

local M = {}
local H = {}

H.state = {
  job = nil, -- channel id of the running helper, nil when none
  cmd = nil, -- the command line it was started with
  pending = {}, -- reply id -> { cb, timer, method }
  next_reply = 0,
  stderr = {}, -- last lines the helper wrote to stderr
  handlers = {}, -- event name -> list of functions
  ready = false, -- the running helper has answered (its index is built)
}

-- Error codes the client itself produces, next to the helper's LOAM_E_*.
M.E_HELPER = 'LOAM_E_HELPER' -- no helper, or it could not start or died
M.E_TIMEOUT = 'LOAM_E_TIMEOUT' -- no answer within `timeout`

-- How loud each error code is when shown to the user.
M.levels = {
  LOAM_E_NOT_FOUND = vim.log.levels.WARN,
  LOAM_E_TIMEOUT = vim.log.levels.WARN,
  LOAM_E_CHANGED = vim.log.levels.WARN,
  LOAM_E_UNSUPPORTED = vim.log.levels.WARN,
}

H.plugin_root = function()
  local source = debug.getinfo(1, 'S').source:gsub('^@', '')
  -- <root>/lua/loam/client.lua
  return vim.fn.fnamemodify(source, ':p:h:h:h')
end

--- Where the helper lives. Returns its absolute path and how it was found
--- ('option helper', 'plugin build', '$PATH'), or nil and a message saying
--- what to do.
---@param helper string|nil the `helper` option
---@return string|nil path, string how_or_message
function M.find_helper(helper)
  if helper then
    local exe = vim.fn.exepath(helper)
    if exe == '' then
      return nil, string.format("option 'helper': %s is not an executable", helper)
    end
    return exe, 'option helper'
  end
  local root = H.plugin_root()
  local built = root .. '/build/bin/loam'
  if vim.fn.executable(built) == 1 then
    return built, 'plugin build'
  end
  local exe = vim.fn.exepath('loam')
  if exe ~= '' then
    return exe, '$PATH'
  end
  return nil, 'the loam helper is not built. Build it with: ' .. M.build_command(root)
end

--- The command that builds the helper where find_helper() looks first
--- (the README's).
function M.build_command(root)
  return string.format(
    'cd %s && cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DLOAM_SANITIZERS=OFF && cmake --build build --target loam',
    vim.fn.shellescape(root or H.plugin_root())
  )
end

--- The helper's log file (passed as `--log`).
function M.log_path()
  return vim.fs.joinpath(vim.fn.stdpath('log'), 'loam.log')
end

--- Whether a helper is running now.
function M.is_running()
  return H.state.job ~= nil
end

--- What health and `:Loam stats` show about the running helper.
function M.info()
  local job = H.state.job
  return {
    running = job ~= nil,
    pid = job and vim.fn.jobpid(job) or nil,
    cmd = H.state.cmd,
    log = M.log_path(),
  }
end

--- Starts the helper unless it runs. Raises a `(loam) ` error when it cannot.
---@return integer channel
function M.start()
  if H.state.job then
    return H.state.job
  end
  local config = require('loam.config').get()
  local exe, how = M.find_helper(config.helper)
  if not exe then
    error('(loam) ' .. how, 0)
  end
  local log = M.log_path()
  vim.fn.mkdir(vim.fs.dirname(log), 'p')
  local cmd = { exe, 'serve', '--vault', config.vault, '--log', log }
  if config.today then
    vim.list_extend(cmd, { '--today', config.today })
  end

  H.state.stderr = {}
  local ok, job = pcall(vim.fn.jobstart, cmd, {
    rpc = true,
    on_stderr = H.on_stderr,
    on_exit = H.on_exit,
  })
  if not ok or job <= 0 then
    error(string.format('(loam) could not start the helper %s: %s', exe, ok and job or tostring(job)), 0)
  end
  H.state.job, H.state.cmd = job, cmd
  H.state.helper_error = nil
  H.state.ready = false
  H.indexing_notice(job, config)
  if not H.leave_autocmd then
    -- Quitting closes the helper's stdin; that exit is no news.
    H.leave_autocmd = vim.api.nvim_create_autocmd('VimLeavePre', {
      group = vim.api.nvim_create_augroup('loam_client', { clear = true }),
      callback = M.stop,
      desc = 'loam: stop the helper',
    })
  end
  return job
end

--- Stops the helper (if any). Pending calls fail; the next request starts a
--- new one.
function M.stop()
  local job = H.state.job
  if not job then
    return
  end
  H.state.job = nil
  H.state.ready = false
  H.fail_pending({ code = M.E_HELPER, message = 'the helper was stopped' })
  vim.fn.jobstop(job)
end

--- Stops the helper and starts a new one.
function M.restart()
  M.stop()
  return M.start()
end

--- Calls `method` asynchronously. `cb(err, result)` runs on the main loop
--- once, with err nil on success or a map `{code, message, line?, col?}`.
---@param method string
---@param params table|nil
---@param cb fun(err: table|nil, result: any)
---@param timeout integer|nil milliseconds, default the `timeout` option
function M.request(method, params, cb, timeout)
  H.send(method, params, cb, timeout, false)
end

--- Calls `method` and waits for the answer (processing events meanwhile).
--- Returns result, err.
---@return any result, table|nil err
function M.request_sync(method, params, timeout)
  local done, result, err = false, nil, nil
  timeout = timeout or require('loam.config').get().timeout
  H.send(method, params, function(e, r)
    done, err, result = true, e, r
  end, timeout, true)
  -- The call's own timer fires at `timeout`; the margin only guards against
  -- a stuck loop.
  vim.wait(timeout + 500, function()
    return done
  end, 5)
  if not done then
    return nil, { code = M.E_TIMEOUT, message = method .. ': no answer from the helper' }
  end
  return result, err
end

-- Sends a call; `direct` runs cb right when the reply arrives instead of
-- scheduling it (request_sync polls for it inside vim.wait()).
H.send = function(method, params, cb, timeout, direct)
  local ok, job = pcall(M.start)
  if not ok then
    local message = tostring(job):gsub('^%(loam%) ', '')
    return H.call(cb, direct, { code = M.E_HELPER, message = message }, nil)
  end
  timeout = timeout or require('loam.config').get().timeout
  H.state.next_reply = H.state.next_reply + 1
  local id = H.state.next_reply
  local timer = vim.uv.new_timer()
  H.state.pending[id] = { cb = cb, timer = timer, method = method, direct = direct, timeout = timeout }
  if H.state.ready then
    H.start_timer(id)
  end
  local msg = vim.tbl_extend('force', params or {}, { _reply = id })
  local sent, send_err = pcall(vim.rpcnotify, job, method, msg)
  if not sent then
    H.finish(id, { code = M.E_HELPER, message = 'could not reach the helper: ' .. tostring(send_err) }, nil)
  end
end

-- Starts the timer that fails call `id` when no answer comes in time.
H.start_timer = function(id)
  local p = H.state.pending[id]
  p.timer:start(p.timeout, 0, function()
    H.finish(id, {
      code = M.E_TIMEOUT,
      message = string.format('%s: no answer from the helper within %d ms', p.method, p.timeout),
    }, nil)
  end)
end

-- The helper answered for the first time: it has indexed the vault, and
-- the calls that waited for that get their whole `timeout` from now.
H.on_ready = function()
  H.state.ready = true
  for id in pairs(H.state.pending) do
    H.start_timer(id)
  end
end

-- Says once, when a new helper is still indexing after `timeout` ms, why
-- nothing has answered yet. Runs in a luv callback.
H.indexing_notice = function(job, config)
  local timer = vim.uv.new_timer()
  timer:start(config.timeout, 0, function()
    timer:close()
    if H.state.job == job and not H.state.ready then
      vim.schedule(function()
        require('loam').notify(
          string.format('the helper is still indexing %s; requests wait for it', config.vault),
          vim.log.levels.INFO
        )
      end)
    end
  end)
end

--- Called by the helper (through nvim_exec_lua) with the answer to a call.
function M._on_reply(reply, err, result)
  if not H.state.ready then
    H.on_ready()
  end
  H.finish(reply, H.strip(err), H.strip(result))
end

--- Calls `fn(data)` whenever the helper sends event `name` (`index_changed`:
--- `data.paths` lists the vault-relative notes re-indexed). Returns a
--- function that unsubscribes.
---@param name string
---@param fn fun(data: table)
---@return fun()
function M.on_event(name, fn)
  H.state.handlers[name] = H.state.handlers[name] or {}
  table.insert(H.state.handlers[name], fn)
  return function()
    for i, f in ipairs(H.state.handlers[name] or {}) do
      if f == fn then
        return table.remove(H.state.handlers[name], i)
      end
    end
  end
end

--- Called by the helper (through nvim_exec_lua) with an event. Each handler
--- runs on the main loop, and an error in one is reported, not raised.
function M._on_event(name, data)
  data = H.strip(data)
  for _, fn in ipairs(vim.list_slice(H.state.handlers[name] or {})) do
    vim.schedule(function()
      local ok, err = pcall(fn, data)
      if not ok then
        require('loam').notify(string.format('%s handler: %s', name, tostring(err)), vim.log.levels.ERROR)
      end
    end)
  end
end

-- Completes call `id` once; later answers (after a timeout) are dropped.
-- May run in a luv callback, so cb is either scheduled or left to the poller.
H.finish = function(id, err, result)
  local p = H.state.pending[id]
  if not p then
    return
  end
  H.state.pending[id] = nil
  if not p.timer:is_closing() then
    p.timer:stop()
    p.timer:close()
  end
  H.call(p.cb, p.direct, err, result)
end

H.call = function(cb, direct, err, result)
  if direct then
    cb(err, result)
  else
    vim.schedule(function()
      cb(err, result)
    end)
  end
end

H.fail_pending = function(err)
  local ids = vim.tbl_keys(H.state.pending)
  table.sort(ids)
  for _, id in ipairs(ids) do
    H.finish(id, err, nil)
  end
end

-- msgpack nil arrives as vim.NIL inside tables; callers see plain nil.
H.strip = function(v)
  if v == vim.NIL then
    return nil
  end
  if type(v) == 'table' then
    for k, x in pairs(v) do
      v[k] = H.strip(x)
    end
  end
  return v
end

H.on_stderr = function(_, data)
  for _, line in ipairs(data or {}) do
    if line ~= '' then
      table.insert(H.state.stderr, line)
      if #H.state.stderr > 20 then
        table.remove(H.state.stderr, 1)
      end
    end
  end
end

H.on_exit = function(job, code)
  if job ~= H.state.job then
    return -- stopped on purpose, or an older helper
  end
  H.state.job = nil
  local msg = string.format('the helper exited (code %d)', code)
  H.fail_pending({ code = M.E_HELPER, message = msg })
  local tail = H.state.stderr[#H.state.stderr]
  vim.schedule(function()
    require('loam').notify(
      string.format(
        '%s%s. It restarts on the next request; log: %s',
        msg,
        tail and (': ' .. tail) or '',
        M.log_path()
      ),
      vim.log.levels.ERROR
    )
  end)
end

--- Shows a helper error to the user, at the level its code calls for.
---@param err table `{code, message, line?, col?}`
---@param what string|nil what was being done, e.g. 'query'
function M.notify_error(err, what)
  -- No helper (not built, cannot start): said once, not per request.
  if err.code == M.E_HELPER and not H.state.job then
    if H.state.helper_error == err.message then
      return
    end
    H.state.helper_error = err.message
    what = nil
  end
  local msg = err.message or err.code or 'unknown error'
  if what then
    msg = what .. ': ' .. msg
  end
  require('loam').notify(msg, M.levels[err.code] or vim.log.levels.ERROR)
end

return M
