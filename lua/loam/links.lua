-- links.lua: following the link under the cursor, and backlinks.
--
-- The helper does the reading: `resolve` gets the cursor's line and byte
-- column and says which link (wikilink or Markdown link) is there, which
-- note it names and the line of its heading or block. This file only opens
-- the note, leaving a jumplist entry so <C-o> comes back. `backlinks` items
-- become the quickfix list.

local M = {}
local H = {}

--- Follows the link under the cursor in the current window.
--- `opts.fallback`: keys run with `:normal!` when no link is under the cursor
--- (so a `gf` mapping still opens plain file names).
---@param opts table|nil
function M.follow(opts)
  opts = opts or {}
  local config = require('loam.config').get()
  local client = require('loam.client')
  local win = vim.api.nvim_get_current_win()
  local buf = vim.api.nvim_get_current_buf()
  local params = {
    text = vim.api.nvim_get_current_line(),
    col = vim.api.nvim_win_get_cursor(win)[2] + 1,
  }
  if require('loam').is_vault_buffer(buf) then
    params.path = vim.api.nvim_buf_get_name(buf)
  end
  client.request('resolve', params, function(err, res)
    if err then
      return client.notify_error(err, 'follow')
    end
    -- The answer is about the window the request came from.
    if not vim.api.nvim_win_is_valid(win) or vim.api.nvim_win_get_buf(win) ~= buf then
      return
    end
    vim.api.nvim_set_current_win(win)
    if not res.found then
      if opts.fallback then
        local ok, e = pcall(vim.cmd.normal, { args = { vim.keycode(opts.fallback) }, bang = true })
        if not ok then
          require('loam').notify(tostring(e):gsub('^Vim%(normal%):', ''), vim.log.levels.ERROR)
        end
      else
        require('loam').notify('no link under the cursor', vim.log.levels.INFO)
      end
      return
    end
    if not res.resolved or not res.abspath then
      return require('loam').notify(
        string.format("[[%s]] does not name a note in %s", res.target or '?', config.vault),
        vim.log.levels.WARN
      )
    end
    M.open(res.abspath, res.line)
  end)
end

--- Opens `path` in the current window at `line`, as a jump (<C-o> returns).
---@param path string absolute path
---@param line integer|nil 1-based
function M.open(path, line)
  vim.cmd("normal! m'")
  if vim.fs.normalize(vim.api.nvim_buf_get_name(0)) ~= vim.fs.normalize(path) then
    local ok, err = pcall(vim.cmd.edit, vim.fn.fnameescape(path))
    if not ok then
      return require('loam').notify(tostring(err), vim.log.levels.ERROR)
    end
  end
  local last = vim.api.nvim_buf_line_count(0)
  vim.api.nvim_win_set_cursor(0, { math.max(1, math.min(line or 1, last)), 0 })
  vim.cmd('normal! zv')
end

--- Puts the lines linking to the current note in the quickfix list and
--- opens it.
function M.backlinks()
  require('loam.config').get()
  local client = require('loam.client')
  local buf = vim.api.nvim_get_current_buf()
  local path = vim.api.nvim_buf_get_name(buf)
  if not require('loam').is_vault_buffer(buf) then
    return require('loam').notify('backlinks: the current buffer is not a note in the vault', vim.log.levels.WARN)
  end
  client.request('backlinks', { path = path }, function(err, res)
    if err then
      return client.notify_error(err, 'backlinks')
    end
    local name = vim.fn.fnamemodify(path, ':t:r')
    vim.fn.setqflist({}, ' ', { title = 'Backlinks: ' .. name, items = H.qf_items(res.items or {}) })
    if #(res.items or {}) == 0 then
      return require('loam').notify('no notes link to ' .. name, vim.log.levels.INFO)
    end
    vim.cmd('botright copen')
  end)
end

H.qf_items = function(items)
  local qf = {}
  for _, item in ipairs(items) do
    table.insert(qf, {
      filename = item.abspath,
      lnum = item.line,
      col = item.col,
      text = item.text,
      user_data = { path = item.path, title = item.title, date = item.date },
    })
  end
  return qf
end

return M
