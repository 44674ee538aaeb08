-- picker.lua: showing a list of places (backlinks, related notes, unresolved
-- links, notes by tag) or of choices (tags) in whatever picker the user has.
--
-- Every list of places also fills the quickfix list, so `:cnext` and
-- friends walk it whichever picker shows it. Backends, chosen by the
-- `picker` option:
--   'telescope'  Telescope (pickers/finders/sorters, its grep previewer)
--   'fzf-lua'    fzf-lua's fzf_exec with `path:line:col:text` entries and
--                its builtin previewer
--   'mini.pick'  mini.nvim's MiniPick.start (its default preview)
--   'snacks'     snacks.nvim's Snacks.picker.pick (its file preview)
--   'select'     vim.ui.select (or whatever the user put in its place)
--   'quickfix'   the quickfix window only (choices: vim.ui.select)
--   'auto'       the first of Telescope, fzf-lua, mini.pick (set up),
--                snacks.nvim that is installed, else the quickfix window
-- A backend named but not installed is said once (a warning) and 'auto'
-- is used instead, as obsidian.nvim does. Picking an item opens its note at
-- its line as a jump (<C-o> returns), after the picker has closed and
-- Insert mode has ended (vim.schedule), so the cursor lands on the column.
--
-- An item is `{ filename = abspath, lnum, col, text, display? }`: `text`
-- goes to the quickfix list, `display` (default `text`) to the picker.
-- Checked against Telescope v0.2.2 and 7d32479, fzf-lua 9ad7340, mini.nvim
-- b5bae7d and snacks.nvim ad9ede6.

local M = {}
local H = {}

M.backends = { 'telescope', 'fzf-lua', 'mini.pick', 'snacks', 'select', 'quickfix' }

--- Which backend `name` ('auto' or a backend) means here and now: the named
--- one when installed (else a warning, once, and 'auto').
---@param name string|nil
---@return string
function M.backend(name)
  name = name or 'auto'
  if name ~= 'auto' then
    if H.available[name]() then
      return name
    end
    if not H.warned[name] then
      H.warned[name] = true
      require('loam').notify(
        string.format("picker = '%s' but %s is not installed: using %s", name, name, M.backend('auto')),
        vim.log.levels.WARN
      )
    end
  end
  for _, b in ipairs({ 'telescope', 'fzf-lua', 'mini.pick', 'snacks' }) do
    if H.available[b](true) then
      return b
    end
  end
  return 'quickfix'
end

--- Whether backend `name` is installed (`auto`: and is the user's, for
--- mini.pick that it is set up).
---@param name string
---@param auto boolean|nil
---@return boolean
function M.available(name, auto)
  local check = H.available[name]
  return check ~= nil and check(auto) == true
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
  local entries = {}
  for i, it in ipairs(items) do
    entries[i] = { display = H.display(it), filename = it.filename, lnum = it.lnum or 1, col = it.col or 1, value = it }
  end
  if backend == 'quickfix' then
    vim.cmd('botright copen')
  else
    H.pickers[backend](title, entries, H.later(open))
  end
  return backend
end

--- Lets the user pick one of `choices` (no files: no preview) with the
--- configured picker; `on_choice(choice)` runs with the one picked.
---@param title string
---@param choices any[]
---@param format fun(choice: any): string
---@param on_choice fun(choice: any)
---@param opts table|nil `{ picker = 'auto'|... }`
---@return string the backend used
function M.choose(title, choices, format, on_choice, opts)
  local backend = M.backend(opts and opts.picker)
  if backend == 'quickfix' then
    backend = 'select'
  end
  local entries = {}
  for i, c in ipairs(choices) do
    entries[i] = { display = format(c), value = c }
  end
  H.pickers[backend](title, entries, H.later(on_choice))
  return backend
end

--- Opens an item's note at its line in the current window, as a jump.
---@param item table
function M.open(item)
  require('loam.links').open(item.filename, item.lnum, item.col)
end

H.warned = {}

H.has = function(module)
  if package.loaded[module] then
    return true
  end
  return (pcall(require, module))
end

