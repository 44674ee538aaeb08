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
-- (complete.lua). The helper matched and ranked fuzzily; blink filters
-- again by its keyword (the run of keyword characters before the cursor,
-- `iskeyword` '@,48-57,_,-,192-255': `Ok` in `[[Mara Ok`) and sorts by its
-- score, then sortText (default sorts). Every filterText starts with the
-- prefix that was asked, so the keyword scores alike on all of them and the
-- helper's order decides; typed on, blink re-filters the same items
-- (against the label after the prefix) while it asks again, so the menu
-- stays open. The response is incomplete both ways so blink asks again as
-- the text changes. blink's Rust matcher adds frecency and proximity
-- bonuses that may move an item (`:help loam-completion-blink`).
--
-- Create: the note is created only when the user selected the item
-- (blink's list.is_explicitly_selected), not when blink preselected it.
-- Checked against blink.cmp 73ea297 (fuzzy/lua/match.lua, keyword.lua,
-- completion/list.lua).

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

-- Whether blink's selection is the user's (not preselected): true when
-- this blink does not say.
local function explicitly_selected()
  local ok, list = pcall(require, 'blink.cmp.completion.list')
  return not ok or type(list) ~= 'table' or list.is_explicitly_selected ~= false
end

function source:execute(ctx, item, callback, default_implementation)
  local chosen = explicitly_selected()
  default_implementation() -- applies the textEdit
  local data = item.data
  require('loam.complete').accepted(type(data) == 'table' and data.loam or nil, chosen)
  callback()
end

return source
