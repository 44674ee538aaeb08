-- health.lua: `:checkhealth loam`.
--
-- Reports what a bug report needs: the Neovim version, whether setup() ran,
-- the vault, which helper binary is used (path, how it was found, version,
-- the command it runs as), what the helper has indexed (and the notes it
-- could not parse), where its index lives, the log file, the completion
-- engines (nvim-cmp, blink.cmp: installed, and whether loam is among their
-- sources) and the pickers (which are installed, which one lists use).

local M = {}

--- A `stats` result in words: the index counts, and one line per parse error.
---@return string summary, string[] errors
function M.summarize(s)
  local summary = string.format(
    '%d notes, %d links (%d resolved, %d unresolved), %d tasks, %d tags, %d headings, indexed in %.3f s',
    s.notes or 0,
    s.links or 0,
    s.resolved or 0,
    s.unresolved or 0,
    s.tasks or 0,
    s.tags or 0,
    s.headings or 0,
    s.seconds or 0
  )
  local errors = {}
  for _, e in ipairs(s.parse_errors or {}) do
    table.insert(errors, string.format('%s:%d:%d: %s', e.path or '?', e.line or 1, e.col or 1, e.message or ''))
  end
  return summary, errors
end

function M.check()
  local health = vim.health
  health.start('loam')

  local v = vim.version()
  local version = string.format('%d.%d.%d', v.major, v.minor, v.patch)
  if vim.fn.has('nvim-0.10') == 1 then
    health.ok('Neovim ' .. version)
  else
    health.error('Neovim ' .. version .. ' is too old', { 'loam needs Neovim 0.10 or newer' })
  end

  local config = require('loam.config').options
  local client = require('loam.client')
  if config then
    health.ok('setup() called; vault: ' .. config.vault)
  else
    health.warn('setup() has not been called', { "require('loam').setup({ vault = '~/notes' })" })
  end

  local exe, how = client.find_helper(config and config.helper)
  if not exe then
    health.error('helper not found: ' .. how, { client.build_command() })
  else
    health.ok(string.format('helper: %s (%s)', exe, how))
    local ok, res = pcall(function()
      return vim.system({ exe, '--version' }, { text = true }):wait(3000)
    end)
    local out = ok and res.code == 0 and vim.trim(res.stdout or '') or ''
    if out ~= '' then
      health.ok('helper version: ' .. vim.split(out, '\n')[1])
    else
      health.warn(string.format('`%s --version` failed%s', exe, ok and (': ' .. vim.trim(res.stderr or '')) or ''))
    end
  end

  local log = client.log_path()
  health.info('log: ' .. log .. (vim.uv.fs_stat(log) and '' or ' (not written yet)'))

  if config and exe then
    local s, err = client.request_sync('stats', {})
    if err then
      health.error('the helper does not answer: ' .. (err.message or err.code), { 'see the log: ' .. log })
    else
      local info = client.info()
      health.ok(string.format('helper running (pid %s): %s', info.pid or '?', table.concat(info.cmd or {}, ' ')))
      health.ok(string.format('helper %s serves vault %s', s.version or '?', s.vault or '?'))
      local summary, errors = M.summarize(s)
      health.ok('index: ' .. summary)
      health.info(s.store and ('store: ' .. s.store) or 'store: none, the index is in memory (read again at each start)')
      if #errors == 0 then
        health.ok('no parse errors')
      end
      for _, e in ipairs(errors) do
        health.warn(e)
      end
    end
  end

  if config and config.completion.enable then
    M.check_engines()
  end
  if config then
    M.check_pickers(config.picker)
  end
end

-- Whether `list` (a list of names or of { name = ... }) has 'loam'.
local function lists_loam(list)
  for _, x in ipairs(type(list) == 'table' and list or {}) do
    if x == 'loam' or (type(x) == 'table' and x.name == 'loam') then
      return true
    end
  end
  return false
end

--- nvim-cmp and blink.cmp: installed, and whether loam is a source.
function M.check_engines()
  local health = vim.health
  local ok_cmp, cmp = pcall(require, 'cmp')
  if ok_cmp and type(cmp.get_config) == 'function' then
    local ok_ft, cfg = pcall(require, 'cmp.config')
    local md = ok_ft and type(cfg.filetypes) == 'table' and cfg.filetypes.markdown or {}
    if lists_loam(cmp.get_config().sources) or lists_loam(md.sources) then
      health.ok("nvim-cmp: source 'loam' is configured")
    else
      health.warn("nvim-cmp is installed but 'loam' is not among its sources", {
        "require('cmp').setup({ sources = { { name = 'loam' }, ... } })",
      })
    end
  else
    health.info('nvim-cmp not found (optional): <C-x><C-o> completes [[ links')
  end
  local ok_blink, blink_config = pcall(require, 'blink.cmp.config')
  if ok_blink and type(blink_config) == 'table' and type(blink_config.sources) == 'table' then
    local sources = blink_config.sources
    local provider = type(sources.providers) == 'table' and sources.providers.loam
    local per_ft = type(sources.per_filetype) == 'table' and sources.per_filetype.markdown
    local default = type(sources.default) == 'table' and sources.default or {}
    if provider and (lists_loam(per_ft) or lists_loam(default)) then
      health.ok(string.format("blink.cmp: provider 'loam' (module %s) is enabled", provider.module or '?'))
    elseif provider then
      health.warn("blink.cmp: provider 'loam' exists but no source list enables it", {
        "sources = { default = { ..., 'loam' } } or per_filetype = { markdown = { 'loam' } }",
      })
    else
      health.warn("blink.cmp is installed but has no provider 'loam' (setup() adds it once a vault note opens)", {
        "sources.providers.loam = { name = 'loam', module = 'loam.blink' }",
      })
    end
  else
    health.info('blink.cmp not found (optional)')
  end
end

--- Each picker: installed or not; which one the lists use.
function M.check_pickers(name)
  local health = vim.health
  local picker = require('loam.picker')
  local found = {}
  for _, b in ipairs({ 'telescope', 'fzf-lua', 'mini.pick', 'snacks' }) do
    local ok = picker.available(b)
    local set_up = picker.available(b, true)
    table.insert(found, b .. (not ok and ' (not installed)' or set_up and ' (installed)' or ' (installed, not set up)'))
  end
  health.info('pickers: ' .. table.concat(found, ', '))
  if name ~= 'auto' and not picker.available(name) then
    health.warn(string.format("picker = '%s' is not installed: lists use %s", name, picker.backend('auto')))
  else
    health.ok(string.format("picker = '%s': lists show in %s", name, name == 'auto' and picker.backend('auto') or name))
  end
  if picker.available('fzf-lua') and vim.fn.executable('fzf') == 0 then
    health.warn('fzf-lua is installed but the fzf program is not on $PATH')
  end
end

return M
