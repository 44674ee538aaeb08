-- cmp_source.lua: loam's completion as an nvim-cmp source named `loam`.
--
-- Registered by setup() (complete.register_engines) only when
-- `require('cmp')` succeeds; add `{ name = 'loam' }` to cmp's sources to use
-- it. It implements nvim-cmp's documented source interface (`:help
-- cmp-develop`): is_available, get_debug_name, get_position_encoding_kind
-- ('utf-8': columns are bytes), get_keyword_pattern, get_trigger_characters,
-- complete, resolve and execute. Same request and items as the omnifunc
-- (complete.lua), asked asynchronously; each item has a textEdit that
-- replaces what was typed since `[[`, `#` or `](`. The helper matched and
-- ranked fuzzily, so every item's filterText is the typed text itself and
-- its sortText its rank: cmp keeps the helper's order, and asks again as the
-- text grows (isIncomplete). Documentation (the note's preview) comes with
-- the item; executing a "create" item creates its note.

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

function source:complete(params, callback)
  local complete = require('loam.complete')
  local ctx = params.context
  local c = complete.context(ctx.cursor_before_line)
  if not c then
    return callback({ items = {}, isIncomplete = false })
  end
  local row = ctx.cursor.row - 1
  local after = ctx.cursor_after_line or ''
  complete.request(c, ctx.bufnr or 0, function(err, result)
    if err then
      require('loam.client').notify_error(err, 'complete')
      return callback({ items = {}, isIncomplete = true })
    end
    callback({ items = complete.lsp_items(result, c, row, after), isIncomplete = true })
  end)
end

function source:resolve(completion_item, callback)
  callback(completion_item) -- the documentation came with the item
end

function source:execute(completion_item, callback)
  local data = completion_item.data
  require('loam.complete').accepted(type(data) == 'table' and data.loam or nil)
  callback(completion_item)
end

return source
