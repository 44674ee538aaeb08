-- cmp_source.lua: loam's completion as an nvim-cmp source named `loam`.
--
-- Registered by setup() (complete.register_engines) only when
-- `require('cmp')` succeeds; add `{ name = 'loam' }` to cmp's sources to use
-- it. It implements nvim-cmp's documented source interface (`:help
-- cmp-develop`): is_available, get_debug_name, get_position_encoding_kind
-- ('utf-8': columns are bytes), get_keyword_pattern, get_trigger_characters,
-- complete, resolve and execute. Same request and items as the omnifunc
-- (complete.lua), asked asynchronously; each item has a textEdit that
-- replaces what was typed since `[[`, `#` or `](`.
--
-- Order. The helper matched and ranked fuzzily; cmp sorts again with its
-- comparators (default: offset, exact, score, recently_used, locality,
-- kind, sortText, length, order). The items are built so that for the text
-- they answer every comparator before sortText ties (complete.lsp_items:
-- one kind for a note, its aliases and Create; filterText = the prefix and
-- the label), so sortText, the helper's rank, decides; typed on before the
-- next answer, cmp re-filters the same items and the menu stays open.
-- isIncomplete makes cmp ask again as the text changes, but not while a
-- request is out: an answer that arrives after more was typed is asked
-- again at once for the text there now. cmp's recently_used (an item
-- accepted before comes first) and locality (a one-word link text that is
-- also a word near the cursor) may still move an item; `:help
-- loam-completion-cmp` shows a markdown-only sorting that keeps loam's
-- order exactly.
--
-- Create. cmp's <CR> mapping `confirm({ select = true })` confirms the
-- first item when none is selected, and cmp highlights the first item on
-- its own: neither is choosing "Create". The note is created only when the
-- user selected the item (cmp's active entry, `cmp.get_active_entry()`)
-- when confirming it. cmp resolves the entry at confirm time, before its
-- menu closes, so resolve() notes it then; for a Create item that is not
-- active, resolve() answers nil (cmp keeps it unresolved and asks again on
-- the next selection or confirm, waiting its confirm_resolve_timeout).
-- Checked against nvim-cmp a1d5048 (lua/cmp/core.lua confirm, entry.lua).

local source = {}

function source.new()
  return setmetatable({}, { __index = source })
end

function source:get_debug_name()
  return 'loam'
end

function source:is_available()
  -- Set when loam attached to this buffer (a vault note); cmp asks often.
  local config = require('loam.config').options
  return vim.b.loam_attached == true and config ~= nil and config.completion.enable
end

function source:get_position_encoding_kind()
  return 'utf-8'
end

function source:get_trigger_characters()
  local config = require('loam.config').options
  local chars = { '[', '#', '^' }
  if config and config.completion.markdown_links then
    table.insert(chars, '(')
  end
  return chars
end

-- Where cmp's keyword starts: after `[[`, after a `#` that starts a word, or
-- after `](`, as complete.context() finds it.
function source:get_keyword_pattern()
  return [=[\%(\[\[\zs[^\]]*\|\%(^\|\s\)#\zs[^[:space:]#]*\|\](\zs[^)]*\)]=]
end

-- What is typed now at the context `c` was asked for (same buffer, line
-- and start), when it differs from c's prefix; else nil.
local function typed_since(c, bufnr, row)
  local insert = vim.api.nvim_get_mode().mode:sub(1, 1) == 'i'
  if not insert or vim.api.nvim_get_current_buf() ~= bufnr or vim.api.nvim_win_get_cursor(0)[1] ~= row + 1 then
    return nil
  end
  local col = vim.api.nvim_win_get_cursor(0)[2]
  local now = require('loam.complete').context(vim.api.nvim_get_current_line():sub(1, col))
  if now and now.kind == c.kind and now.start == c.start and now.prefix ~= c.prefix then
    return now
  end
end

function source:complete(params, callback)
  local complete = require('loam.complete')
  local ctx = params.context
  local c = complete.context(ctx.cursor_before_line)
  if not c then
    return callback({ items = {}, isIncomplete = false })
  end
  local row = ctx.cursor.row - 1
  local after = ctx.cursor_after_line or ''
  local bufnr = ctx.bufnr or vim.api.nvim_get_current_buf()
  local function ask(want, tries)
    complete.request(want, bufnr, function(err, result)
      if err then
        require('loam.client').notify_error(err, 'complete')
        return callback({ items = {}, isIncomplete = true })
      end
      local now = tries < 20 and typed_since(want, bufnr, row)
      if now then
        return ask(now, tries + 1) -- cmp will not ask while this is out
      end
      -- The edit replaces what was there when cmp asked (cmp puts that
      -- line back before applying it); the filter text is what is typed.
      callback({ items = complete.lsp_items(result, c, row, after, want.prefix), isIncomplete = true })
    end)
  end
  ask(c, 0)
end

function source:resolve(completion_item, callback)
  local data = type(completion_item.data) == 'table' and completion_item.data.loam
  if not (data and data.create) then
    return callback(completion_item) -- the documentation came with the item
  end
  local ok, cmp = pcall(require, 'cmp')
  local active = ok and type(cmp.get_active_entry) == 'function' and cmp.get_active_entry()
  data.chosen = active ~= nil and active ~= false and active.completion_item == completion_item
  callback(data.chosen and completion_item or nil)
end

function source:execute(completion_item, callback)
  local data = type(completion_item.data) == 'table' and completion_item.data.loam or nil
  require('loam.complete').accepted(data, data and data.chosen)
  callback(completion_item)
end

return source
