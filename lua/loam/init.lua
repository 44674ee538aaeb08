-- init.lua: loam's entry point: setup() and the public API.
--
-- setup() validates the options, then watches for vault notes: when the
-- first Markdown buffer inside the vault appears, the helper starts and the
-- buffer gets its completion, its follow mapping and its save hook. Nothing
-- else happens at startup. Features live in their own modules (complete,
-- tasks, links, health), loaded when first used.

local M = {}
local H = {}

--- Configures loam. See `:help loam-setup` and `:help loam-options`.
---@param opts table `{ vault = '~/notes', ... }`
function M.setup(opts)
  local config = require('loam.config').resolve(opts)
  H.apply_config(config)
  H.create_autocommands()
  H.attach_loaded_buffers()
end

--- Follows the link under the cursor. `opts.fallback`: keys to run with
--- `:normal!` when there is no link there (the `gf` mapping passes `gf`).
function M.follow(opts)
  require('loam.links').follow(opts)
end

--- Lists the places linking to the current note (quickfix list and picker).
function M.backlinks()
  require('loam.links').backlinks()
end

--- Lists the notes related to the current one, best first, with why.
function M.related()
  require('loam.links').related()
end

--- Lists links that point nowhere (`opts.buffer`: in the current note only).
function M.unresolved(opts)
  require('loam.links').unresolved(opts)
end

--- Lists notes by tag (`tag`: that tag and the tags below it).
function M.tags(tag)
  require('loam.links').tags(tag)
end

--- Renames the current note to `new_name` and rewrites every link to it.
--- `opts.dry_run` lists the edits only; `opts.confirm` lists, then asks.
function M.rename(new_name, opts, cb)
  require('loam.rename').rename(new_name, opts, cb)
end

