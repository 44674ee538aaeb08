-- cmp_source.lua: `[[` completion as an nvim-cmp source named `loam`.
--
-- Registered by setup() only when `require('cmp')` succeeds; add
-- `{ name = 'loam' }` to cmp's sources to use it. Same items as the
-- omnifunc (complete.lua), asked asynchronously, each with a textEdit that
-- replaces everything typed after `[[` (columns in bytes, declared with
-- get_position_encoding_kind). The helper ranks and matches fuzzily, so
-- every item's filterText is the typed prefix and its sortText its rank:
-- cmp keeps the helper's order and asks again as the prefix grows.

local source = {}

-- LSP CompletionItemKind values (File, Reference), without requiring cmp.
local kinds = { note = 17, alias = 17, heading = 18, block = 18 }

function source.new()
  return setmetatable({}, { __index = source })
end

function source:get_debug_name()
  return 'loam'
end

function source:is_available()
  -- Set when loam attached to this buffer (a vault note); cmp asks often.
  return vim.b.loam_attached == true
end

function source:get_position_encoding_kind()
  return 'utf-8'
end

function source:get_trigger_characters()
  return { '[' }
end

function source:get_keyword_pattern()
  return [=[\[\[\zs[^\]]*]=]
end

function source:complete(params, callback)
  local complete = require('loam.complete')
  local ctx = params.context
  local before = ctx.cursor_before_line
  local start = complete.find_start(before)
  if not start then
    return callback({ items = {}, isIncomplete = false })
  end
  local prefix = before:sub(start + 1)
  local row = ctx.cursor.row - 1
  local after = ctx.cursor_after_line or ''
  local config = require('loam.config').get()
  local client = require('loam.client')
  client.request('complete', {
    prefix = prefix,
    path = vim.api.nvim_buf_get_name(ctx.bufnr or 0),
    limit = config.completion.limit,
  }, function(err, result)
    if err then
      client.notify_error(err, 'complete')
      return callback({ items = {}, isIncomplete = true })
    end
    local items = {}
    for i, item in ipairs(result.items or {}) do
      table.insert(items, {
        label = item.label,
        filterText = prefix,
        sortText = string.format('%05d', i),
        kind = kinds[item.kind] or 1,
        detail = item.detail,
        textEdit = {
          newText = complete.insert_text(item, after),
          range = {
            start = { line = row, character = start },
            ['end'] = { line = row, character = #before },
          },
        },
      })
    end
    callback({ items = items, isIncomplete = true })
  end)
end

return source
