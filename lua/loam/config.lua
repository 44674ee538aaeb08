-- config.lua: loam's options, their defaults (documented in place) and their
-- validation.
--
-- `M.resolve(opts)` turns what the user passed to setup() into a complete,
-- checked configuration, or raises an error that starts with `(loam) ` and
-- names the option by its dotted path (`completion.enable`), so a typo in a
-- config file points at itself. Nothing here touches the helper.

local M = {}
local H = {}

--stylua: ignore start
M.defaults = {
  -- Root directory of the vault (required). `~` and $VARS are expanded.
  vault = nil,

  -- The `loam` helper executable. nil: `<plugin root>/build/bin/loam` when it
  -- has been built, else `loam` on $PATH.
  helper = nil,

  -- Today's date for task queries as 'YYYY-MM-DD' (passed to the helper as
  -- `--today`; useful for tests and demos). nil: the real date.
  today = nil,

  -- Milliseconds to wait for an answer from the helper before giving up.
  timeout = 3000,

  completion = {
    -- Offer completion at all (omnifunc, nvim-cmp and blink.cmp sources).
    enable = true,
    -- Set 'omnifunc' in vault notes, so <C-x><C-o> after `[[` completes.
    omnifunc = true,
    -- Most items asked of the helper per completion.
    limit = 50,
    -- Milliseconds <C-x><C-o> waits for the helper before the menu comes
    -- asynchronously (0: always asynchronously).
    wait = 50,
    -- Complete tags after a `#` that starts a word.
    tags = true,
    -- Complete the path of Markdown links after `](`.
    markdown_links = false,
    -- Offer to create a note (last item) when no note has the typed name;
    -- it goes to `create.folder`, from `create.template`.
    create = true,
  },

  tasks = {
    -- Where `:Loam tasks` shows its results: 'split', 'tab' or 'current'.
    open = 'split',
    -- Show the results of each ```tasks block under it in the note
    -- (virtual lines, refreshed when notes change).
    inline = true,
    -- Key that toggles the task under the cursor in a task view. false: none.
    toggle_key = 'x',
    -- Where a recurring task's next occurrence goes: 'above' or 'below'.
    recurrence_position = 'above',
    -- The plugin's dates on status changes: done (✅) and cancelled (❌)
    -- dates, a created date (➕) on new occurrences, and dropping the
    -- scheduled date of a new occurrence that has a start or due date.
    set_done_date = true,
    set_cancelled_date = true,
    set_created_date = false,
    remove_scheduled_date = false,
    -- Custom statuses, after the defaults (' ' Todo, 'x' Done, '/' In
    -- Progress, '-' Cancelled): { symbol = '!', name = 'Important',
    -- next = 'x', type = 'TODO' } (types TODO, IN_PROGRESS, ON_HOLD,
    -- DONE, CANCELLED, NON_TASK).
    statuses = {},
  },

  -- Where lists of places (:Loam backlinks, related, unresolved, tags) are
  -- shown, besides the quickfix list: 'auto' (the first installed of
  -- Telescope, fzf-lua, mini.pick (set up), snacks.nvim, else the quickfix
  -- window), 'telescope', 'fzf-lua', 'mini.pick', 'snacks', 'select'
  -- (vim.ui.select) or 'quickfix'. A picker named but not installed: a
  -- warning, then 'auto'.
  picker = 'auto',

  -- New notes (following a link to a note that does not exist yet).
  create = {
    -- Vault folder for a new note whose link names no folder. nil: the root.
    folder = nil,
    -- Text a new note starts with: a note (vault path or absolute) or a
    -- function(title) returning the text; {{title}}, {{date}} and {{time}}
    -- are filled in. nil: an empty note.
    template = nil,
  },

  -- Milliseconds after the last change in a note's buffer before the
  -- helper gets its text, so completion, backlinks and rename see unsaved
  -- edits. false: only when the note is saved.
  live_delay = 300,

  mappings = {
    -- Buffer-local key in vault notes that follows the link under the
    -- cursor (falling back to the built-in `gf`). false: no mapping.
    follow = 'gf',
  },

  -- Least severe message loam shows with vim.notify(): a vim.log.levels
  -- value or its name ('debug', 'info', 'warn', 'error').
  log_level = vim.log.levels.INFO,
}
--stylua: ignore end

-- What each option accepts. A schema entry is either a nested table of
-- entries or a checker: function(value) -> ok, expected-description.
H.optional = function(kind)
  return function(v)
    return v == nil or type(v) == kind, kind .. ' or nil'
  end
end

H.is = function(kind)
  return function(v)
    return type(v) == kind, kind
  end
end

H.one_of = function(...)
  local choices = { ... }
  local names = vim.tbl_map(vim.inspect, choices)
  return function(v)
    return vim.tbl_contains(choices, v), 'one of ' .. table.concat(names, ', ')
  end
end

H.level_names = { debug = 'DEBUG', info = 'INFO', warn = 'WARN', error = 'ERROR' }

M.schema = {
  vault = H.is('string'),
  helper = H.optional('string'),
  today = function(v)
    return v == nil or (type(v) == 'string' and v:match('^%d%d%d%d%-%d%d%-%d%d$') ~= nil),
      "a 'YYYY-MM-DD' string or nil"
  end,
  timeout = function(v)
    return type(v) == 'number' and v > 0, 'a positive number of milliseconds'
  end,
  completion = {
    enable = H.is('boolean'),
    omnifunc = H.is('boolean'),
    limit = function(v)
      return type(v) == 'number' and v >= 1 and v == math.floor(v), 'a positive integer'
    end,
    wait = function(v)
      return type(v) == 'number' and v >= 0, 'a number of milliseconds (0 or more)'
    end,
    tags = H.is('boolean'),
    markdown_links = H.is('boolean'),
    create = H.is('boolean'),
  },
  tasks = {
    open = H.one_of('split', 'tab', 'current'),
    inline = H.is('boolean'),
    toggle_key = function(v)
      return v == false or (type(v) == 'string' and v ~= ''), 'a key (string) or false'
    end,
    recurrence_position = H.one_of('above', 'below'),
    set_done_date = H.is('boolean'),
    set_cancelled_date = H.is('boolean'),
    set_created_date = H.is('boolean'),
    remove_scheduled_date = H.is('boolean'),
    statuses = function(v)
      local types = { TODO = 1, IN_PROGRESS = 1, ON_HOLD = 1, DONE = 1, CANCELLED = 1, NON_TASK = 1 }
      local ok = type(v) == 'table'
      for _, s in ipairs(ok and v or {}) do
        ok = ok
          and type(s) == 'table'
          and type(s.symbol) == 'string'
          and vim.fn.strchars(s.symbol) == 1
          and (s.next == nil or (type(s.next) == 'string' and vim.fn.strchars(s.next) <= 1))
          and (s.name == nil or type(s.name) == 'string')
          and (s.type == nil or types[s.type] ~= nil)
      end
      return ok, 'a list of { symbol = one character, name, next = one character, type = TODO|IN_PROGRESS|ON_HOLD|DONE|CANCELLED|NON_TASK }'
    end,
  },
  picker = H.one_of('auto', 'telescope', 'fzf-lua', 'mini.pick', 'snacks', 'select', 'quickfix'),
  create = {
    folder = H.optional('string'),
    template = function(v)
      return v == nil or type(v) == 'string' or type(v) == 'function', 'a path, a function or nil'
    end,
  },
  live_delay = function(v)
    return v == false or (type(v) == 'number' and v >= 0), 'a number of milliseconds or false'
  end,
  mappings = {
    follow = function(v)
      return v == false or (type(v) == 'string' and v ~= ''), 'a key (string) or false'
    end,
  },
  log_level = function(v)
    if type(v) == 'string' then
      return H.level_names[v:lower()] ~= nil, "a vim.log.levels value or 'debug', 'info', 'warn', 'error'"
    end
    return type(v) == 'number', "a vim.log.levels value or 'debug', 'info', 'warn', 'error'"
  end,
}

-- The active configuration, set by require('loam').setup(); nil before.
M.options = nil

--- The active configuration, or an error telling how to provide one.
---@return table
function M.get()
  if M.options == nil then
    error("(loam) not set up: call require('loam').setup({ vault = '~/notes' })", 0)
  end
  return M.options
end

H.error = function(msg)
  error('(loam) ' .. msg, 0)
end

H.describe = function(v)
  if type(v) == 'string' then
    return string.format('%q', v)
  end
  if type(v) == 'table' or type(v) == 'function' then
    return type(v)
  end
  return tostring(v)
end

-- Checks `opts` against `schema`, naming options as `prefix .. key`.
H.check = function(opts, schema, prefix)
  for key, value in pairs(opts) do
    local path = prefix .. tostring(key)
    local rule = schema[key]
    if rule == nil then
      H.error(string.format("unknown option '%s'", path))
    elseif type(rule) == 'table' then
      if type(value) ~= 'table' then
        H.error(string.format("option '%s' must be a table, got %s", path, type(value)))
      end
      H.check(value, rule, path .. '.')
    else
      local ok, expected = rule(value)
      if not ok then
        H.error(string.format("option '%s' must be %s, got %s", path, expected, H.describe(value)))
      end
    end
  end
end

--- Validates `opts` and returns the full configuration (defaults filled in,
--- `vault` expanded to an absolute path, `log_level` a number).
---@param opts table|nil
---@return table
function M.resolve(opts)
  if opts ~= nil and type(opts) ~= 'table' then
    H.error('setup() expects a table of options, got ' .. type(opts))
  end
  opts = opts or {}
  H.check(opts, M.schema, '')
  if opts.vault == nil then
    H.error("option 'vault' is required: setup({ vault = '~/notes' })")
  end
  local config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts)

  local vault = vim.fs.normalize(vim.fn.fnamemodify(vim.fn.expand(config.vault), ':p'))
  vault = vault:gsub('(.)/$', '%1')
  if vim.fn.isdirectory(vault) == 0 then
    H.error(string.format("option 'vault': %s is not a directory", vault))
  end
  config.vault = vault
  if config.helper then
    config.helper = vim.fn.expand(config.helper)
  end
  if type(config.log_level) == 'string' then
    config.log_level = vim.log.levels[H.level_names[config.log_level:lower()]]
  end
  return config
end

return M