--- Runs a task query (Obsidian Tasks language) and shows the result; without
--- `query`, runs the ```tasks block under the cursor.
---@param query string|nil
function M.tasks(query)
  require('loam.tasks').run(query)
end

--- Shows the index statistics of the helper.
function M.stats()
  require('loam.config').get()
  require('loam.client').request('stats', {}, function(err, s)
    if err then
      return require('loam.client').notify_error(err, 'stats')
    end
    local summary, errors = require('loam.health').summarize(s)
    local chunks = { { string.format('loam %s, %s: %s', s.version or '?', s.vault or '?', summary) } }
    for _, e in ipairs(errors) do
      table.insert(chunks, { '\n' .. e, 'WarningMsg' })
    end
    vim.api.nvim_echo(chunks, true, {})
  end)
end

--- Restarts the helper (it re-reads the vault).
function M.restart()
  require('loam.config').get()
  local client = require('loam.client')
  client.restart()
  M.notify('helper restarted', vim.log.levels.INFO)
end

--- Sends the unsaved text of vault note `buf` to the helper now (what
--- happens anyway `live_delay` ms after a change).
---@param buf integer
function M.sync(buf)
  H.live_cancel(buf)
  H.live_send(buf)
end

--- Whether `buf` (0: current) is a Markdown note inside the vault.
---@param buf integer|nil
---@return boolean
function M.is_vault_buffer(buf)
  local config = require('loam.config').options
  if not config then
    return false
  end
  buf = (buf == nil or buf == 0) and vim.api.nvim_get_current_buf() or buf
  if not vim.api.nvim_buf_is_valid(buf) or vim.bo[buf].buftype ~= '' then
    return false
  end
  local name = vim.api.nvim_buf_get_name(buf)
  if name == '' then
    return false
  end
  if not (name:match('%.md$') or vim.bo[buf].filetype == 'markdown') then
    return false
  end
  return H.inside(config.vault, name)
end

--- Shows `msg` prefixed with `(loam) ` unless `level` is below `log_level`.
function M.notify(msg, level)
  level = level or vim.log.levels.INFO
  local config = require('loam.config').options
  if config and level < config.log_level then
    return
  end
  vim.notify('(loam) ' .. msg, level)
end

H.augroup = vim.api.nvim_create_augroup('loam', { clear = true })

H.apply_config = function(config)
  local config_module = require('loam.config')
  local old = config_module.options
  config_module.options = config
  -- A helper started for another vault (or binary) must not answer for this one.
  if old and (old.vault ~= config.vault or old.helper ~= config.helper or old.today ~= config.today) then
    require('loam.client').stop()
  end
end

H.create_autocommands = function()
  vim.api.nvim_clear_autocmds({ group = H.augroup })
  local attach = function(args)
    H.attach(args.buf)
  end
  -- BufRead covers setups without `:filetype on`; FileType re-applies after a
  -- filetype plugin has set its own 'omnifunc'.
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = H.augroup,
    pattern = '*.md',
    callback = attach,
    desc = 'loam: attach to vault notes',
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = H.augroup,
    pattern = 'markdown',
    callback = attach,
    desc = 'loam: attach to vault notes',
  })
  vim.api.nvim_create_autocmd('BufWritePost', {
    group = H.augroup,
    callback = function(args)
      H.live_cancel(args.buf)
      if vim.b[args.buf].loam_attached and require('loam.client').is_running() then
        H.note_changed(args.buf)
      end
    end,
    desc = 'loam: tell the helper a note changed',
  })
  vim.api.nvim_create_autocmd({ 'TextChanged', 'TextChangedI', 'TextChangedP' }, {
    group = H.augroup,
    callback = function(args)
      if vim.b[args.buf].loam_attached then
        H.live_schedule(args.buf)
      end
    end,
    desc = "loam: send a note's unsaved text to the helper",
  })
  vim.api.nvim_create_autocmd({ 'BufUnload', 'BufDelete' }, {
    group = H.augroup,
    callback = function(args)
      H.live_cancel(args.buf)
      -- Its unsaved text is gone with it: the helper reads the file again.
      if H.live_sent[args.buf] and require('loam.client').is_running() then
        H.live_sent[args.buf] = nil
        H.note_changed(args.buf, vim.api.nvim_buf_get_name(args.buf))
      end
    end,
    desc = 'loam: forget the unsaved text of a closed note',
  })
end

H.attach_loaded_buffers = function()
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) then
      H.attach(buf)
    end
  end
end

-- Makes `buf` a loam note, if it is one: completion, mapping, helper.
H.attach = function(buf)
  if not M.is_vault_buffer(buf) then
    return
  end
  local config = require('loam.config').options
  if config.completion.enable and config.completion.omnifunc then
    vim.bo[buf].omnifunc = "v:lua.require'loam.complete'.omnifunc"
  end
  if vim.b[buf].loam_attached then
    return
  end
  vim.b[buf].loam_attached = true
  local key = config.mappings.follow
  if key then
    vim.keymap.set('n', key, function()
      M.follow({ fallback = key })
    end, { buffer = buf, desc = 'loam: follow the link under the cursor' })
  end
  if config.completion.enable then
    H.register_cmp()
  end
  -- Whether this attach starts the helper: asked before anything (the
  -- task view's first request) starts it.
  local client = require('loam.client')
  local started = not client.is_running()
  local ok, err = pcall(client.start)
  if not ok then
    -- Said once (client.notify_error repeats no helper error), and not
    -- from inside the autocommand, where it would read as a failure of it.
    local message = tostring(err):gsub('^%(loam%) ', '')
    vim.schedule(function()
      client.notify_error({ code = client.E_HELPER, message = message })
    end)
  elseif started and config.completion.enable then
    require('loam.complete').warm_up() -- a new helper: its index before the first `[[`
  end
  require('loam.tasks').attach(buf)
end

H.register_cmp = function()
  if H.cmp_registered then
    return
  end
  H.cmp_registered = true
  require('loam.complete').register_engines() -- nvim-cmp, blink.cmp: when installed
end

-- Live updates: `live_delay` ms after the last change of an attached
-- buffer, the helper gets its text (note_changed with `text`), so every
-- list and completion sees unsaved edits. One timer per buffer, restarted
-- by each change; saving or closing the buffer cancels it.
H.live_timers = {}
H.live_sent = {} -- buffers whose unsaved text the helper has

H.live_schedule = function(buf)
  local delay = require('loam.config').options.live_delay
  if delay == false then
    return
  end
  local timer = H.live_timers[buf]
  if not timer then
    timer = vim.uv.new_timer()
    H.live_timers[buf] = timer
  end
  timer:stop()
  timer:start(delay, 0, vim.schedule_wrap(function()
    H.live_cancel(buf)
    H.live_send(buf)
  end))
end

H.live_cancel = function(buf)
  local timer = H.live_timers[buf]
  if timer then
    H.live_timers[buf] = nil
    timer:stop()
    timer:close()
  end
end

H.live_send = function(buf)
  if not vim.api.nvim_buf_is_loaded(buf) or not vim.b[buf].loam_attached then
    return
  end
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  H.live_sent[buf] = true
  local path = vim.api.nvim_buf_get_name(buf)
  require('loam.client').request('note_changed', { path = path, text = table.concat(lines, '\n') .. '\n' }, function(err)
    if err then
      require('loam.client').notify_error(err, 'note_changed ' .. path)
    end
  end)
end

H.note_changed = function(buf, path)
  H.live_sent[buf] = nil
  path = path or vim.api.nvim_buf_get_name(buf)
  require('loam.client').request('note_changed', { path = path }, function(err)
    if err then
      require('loam.client').notify_error(err, 'note_changed ' .. path)
    end
  end)
end

-- Whether `path` is inside directory `dir` (both absolute), looking through
-- symlinks when the plain names disagree.
H.inside = function(dir, path)
  path = vim.fs.normalize(path)
  if path:sub(1, #dir + 1) == dir .. '/' then
    return true
  end
  H.real = H.real or {}
  H.real[dir] = H.real[dir] or vim.uv.fs_realpath(dir) or false
  local real_dir = H.real[dir]
  local real_path = vim.uv.fs_realpath(vim.fs.dirname(path))
  if not real_dir or not real_path then
    return false
  end
  return (real_path .. '/'):sub(1, #real_dir + 1) == real_dir .. '/'
end

return M
