-- picker.lua: showing a list of places (backlinks, related notes, unresolved
-- links, notes by tag) in whatever picker the user has.
--
-- Every list also fills the quickfix list, so `:cnext` and friends walk it
-- whichever picker shows it. Backends, chosen by the `picker` option:
--   'telescope'  Telescope (pickers/finders/sorters, its file previewer)
--   'fzf-lua'    fzf-lua's fzf_exec with `path:line:col:text` entries
--   'select'     vim.ui.select (or whatever the user put in its place)
--   'quickfix'   the quickfix window only
--   'auto'       Telescope when installed, else fzf-lua, else the quickfix
--                window
-- Picking an item opens its note at its line as a jump (<C-o> returns).
--
-- An item is `{ filename = abspath, lnum, col, text, display? }`: `text`
-- goes to the quickfix list, `display` (default `text`) to the picker.

local M = {}
local H = {}

--- Which backend `name` ('auto' or a backend) means here and now.
---@param name string|nil
---@return string
function M.backend(name)
  name = name or 'auto'
  if name ~= 'auto' then
    return name
  end
  if H.has('telescope.pickers') then
    return 'telescope'
  end
  if H.has('fzf-lua') then
    return 'fzf-lua'
  end
  return 'quickfix'
end

--- Fills the quickfix list with `items` under `title` and shows them with
--- the configured picker. Returns the backend used.
---@param title string
---@param items table[]
---@param opts table|nil `{ picker = 'auto'|..., open = fun(item)|nil }`
---@return string
function M.show(title, items, opts)
  opts = opts or {}
  vim.fn.setqflist({}, ' ', { title = title, items = H.qf_items(items) })
  local backend = M.backend(opts.picker)
  local open = opts.open or M.open
  if #items == 0 then
    return backend
  end
  H.backends[backend](title, items, open)
  return backend
end

--- Opens an item's note at its line in the current window, as a jump.
---@param item table
function M.open(item)
  require('loam.links').open(item.filename, item.lnum, item.col)
end

H.has = function(module)
  if package.loaded[module] then
    return true
  end
  return pcall(require, module)
end

H.qf_items = function(items)
  local qf = {}
  for _, it in ipairs(items) do
    table.insert(qf, { filename = it.filename, lnum = it.lnum or 1, col = it.col or 1, text = it.text or '', user_data = it.user_data })
  end
  return qf
end

H.display = function(it)
  return it.display or it.text or it.filename
end

H.backends = {}

H.backends.quickfix = function()
  vim.cmd('botright copen')
end

H.backends.select = function(title, items, open)
  vim.ui.select(items, { prompt = title, format_item = H.display, kind = 'loam' }, function(choice)
    if choice then
      open(choice)
    end
  end)
end

H.backends.telescope = function(title, items, open)
  local pickers = require('telescope.pickers')
  local finders = require('telescope.finders')
  local conf = require('telescope.config').values
  local actions = require('telescope.actions')
  local state = require('telescope.actions.state')
  pickers
    .new({}, {
      prompt_title = title,
      finder = finders.new_table({
        results = items,
        entry_maker = function(it)
          return {
            value = it,
            display = H.display(it),
            ordinal = H.display(it),
            filename = it.filename,
            lnum = it.lnum,
            col = it.col,
          }
        end,
      }),
      sorter = conf.generic_sorter({}),
      previewer = conf.grep_previewer({}),
      attach_mappings = function(prompt_bufnr)
        actions.select_default:replace(function()
          local entry = state.get_selected_entry()
          actions.close(prompt_bufnr)
          if entry then
            open(entry.value)
          end
        end)
        return true
      end,
    })
    :find()
end

H.backends['fzf-lua'] = function(title, items, open)
  local fzf = require('fzf-lua')
  -- `path:line:col:text` lets fzf-lua's builtin previewer show the line; the
  -- index in front finds the item again (hidden by --with-nth).
  local lines = {}
  for i, it in ipairs(items) do
    local path = vim.fn.fnamemodify(it.filename, ':~:.')
    lines[i] = string.format('%d\t%s:%d:%d:%s', i, path, it.lnum or 1, it.col or 1, H.display(it))
  end
  fzf.fzf_exec(lines, {
    prompt = title .. '> ',
    fzf_opts = { ['--delimiter'] = '\t', ['--with-nth'] = '2..' },
    actions = {
      ['default'] = function(selected)
        local i = selected and selected[1] and tonumber(selected[1]:match('^(%d+)\t'))
        if i and items[i] then
          open(items[i])
        end
      end,
    },
  })
end

return M
