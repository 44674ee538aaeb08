vim9script
# autoload/loam/config.vim: loam's options for Vim: their defaults and their
# validation, from the schema Neovim reads too (schema/options.json, see
# lua/loam/config.lua): the same names, defaults and messages, so one
# configuration and one help section serve both editors.
#
# Resolve(opts) turns what the user passed to loam#Setup() (over the
# g:loam_<option> variables) into a complete, checked configuration, or
# throws a message that starts with `(loam) ` and names the option by its
# dotted path (`completion.enable`). Nothing here touches the helper.
#
# Where Vim differs: nil is v:null or '' (both stored as ''), a boolean may
# be 0 or 1, and log_level is stored as its name.

const root = expand('<sfile>:p:h:h:h')

# The schema: {options: [{name, default, accept, ...}, ...]}.
export def LoadSchema(): dict<any>
  var path = root .. '/schema/options.json'
  if !filereadable(path)
    throw '(loam) cannot read ' .. path
  endif
  return json_decode(readfile(path)->join("\n"))
enddef

const schema = LoadSchema()

# The rules tree (groups are dicts of members, leaves {entry: <entry>}) and
# the defaults, built once from the schema.
def Build(): list<dict<any>>
  var tree: dict<any> = {}
  var defaults: dict<any> = {}
  for e in schema.options
    var parts = split(e.name, '\.')
    var node = tree
    var dnode = defaults
    for p in parts[: -2]
      if !has_key(node, p)
        node[p] = {}
        dnode[p] = {}
      endif
      node = node[p]
      dnode = dnode[p]
    endfor
    node[parts[-1]] = {entry: e}
    dnode[parts[-1]] = type(e.default) == v:t_none ? '' : deepcopy(e.default)
  endfor
  return [tree, defaults]
enddef

const [rules, defaults] = Build()

# The defaults ('' where the schema has none).
export def Defaults(): dict<any>
  return deepcopy(defaults)
enddef

const level_names = ['debug', 'info', 'warn', 'error']
const status_types = ['TODO', 'IN_PROGRESS', 'ON_HOLD', 'DONE', 'CANCELLED', 'NON_TASK']

def IsBool(v: any): bool
  return type(v) == v:t_bool || (type(v) == v:t_number && (v == 0 || v == 1))
enddef

# Whether `v` is of kind `kind` (a word of an entry's `accept`).
def IsKind(kind: string, v: any): bool
  if kind == 'boolean'
    return IsBool(v)
  elseif kind == 'string'
    return type(v) == v:t_string
  elseif kind == 'number'
    return type(v) == v:t_number || type(v) == v:t_float
  elseif kind == 'integer'
    return type(v) == v:t_number
  elseif kind == 'nil'
    return type(v) == v:t_none
  elseif kind == 'false'
    return IsBool(v) && !v
  elseif kind == 'function'
    return type(v) == v:t_func
  elseif kind == 'list'
    return type(v) == v:t_list
  endif
  return false
enddef

def IsStatuses(v: list<any>): bool
  for st in v
    if type(st) != v:t_dict || type(get(st, 'symbol', 0)) != v:t_string
        || strchars(st.symbol) != 1
        || (has_key(st, 'next') && (type(st.next) != v:t_string || strchars(st.next) > 1))
        || (has_key(st, 'name') && type(st.name) != v:t_string)
        || (has_key(st, 'type') && index(status_types, st.type) < 0)
      return false
    endif
  endfor
  return true
enddef

def FitsFormat(format: string, v: any): bool
  if format == 'date'
    return v == '' || v =~ '^\d\{4}-\d\d-\d\d$'
  elseif format == 'level'
    return index(level_names, tolower(v)) >= 0
  elseif format == 'statuses'
    return IsStatuses(v)
  endif
  return false
enddef

# Whether `v`, of kind `kind`, meets the entry's other conditions.
def Meets(e: dict<any>, kind: string, v: any): bool
  if kind == 'number' || kind == 'integer'
    return !has_key(e, 'min') || v >= e.min
  elseif kind == 'string'
    if (get(e, 'nonempty', false) && v == '')
        || (has_key(e, 'choices') && index(e.choices, v) < 0)
      return false
    endif
    return !has_key(e, 'format') || FitsFormat(e.format, v)
  elseif kind == 'list'
    return !has_key(e, 'format') || FitsFormat(e.format, v)
  endif
  return true
