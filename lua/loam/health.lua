-- health.lua: `:checkhealth loam`.
--
-- Reports what a bug report needs: the Neovim version, whether setup() ran,
-- the vault, which helper binary is used and its version, what the helper
-- has indexed (and the notes it could not parse), the log file, and the
-- optional nvim-cmp integration.

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
    health.error('helper not found', { how })
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
      health.ok(string.format('helper running (pid %s)', info.pid or '?'))
      local summary, errors = M.summarize(s)
      health.ok('index: ' .. summary)
      if #errors == 0 then
        health.ok('no parse errors')
      end
      for _, e in ipairs(errors) do
        health.warn(e)
      end
    end
  end

  if pcall(require, 'cmp') then
    health.ok("nvim-cmp found: add { name = 'loam' } to its sources")
  else
    health.info('nvim-cmp not found (optional): <C-x><C-o> completes [[ links')
  end
end

return M
