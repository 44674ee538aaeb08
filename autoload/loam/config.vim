vim9script
# autoload/loam/config.vim: loam's options for Vim, their defaults and their
# validation. The names, defaults and messages are those of the Lua side
# (lua/loam/config.lua), so one help section describes both editors.
#
# Resolve(opts) turns what the user passed to loam#Setup() (over the
# g:loam_<option> variables) into a complete, checked configuration, or
# throws a message that starts with `(loam) ` and names the option by its
# dotted path (`completion.enable`). Nothing here touches the helper.

# The defaults. Vim has no vim.log.levels: log_level is a name. Options
# marked (Neovim) are accepted so one configuration serves both editors,
# but only the Neovim side uses them so far.
export def Defaults(): dict<any>
  return {
    vault: '',          # required: root directory of the vault
    helper: '',         # '' : <plugin root>/build/bin/loam, else `loam` on $PATH
    today: '',          # 'YYYY-MM-DD' fixes "today" for task queries; '' : the real date
    timeout: 3000,      # milliseconds to wait for the helper
    completion: {enable: true, omnifunc: true, limit: 50},
    tasks: {
      open: 'split',               # where :Loam tasks shows: 'split', 'tab', 'current'
      inline: true,                # (Neovim) results under each ```tasks block
      toggle_key: 'x',             # key toggling a task in a view; false: none
      recurrence_position: 'above',  # next occurrence of a recurring task: 'above', 'below'
      set_done_date: true,
      set_cancelled_date: true,
      set_created_date: false,
      remove_scheduled_date: false,
      statuses: [],                # custom statuses: [{symbol, name, next, type}]
    },
    picker: 'auto',                # (Neovim) where lists of places are shown
    create: {folder: '', template: ''},  # (Neovim) new notes
    live_delay: 300,               # (Neovim) ms before unsaved text reaches the helper
    mappings: {follow: 'gf'},
    log_level: 'info',  # least severe message shown: 'debug', 'info', 'warn', 'error'
  }
enddef

# Every option, as [dotted name, checker, what it must be].
def IsBool(v: any): bool
  return type(v) == v:t_bool || (type(v) == v:t_number && (v == 0 || v == 1))
enddef

const level_names = ['debug', 'info', 'warn', 'error']
const status_types = ['TODO', 'IN_PROGRESS', 'ON_HOLD', 'DONE', 'CANCELLED', 'NON_TASK']

def IsStatuses(v: any): bool
  if type(v) != v:t_list
    return false
  endif
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

const rules: dict<list<any>> = {
  'vault': [(v) => type(v) == v:t_string, 'a string'],
  'helper': [(v) => type(v) == v:t_string, 'a string'],
  'today': [(v) => type(v) == v:t_string && (v == '' || v =~ '^\d\{4}-\d\d-\d\d$'),
    "a 'YYYY-MM-DD' string or ''"],
  'timeout': [(v) => type(v) == v:t_number && v > 0, 'a positive number of milliseconds'],
  'completion.enable': [IsBool, 'a boolean'],
  'completion.omnifunc': [IsBool, 'a boolean'],
  'completion.limit': [(v) => type(v) == v:t_number && v >= 1, 'a positive integer'],
  'tasks.open': [(v) => index(['split', 'tab', 'current'], v) >= 0,
    'one of "split", "tab", "current"'],
  'tasks.inline': [IsBool, 'a boolean'],
  'tasks.toggle_key': [(v) => (type(v) == v:t_string && v != '') || (IsBool(v) && !v),
    'a key (string) or false'],
  'tasks.recurrence_position': [(v) => index(['above', 'below'], v) >= 0,
    'one of "above", "below"'],
  'tasks.set_done_date': [IsBool, 'a boolean'],
  'tasks.set_cancelled_date': [IsBool, 'a boolean'],
  'tasks.set_created_date': [IsBool, 'a boolean'],
  'tasks.remove_scheduled_date': [IsBool, 'a boolean'],
  'tasks.statuses': [IsStatuses, 'a list of {symbol: one character, name, next: one character, '
    .. 'type: TODO|IN_PROGRESS|ON_HOLD|DONE|CANCELLED|NON_TASK}'],
  'picker': [(v) => index(['auto', 'telescope', 'fzf-lua', 'mini.pick', 'snacks', 'select', 'quickfix'], v) >= 0,
    'one of "auto", "telescope", "fzf-lua", "mini.pick", "snacks", "select", "quickfix"'],
  'create.folder': [(v) => type(v) == v:t_string, 'a string'],
  'create.template': [(v) => type(v) == v:t_string, 'a path (string)'],
  'live_delay': [(v) => (type(v) == v:t_number && v >= 0) || (IsBool(v) && !v),
    'a number of milliseconds or false'],
  'mappings.follow': [(v) => (type(v) == v:t_string && v != '') || (IsBool(v) && !v),
    'a key (string) or false'],
  'log_level': [(v) => type(v) == v:t_string && index(level_names, tolower(v)) >= 0,
    "'debug', 'info', 'warn' or 'error'"],
}

def Describe(v: any): string
  if type(v) == v:t_string
    return '"' .. v .. '"'
  elseif type(v) == v:t_dict || type(v) == v:t_list || type(v) == v:t_func
    return typename(v)
  endif
  return string(v)
enddef

def Fail(msg: string)
  throw '(loam) ' .. msg
enddef

# Checks `opts` against the rules, naming options as `prefix .. key`, and
# copies them over `into`.
def Check(opts: dict<any>, into: dict<any>, prefix: string)
  for [key, value] in items(opts)
    var path = prefix .. key
    if has_key(into, key) && type(into[key]) == v:t_dict
      if type(value) != v:t_dict
        Fail(printf("option '%s' must be a dictionary, got %s", path, Describe(value)))
      endif
      Check(value, into[key], path .. '.')
    elseif !has_key(rules, path)
      Fail(printf("unknown option '%s'", path))
    else
      var [Ok, expected] = rules[path]
      if !Ok(value)
        Fail(printf("option '%s' must be %s, got %s", path, expected, Describe(value)))
      endif
      # 0/1 and v:false/v:true mean the same to a boolean option
      if expected == 'a boolean' || (expected =~ 'or false$' && type(value) == v:t_bool)
        into[key] = !!value
      else
        into[key] = value
      endif
    endif
  endfor
enddef

# The options from g:loam_<name> variables (g:loam_vault, g:loam_tasks, ...).
export def FromGlobals(): dict<any>
  var opts: dict<any> = {}
  for name in keys(Defaults())
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
  Check(FromGlobals(), config, '')
  Check(opts, config, '')
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
  config.log_level = tolower(config.log_level)
  return config
enddef
