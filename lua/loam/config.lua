-- config.lua: loam's options: their defaults and their validation.
--
-- The options themselves (names, defaults, what each accepts and what its
-- message says) are data, in `schema/options.json`, which Vim's
-- autoload/loam/config.vim reads too: one schema, so both editors accept
-- the same options with the same messages. `:help loam-options` documents
-- them.
--
-- `M.resolve(opts)` turns what the user passed to setup() into a complete,
-- checked configuration, or raises an error that starts with `(loam) ` and
-- names the option by its dotted path (`completion.enable`), so a typo in a
-- config file points at itself. Nothing here touches the helper.

local M = {}
local H = {}

H.root = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h:h:h')

--- The schema: `{ options = { { name, default, accept, ... }, ... } }`, as
--- in schema/options.json (a JSON null is nil here).
---@return table
function M.load_schema()
  local path = H.root .. '/schema/options.json'
  local ok, lines = pcall(vim.fn.readfile, path)
  if not ok then
    error('(loam) cannot read ' .. path, 0)
  end
  return vim.json.decode(table.concat(lines, '\n'), { luanil = { object = true, array = true } })
end

-- Each option's entry by dotted name, and the tree of option groups: a
-- group is a table of its members, a leaf is its schema entry.
H.build = function(schema)
  local tree, defaults = {}, {}
  for _, e in ipairs(schema.options) do
    local parts = vim.split(e.name, '.', { plain = true })
    local node, dnode = tree, defaults
    for i = 1, #parts - 1 do
      node[parts[i]] = node[parts[i]] or {}
      dnode[parts[i]] = dnode[parts[i]] or {}
      node, dnode = node[parts[i]], dnode[parts[i]]
    end
    node[parts[#parts]] = { entry = e }
    dnode[parts[#parts]] = vim.deepcopy(e.default)
  end
  return tree, defaults
end

H.schema = M.load_schema()
-- The rules by name (tree of groups, leaves `{ entry = <schema entry> }`).
M.rules, M.defaults = H.build(H.schema)
M.defaults.log_level = vim.log.levels.INFO

H.level_names = { debug = 'DEBUG', info = 'INFO', warn = 'WARN', error = 'ERROR' }
H.status_types = { TODO = 1, IN_PROGRESS = 1, ON_HOLD = 1, DONE = 1, CANCELLED = 1, NON_TASK = 1 }

-- Whether `v` is of kind `kind` (a word of an entry's `accept`).
H.kinds = {
  boolean = function(v)
    return type(v) == 'boolean'
  end,
  string = function(v)
    return type(v) == 'string'
  end,
  number = function(v)
    return type(v) == 'number'
  end,
  integer = function(v)
    return type(v) == 'number' and v == math.floor(v)
  end,
  ['nil'] = function(v)
    return v == nil or v == vim.NIL
  end,
  ['false'] = function(v)
    return v == false
  end,
  ['function'] = function(v)
    return type(v) == 'function'
  end,
  list = function(v)
    return type(v) == 'table' and vim.islist(v)
  end,
}

H.formats = {
  date = function(v)
    return v == '' or v:match('^%d%d%d%d%-%d%d%-%d%d$') ~= nil
  end,
  level = function(v)
    return H.level_names[v:lower()] ~= nil
  end,
  statuses = function(v)
    for _, s in ipairs(v) do
      local ok = type(s) == 'table'
        and type(s.symbol) == 'string'
        and vim.fn.strchars(s.symbol) == 1
        and (s.next == nil or (type(s.next) == 'string' and vim.fn.strchars(s.next) <= 1))
        and (s.name == nil or type(s.name) == 'string')
        and (s.type == nil or H.status_types[s.type] ~= nil)
      if not ok then
        return false
      end
    end
    return true
  end,
}

-- Whether `v`, of kind `kind`, meets the entry's other conditions.
H.meets = function(e, kind, v)
  if kind == 'number' or kind == 'integer' then
    return e.min == nil or v >= e.min
  elseif kind == 'string' then
    if (e.nonempty and v == '') or (e.choices and not vim.tbl_contains(e.choices, v)) then
      return false
    end
    return e.format == nil or H.formats[e.format](v)
  elseif kind == 'list' then
    return e.format == nil or H.formats[e.format](v)
  end
  return true
end

--- Whether `value` is what schema entry `e` accepts, and what the message
--- says it must be.
---@return boolean ok, string expected
function M.accepts(e, value)
  local expected = e.expected
  if not expected then
    expected = 'one of ' .. table.concat(vim.tbl_map(function(c)
      return '"' .. c .. '"'
    end, e.choices), ', ')
  end
  for _, kind in ipairs(e.accept) do
    if H.kinds[kind](value) and H.meets(e, kind, value) then
      return true, expected
    end
  end
  return false, expected
end

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

-- Checks `opts` against the rules tree, naming options as `prefix .. key`.
H.check = function(opts, rules, prefix)
  for key, value in pairs(opts) do
    local path = prefix .. tostring(key)
    local rule = rules[key]
    if rule == nil then
      H.error(string.format("unknown option '%s'", path))
    elseif rule.entry == nil then
      if type(value) ~= 'table' then
        H.error(string.format("option '%s' must be a table, got %s", path, type(value)))
      end
      H.check(value, rule, path .. '.')
    else
      local ok, expected = M.accepts(rule.entry, value)
      if not ok then
        H.error(string.format("option '%s' must be %s, got %s", path, expected, H.describe(value)))
      end
    end
  end
end

-- '' (and vim.NIL) mean "none" for the options that may be nil.
H.none_to_nil = function(config, rules)
  for key, rule in pairs(rules) do
    if rule.entry == nil then
      if type(config[key]) == 'table' then
        H.none_to_nil(config[key], rule)
      end
    elseif vim.tbl_contains(rule.entry.accept, 'nil') and (config[key] == '' or config[key] == vim.NIL) then
      config[key] = nil
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
  H.check(opts, M.rules, '')
  if opts.vault == nil then
    H.error("option 'vault' is required: setup({ vault = '~/notes' })")
  end
  local config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts)
  H.none_to_nil(config, M.rules)

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
