-- complete.lua: `[[` completion through 'omnifunc' (<C-x><C-o>).
--
-- The text typed after the last unclosed `[[` before the cursor is the
-- prefix the helper's `complete` method matches against titles, file stems
-- and aliases (or headings after `#`, block ids after `^`). An item inserts
-- what goes between the brackets (`Mara Okafor`, `Teodor Lind|Teo` when
-- picked through an alias) and the closing `]]`, unless `]]` already follows
-- the cursor. Works anywhere in a line. cmp_source.lua reuses find_start()
-- and the item building for nvim-cmp.

local M = {}
local H = {}

--- Where the link being typed starts: the 0-based byte column just after the
--- last `[[` in `before` (the line up to the cursor) that is not closed yet,
--- or nil when the cursor is not inside a `[[`.
---@param before string
---@return integer|nil
function M.find_start(before)
  local open
  local from = 1
  while true do
    local s = before:find('[[', from, true)
    if not s then
      break
    end
    open, from = s, s + 1
  end
  if not open or before:find(']]', open + 2, true) then
    return nil
  end
  return open + 1
end

--- The text to insert for a helper item: its `insert` and, unless the text
--- after the cursor already starts with `]]`, the closing brackets.
---@param item table an item of the `complete` result
---@param after string the line after the cursor
---@return string
function M.insert_text(item, after)
  return item.insert .. (after:sub(1, 2) == ']]' and '' or ']]')
end

--- Asks the helper for the items matching `prefix` in note `path`, waiting
--- up to the `timeout` option. Returns the `complete` result or nil.
function M.request(prefix, path)
  local config = require('loam.config').get()
  local client = require('loam.client')
  local result, err = client.request_sync('complete', {
    prefix = prefix,
    path = path ~= '' and path or nil,
    limit = config.completion.limit,
  })
  if err then
    client.notify_error(err, 'complete')
    return nil
  end
  return result
end

--- 'omnifunc' for vault notes (`:help complete-functions`).
function M.omnifunc(findstart, base)
  if findstart == 1 then
    local line = vim.api.nvim_get_current_line()
    local col = vim.api.nvim_win_get_cursor(0)[2]
    local start = M.find_start(line:sub(1, col))
    -- What follows the cursor decides whether items close the link; Vim
    -- does not pass it to the second call.
    H.after = line:sub(col + 1)
    return start or -3
  end

  local result = M.request(base, vim.api.nvim_buf_get_name(0))
  local words = {}
  for _, item in ipairs(result and result.items or {}) do
    table.insert(words, {
      word = M.insert_text(item, H.after or ''),
      abbr = item.label,
      kind = item.kind,
      menu = item.detail,
      icase = 1,
      dup = 1,
      user_data = { loam = { path = item.path, kind = item.kind } },
    })
  end
  -- The helper matches fuzzily, so Vim must ask again as the prefix grows
  -- instead of narrowing this list by its own prefix rule.
  return { words = words, refresh = 'always' }
end

return M
