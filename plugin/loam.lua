-- plugin/loam.lua: what loam registers at startup, and nothing more: the
-- `:Loam` command and the <Plug> mappings. Modules load when first used;
-- require('loam').setup() starts watching for vault notes.

if vim.g.loaded_loam then
  return
end
vim.g.loaded_loam = true

-- `:Loam {subcommand} [args]`. Each takes the rest of the line (may be '').
local subcommands = {
  tasks = function(args)
    require('loam').tasks(args)
  end,
  backlinks = function()
    require('loam').backlinks()
  end,
  toggle = function()
    require('loam.config').get()
    require('loam.tasks').toggle()
  end,
  status = function(args)
    require('loam.config').get()
    require('loam.tasks').set_status(args)
  end,
  related = function()
    require('loam').related()
  end,
  unresolved = function(_, bang)
    require('loam').unresolved({ buffer = bang })
  end,
  tags = function(args)
    require('loam').tags(args)
  end,
  rename = function(args, bang)
    require('loam').rename(args, { confirm = bang })
  end,
  follow = function()
    require('loam').follow()
  end,
  stats = function()
    require('loam').stats()
  end,
  restart = function()
    require('loam').restart()
  end,
  -- `:checkhealth loam`, also when a plugin manager has not put loam on
  -- 'runtimepath' yet (lazy.nvim loads it for `:Loam` with `cmd = 'Loam'`).
  health = function()
    vim.cmd('checkhealth loam')
  end,
}

-- Runs `fn`, showing a `(loam) ...` error as a message instead of a Lua
-- traceback.
local function run(fn, ...)
  local ok, err = pcall(fn, ...)
  if not ok then
    vim.notify(tostring(err), vim.log.levels.ERROR)
  end
end

vim.api.nvim_create_user_command('Loam', function(cmd)
  local name, rest = cmd.args:match('^(%S+)%s*(.-)%s*$')
  -- `:Loam rename! New` (or `:Loam! rename New`): the bang goes to the
  -- subcommand.
  local bang = cmd.bang
  if name and name:sub(-1) == '!' then
    name, bang = name:sub(1, -2), true
  end
  local fn = subcommands[name]
  if not fn then
    return vim.notify('(loam) unknown subcommand: ' .. tostring(name), vim.log.levels.ERROR)
  end
  run(fn, rest, bang)
end, {
  nargs = '+',
  bang = true,
  desc = 'loam: tasks [query] | backlinks | related | unresolved | tags [tag] | rename[!] {name} | follow | stats | restart | health',
  complete = function(arglead, cmdline)
    local sub = cmdline:match('^%s*%S+%s+(%S+)%s')
    if sub then
      return require('loam.links').complete_arg(sub:gsub('!$', ''), arglead, cmdline)
    end
    local names = vim.tbl_keys(subcommands)
    table.sort(names)
    return vim.tbl_filter(function(n)
      return vim.startswith(n, arglead)
    end, names)
  end,
})

vim.keymap.set('n', '<Plug>(loam-follow)', function()
  run(require('loam').follow)
end, { desc = 'loam: follow the link under the cursor' })
vim.keymap.set('n', '<Plug>(loam-backlinks)', function()
  run(require('loam').backlinks)
end, { desc = 'loam: backlinks of this note in the quickfix list' })
vim.keymap.set('n', '<Plug>(loam-related)', function()
  run(require('loam').related)
end, { desc = 'loam: notes related to this one' })
vim.keymap.set('n', '<Plug>(loam-unresolved)', function()
  run(require('loam').unresolved)
end, { desc = 'loam: links that point nowhere' })
vim.keymap.set('n', '<Plug>(loam-tasks)', function()
  run(require('loam').tasks)
end, { desc = 'loam: run the tasks block under the cursor' })
