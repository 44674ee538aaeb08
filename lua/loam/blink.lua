-- blink.lua: loam's completion as a blink.cmp source (provider `loam`).
--
-- blink.cmp loads it by module name: setup() registers the provider
-- (`{ name = 'loam', module = 'loam.blink' }`) and enables it for Markdown
-- buffers when blink.cmp is installed and has add_source_provider(), or the
-- user lists it in `sources.providers` themselves. It implements blink's
-- documented source interface (its doc/development/source-boilerplate.md):
-- new(opts, config), enabled(), get_trigger_characters(),
-- get_completions(ctx, callback) returning a cancel function, resolve(item,
-- callback) and execute(ctx, item, callback, default_implementation).
--
-- Same request and items as the omnifunc and the nvim-cmp source
-- (complete.lua). The helper matched and ranked fuzzily: every item's
-- filterText is the typed text, so blink's own fuzzy match of the keyword
-- scores them all alike and its default sort ('score', then 'sort_text')
-- keeps the helper's order; the response is incomplete both ways so blink
-- asks again as the text changes.

local source = {}

function source.new(opts, config)
  return setmetatable({ opts = opts or {}, config = config }, { __index = source })
end

function source:enabled()
  local config = require('loam.config').options
  return vim.b.loam_attached == true and config ~= nil and config.completion.enable
end

function source:get_trigger_characters()
  return require('loam.cmp_source').get_trigger_characters(self)
end

function source:get_completions(ctx, callback)
  local complete = require('loam.complete')
  local line, col = ctx.line, ctx.cursor[2]
  local c = complete.context(line:sub(1, col))
  local empty = { items = {}, is_incomplete_forward = true, is_incomplete_backward = true }
  if not c then
    callback(empty)
    return function() end
  end
  local cancelled = false
  complete.request(c, ctx.bufnr or 0, function(err, result)
    if cancelled then
      return
    end
    if err then
      require('loam.client').notify_error(err, 'complete')
      return callback(empty)
    end
    callback({
      items = complete.lsp_items(result, c, ctx.cursor[1] - 1, line:sub(col + 1)),
      is_incomplete_forward = true,
      is_incomplete_backward = true,
    })
  end)
  return function()
    cancelled = true
  end
end

function source:resolve(item, callback)
  callback(item) -- the documentation came with the item
end

function source:execute(ctx, item, callback, default_implementation)
  default_implementation() -- applies the textEdit
  local data = item.data
  require('loam.complete').accepted(type(data) == 'table' and data.loam or nil)
  callback()
end

return source
