-- edit.lua: the one way loam changes a note from Neovim.
--
-- What to change is always computed by the helper (a task toggle, a rename)
-- as line edits against the text it saw:
--   { line = N, expect = 'the line as seen', lines = { 'new', ... }, insert = false }
-- `insert = true` puts `lines` before line N (N = line count + 1 appends) and
-- replaces nothing; `lines = {}` deletes line N.
--
-- When the note is loaded in a buffer the edits go through the buffer, so
-- undo works and the buffer is never out of date: every `expect` is checked
-- first (a mismatch refuses the whole change), the edits are applied as one
-- undo step, and a buffer that had no unsaved changes is written, so disk
-- and buffer stay the same. A buffer whose file changed on disk since it was
-- read is refused rather than overwritten. Notes not loaded are edited by
-- the helper (`edit_lines`), which writes atomically and refuses the same way.

local M = {}
local H = {}

--- Applies `edits` to the note at `abspath`; `cb(err, info)` runs once, with
--- err nil on success (`info.buffer` is the buffer used, if any) or a map
--- `{code, message}` (LOAM_E_CHANGED when the note no longer matches).
---@param abspath string
---@param edits table[]
---@param cb fun(err: table|nil, info: table|nil)|nil
function M.apply(abspath, edits, cb)
  cb = cb or function(err)
    if err then
      require('loam.client').notify_error(err, 'edit')
    end
  end
  local buf = M.find_buffer(abspath)
  if buf then
    local err = H.apply_to_buffer(buf, abspath, edits)
    return cb(err, not err and { buffer = buf } or nil)
  end
  require('loam.client').request('edit_lines', { path = abspath, edits = edits }, function(err)
    cb(err, not err and {} or nil)
  end)
end

--- The loaded buffer showing `abspath` (symlinks resolved), or nil.
---@param abspath string
---@return integer|nil
function M.find_buffer(abspath)
  local want = H.real(abspath)
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(b) and vim.bo[b].buftype == '' then
      local name = vim.api.nvim_buf_get_name(b)
      if name ~= '' and H.real(name) == want then
        return b
      end
    end
  end
  return nil
end

H.real = function(path)
  path = vim.fs.normalize(vim.fn.fnamemodify(path, ':p'))
  return vim.uv.fs_realpath(path) or path
end

H.changed = function(abspath, message)
  return { code = 'LOAM_E_CHANGED', message = vim.fn.fnamemodify(abspath, ':~:.') .. ': ' .. message }
end

-- Checks every edit against the buffer's lines; returns an error or nil.
H.check = function(buf, abspath, edits)
  local count = vim.api.nvim_buf_line_count(buf)
  for _, e in ipairs(edits) do
    local max = e.insert and count + 1 or count
    if type(e.line) ~= 'number' or e.line < 1 or e.line > max then
      return H.changed(abspath, string.format('it has no line %s; nothing was changed', tostring(e.line)))
    end
    if e.expect ~= nil or not e.insert then
      local now = e.line <= count and vim.api.nvim_buf_get_lines(buf, e.line - 1, e.line, true)[1] or nil
      if now ~= e.expect then
        return H.changed(abspath, string.format('line %d no longer reads as expected; nothing was changed', e.line))
      end
    end
  end
  return nil
end

-- An unmodified buffer must still show what is on disk, or writing it
-- would overwrite another program's change.
H.stale = function(buf, abspath)
  if vim.bo[buf].modified then
    return false
  end
  local ok, disk = pcall(vim.fn.readfile, abspath, 'b')
  if not ok then
    return false
  end
  if #disk > 0 and disk[#disk] == '' then
    disk[#disk] = nil -- the final newline
  end
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  if vim.bo[buf].fileformat == 'dos' then
    for i, l in ipairs(disk) do
      disk[i] = l:gsub('\r$', '')
    end
  end
  if vim.bo[buf].bomb and disk[1] then
    disk[1] = disk[1]:gsub('^\239\187\191', '')
  end
  return not vim.deep_equal(disk, lines)
end

H.apply_to_buffer = function(buf, abspath, edits)
  local err = H.check(buf, abspath, edits)
  if err then
    return err
  end
  if H.stale(buf, abspath) then
    return H.changed(abspath, 'the file changed on disk since it was loaded; reload it (:e) first')
  end
  local was_modified = vim.bo[buf].modified
  -- Bottom-up, so earlier edits do not move the lines of later ones; an
  -- insertion at a line goes above the replacement of that line.
  local sorted = vim.deepcopy(edits)
  table.sort(sorted, function(a, b)
    if a.line ~= b.line then
      return a.line > b.line
    end
    return not a.insert and b.insert
  end)
  for _, e in ipairs(sorted) do
    local first = e.line - 1
    vim.api.nvim_buf_set_lines(buf, first, e.insert and first or first + 1, true, e.lines or {})
  end
  if not was_modified then
    local ok, werr = pcall(vim.api.nvim_buf_call, buf, function()
      vim.cmd('silent write') -- BufWritePost re-indexes it
    end)
    if not ok then
      return { code = 'LOAM_E_IO', message = 'the buffer was changed but not written: ' .. tostring(werr) }
    end
  else
    -- Not saved: the index follows the buffer's text until the user saves.
    local text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, true), '\n') .. '\n'
    require('loam.client').request('note_changed', { path = abspath, text = text }, function() end)
  end
  return nil
end

return M