-- Whether a backend can run; `auto` asks whether it is the user's picker
-- (mini.pick counts once it is set up).
H.available = {
  telescope = function()
    return H.has('telescope.pickers')
  end,
  ['fzf-lua'] = function()
    return H.has('fzf-lua')
  end,
  ['mini.pick'] = function(auto)
    return H.has('mini.pick') and (not auto or _G.MiniPick ~= nil)
  end,
  snacks = function()
    return H.has('snacks') and type(require('snacks').picker) == 'table'
  end,
  select = function()
    return true
  end,
  quickfix = function()
    return true
  end,
}

-- `fn(value)` run after the picker is gone and Insert mode (Telescope's
-- prompt) has ended: a jump made before would move one column left.
H.later = function(fn)
  return function(value)
    vim.schedule(function()
      fn(value)
    end)
  end
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

-- Each picker: (title, entries = { display, filename?, lnum?, col?, value },
-- pick(value)). Entries with a filename are previewed.
H.pickers = {}

H.pickers.select = function(title, entries, pick)
  vim.ui.select(entries, {
    prompt = title,
    kind = 'loam',
    format_item = function(e)
      return e.display
    end,
  }, function(choice)
    if choice then
      pick(choice.value)
    end
  end)
end

H.pickers.telescope = function(title, entries, pick)
  local conf = require('telescope.config').values
  local actions = require('telescope.actions')
  local state = require('telescope.actions.state')
  local files = entries[1] and entries[1].filename ~= nil
  require('telescope.pickers')
    .new({}, {
      prompt_title = title,
      finder = require('telescope.finders').new_table({
        results = entries,
        entry_maker = function(e)
          return { value = e, display = e.display, ordinal = e.display, filename = e.filename, lnum = e.lnum, col = e.col }
        end,
      }),
      sorter = conf.generic_sorter({}),
      previewer = files and conf.grep_previewer({}) or nil,
      attach_mappings = function(prompt_bufnr)
        actions.select_default:replace(function()
          local entry = state.get_selected_entry()
          actions.close(prompt_bufnr)
          if entry then
            pick(entry.value.value)
          end
        end)
        return true
      end,
    })
    :find()
end

-- fzf-lua parses `path:line:col:text` for its builtin previewer; the paths
-- are relative to the vault (its cwd). A line finds its entry again.
H.pickers['fzf-lua'] = function(title, entries, pick)
  local root = require('loam.config').get().vault
  local lines, by_line = {}, {}
  for i, e in ipairs(entries) do
    local line = e.display
    if e.filename then
      local rel = e.filename:sub(1, #root + 1) == root .. '/' and e.filename:sub(#root + 2) or e.filename
      line = string.format('%s:%d:%d:%s', rel, e.lnum, e.col, e.display)
    end
    lines[i] = line
    by_line[line] = by_line[line] or e
  end
  local files = entries[1] and entries[1].filename ~= nil
  require('fzf-lua').fzf_exec(lines, {
    prompt = title .. '> ',
    cwd = root,
    previewer = files and 'builtin' or nil,
    file_icons = false,
    git_icons = false,
    actions = {
      ['default'] = function(selected)
        local e = selected and by_line[selected[1]]
        if e then
          pick(e.value)
        end
      end,
    },
  })
end

H.pickers['mini.pick'] = function(title, entries, pick)
  if not _G.MiniPick then
    require('mini.pick').setup()
  end
  local items = {}
  for i, e in ipairs(entries) do
    items[i] = { text = e.display, path = e.filename, lnum = e.filename and e.lnum, col = e.filename and e.col, value = e.value }
  end
  _G.MiniPick.start({
    source = {
      name = title,
      items = items,
      choose = function(item)
        pick(item.value) -- runs once the picker has stopped (H.later)
      end,
    },
  })
end

H.pickers.snacks = function(title, entries, pick)
  local items = {}
  for i, e in ipairs(entries) do
    items[i] = { text = e.display, file = e.filename, pos = e.filename and { e.lnum, e.col - 1 }, value = e.value }
  end
  require('snacks').picker.pick({
    title = title,
    items = items,
    format = 'text',
    preview = entries[1] and entries[1].filename and 'file' or 'none',
    confirm = function(picker, item)
      picker:close()
      if item then
        pick(item.value)
      end
    end,
  })
end

return M