enddef

# What the message says the value of entry `e` must be.
def Expected(e: dict<any>): string
  if has_key(e, 'expected')
    return e.expected
  endif
  return 'one of ' .. e.choices->mapnew((_, c) => '"' .. c .. '"')->join(', ')
enddef

# The kind `v` was accepted as by entry `e`, or '' when it is not accepted.
export def Accepts(e: dict<any>, v: any): string
  for kind in e.accept
    if IsKind(kind, v) && Meets(e, kind, v)
      return kind
    endif
  endfor
  return ''
enddef

# Names as Lua's type() does, so the messages are Neovim's.
def TypeName(v: any): string
  var t = type(v)
  if t == v:t_string
    return 'string'
  elseif t == v:t_number || t == v:t_float
    return 'number'
  elseif t == v:t_bool
    return 'boolean'
  elseif t == v:t_none
    return 'nil'
  elseif t == v:t_func
    return 'function'
  endif
  return 'table'
enddef

# A value in a message, as Lua's string.format('%q') / tostring() show it.
def Describe(v: any): string
  var t = type(v)
  if t == v:t_string
    return '"' .. escape(v, '"\')->substitute("\n", '\\\n', 'g') .. '"'
  elseif t == v:t_number || t == v:t_float
    return string(v)
  elseif t == v:t_bool
    return v ? 'true' : 'false'
  endif
  return TypeName(v)
enddef

def Fail(msg: string)
  throw '(loam) ' .. msg
enddef

# Checks `opts` against the rules tree, naming options as `prefix .. key`,
# and copies them over `into`.
def Check(opts: dict<any>, tree: dict<any>, into: dict<any>, prefix: string)
  for [key, value] in items(opts)
    var path = prefix .. key
    if !has_key(tree, key)
      Fail(printf("unknown option '%s'", path))
    endif
    var rule = tree[key]
    if !has_key(rule, 'entry')
      if type(value) != v:t_dict
        Fail(printf("option '%s' must be a table, got %s", path, TypeName(value)))
      endif
      Check(value, rule, into[key], path .. '.')
      continue
    endif
    var kind = Accepts(rule.entry, value)
    if kind == ''
      Fail(printf("option '%s' must be %s, got %s", path, Expected(rule.entry), Describe(value)))
    endif
    if kind == 'nil'
      into[key] = ''
    elseif kind == 'boolean' || kind == 'false'
      into[key] = !!value  # 0/1 and v:false/v:true mean the same
    else
      into[key] = value
    endif
  endfor
enddef

# The options from g:loam_<name> variables (g:loam_vault, g:loam_tasks, ...).
export def FromGlobals(): dict<any>
  var opts: dict<any> = {}
  for name in keys(rules)
    if exists('g:loam_' .. name)
      opts[name] = g:['loam_' .. name]
    endif
  endfor
  return opts
enddef

# Validates `opts` (over the g:loam_<name> variables) and returns the full
# configuration: defaults filled in, `vault` an absolute path without a
# trailing slash, `helper` expanded. Throws `(loam) ...` on a bad option.
export def Resolve(opts: dict<any>): dict<any>
  var config = Defaults()
  Check(FromGlobals(), rules, config, '')
  Check(opts, rules, config, '')
  if config.vault == ''
    Fail("option 'vault' is required: loam#Setup({vault: '~/notes'}) or let g:loam_vault = '~/notes'")
  endif
  var vault = fnamemodify(expand(config.vault), ':p')
  vault = substitute(vault, '.\zs/\+$', '', '')
  if !isdirectory(vault)
    Fail(printf("option 'vault': %s is not a directory", vault))
  endif
  config.vault = vault
  if config.helper != ''
    config.helper = expand(config.helper)
  endif
  config.log_level = type(config.log_level) == v:t_string ? tolower(config.log_level)
    : config.log_level <= 1 ? 'debug' : level_names[min([config.log_level, 4]) - 1]
  return config
enddef
