-- setup(): option validation, defaults, and that nothing starts early.
local t = require('loamtest')
local T = t.new_set()

-- Calls setup(opts) in the child; returns the error message or nil.
local function setup_error(child, opts)
  return child:lua(
    [[
    local ok, err = pcall(require('loam').setup, ...)
    if ok then return vim.NIL end
    return err
  ]],
    opts
  )
end

T['setup']['accepts a minimal configuration and fills in defaults'] = function(child)
  child:lua('require("loam").setup({ vault = ... })', t.examples)
  local config = child:lua('return require("loam.config").options')
  t.eq(config.vault, vim.fs.normalize(vim.fn.fnamemodify(t.examples, ':p')):gsub('/$', ''), 'vault')
  t.eq(config.tasks.open, 'split', 'tasks.open')
  t.eq(config.mappings.follow, 'gf', 'mappings.follow')
  t.eq(config.completion, {
    enable = true,
    omnifunc = true,
    limit = 50,
    wait = 50,
    tags = true,
    markdown_links = false,
    create = true,
  }, 'completion')
  t.eq(config.log_level, vim.log.levels.INFO, 'log_level')
end

T['setup']['expands ~ in the vault path'] = function(child)
  local home = child:lua('return vim.env.HOME')
  local vault = t.copy_dir(t.examples)
  -- A vault under $HOME written with `~`: use a link from a temporary HOME.
  child:lua('vim.env.HOME = ...', vim.fs.dirname(vault))
  child:lua('require("loam").setup({ vault = ... })', '~/' .. vim.fs.basename(vault))
  t.eq(child:lua('return require("loam.config").options.vault'), vault)
  child:lua('vim.env.HOME = ...', home)
end

T['setup']['requires a vault'] = function(child)
  t.matches(setup_error(child, {}), "^%(loam%) option 'vault' is required")
end

T['setup']['rejects a vault that is not a directory'] = function(child)
  t.matches(setup_error(child, { vault = '/nonexistent/vault' }), "^%(loam%) option 'vault': /nonexistent/vault is not a directory")
end

-- The cases Vim's suite checks too (tests/vim/test_config.vim): one schema,
-- the same answers.
local shared = vim.json.decode(table.concat(vim.fn.readfile(t.root .. '/tests/expected/options.json'), '\n'))

T['setup']['rejects each shared bad option with its message'] = function(child)
  for _, case in ipairs(shared.rejected) do
    local opts = vim.tbl_extend('keep', case.opts, { vault = t.examples })
    t.eq(setup_error(child, opts), case.error, vim.inspect(case.opts))
  end
  t.eq(setup_error(child, 'notes'), '(loam) setup() expects a table of options, got string')
end

T['setup']['accepts each shared good option'] = function(child)
  for _, opts in ipairs(shared.accepted) do
    t.eq(setup_error(child, vim.tbl_extend('keep', opts, { vault = t.examples })), vim.NIL, vim.inspect(opts))
  end
  -- '' means none, as in Vim
  child:lua('require("loam").setup({ vault = ..., helper = "", today = "", create = { folder = "" } })', t.examples)
  t.eq(child:lua('local o = require("loam.config").options; return { o.helper, o.today, o.create.folder }'), {})
end

T['setup']['accepts every default the schema gives'] = function(child)
  local schema = vim.json.decode(table.concat(vim.fn.readfile(t.root .. '/schema/options.json'), '\n'))
  for _, e in ipairs(schema.options) do
    if e.default ~= vim.NIL then
      local opts, node = { vault = t.examples }, nil
      local parts = vim.split(e.name, '.', { plain = true })
      node = opts
      for i = 1, #parts - 1 do
        node[parts[i]] = node[parts[i]] or {}
        node = node[parts[i]]
      end
      node[parts[#parts]] = e.default
      t.eq(setup_error(child, opts), vim.NIL, e.name)
    end
  end
end

T['setup']['accepts log_level by name'] = function(child)
  child:lua('require("loam").setup({ vault = ..., log_level = "warn" })', t.examples)
  t.eq(child:lua('return require("loam.config").options.log_level'), vim.log.levels.WARN)
end

T['setup']['starts no helper until a vault note is opened'] = function(child)
  child:setup()
  t.eq(child:lua('return require("loam.client").is_running()'), false, 'running after setup')
  child:cmd('edit ' .. vim.fn.fnameescape(t.root .. '/README.md'))
  t.eq(child:lua('return require("loam.client").is_running()'), false, 'running after a note outside the vault')
  child:cmd('edit ' .. vim.fn.fnameescape(t.examples .. '/People/Mara Okafor.md'))
  t.eq(child:lua('return require("loam.client").is_running()'), true, 'running after a vault note')
end

T['setup']['loading the plugin registers only commands and <Plug> maps'] = function(child)
  t.eq(child:lua('return vim.fn.exists(":Loam")'), 2, ':Loam')
  t.eq(child:lua('return vim.fn.maparg("<Plug>(loam-follow)", "n") ~= ""'), true, '<Plug>(loam-follow)')
  t.eq(child:lua('return vim.fn.maparg("gf", "n")'), '', 'no global gf')
  t.eq(child:lua('return package.loaded["loam"] == nil'), true, 'loam not loaded')
end

T[':Loam']['completes subcommands'] = function(child)
  t.eq(child:lua('return vim.fn.getcompletion("Loam ", "cmdline")'), { 'backlinks', 'follow', 'health', 'related', 'rename', 'restart', 'stats', 'status', 'tags', 'tasks', 'toggle', 'unresolved' })
  t.eq(child:lua('return vim.fn.getcompletion("Loam ba", "cmdline")'), { 'backlinks' })
end

T[':Loam']['before setup says how to set up'] = function(child)
  child:cmd('Loam stats')
  local notes = child:notes()
  t.matches(notes[1] and notes[1].msg, "^%(loam%) not set up: call require%('loam'%).setup")
end

return T
