-- `:checkhealth loam`: the helper (path, version, command), the vault, the
-- index and where it lives, the completion engines (with loam among their
-- sources or not) and the pickers. The engines are stand-ins with the
-- fields health reads (nvim-cmp a1d5048: cmp.get_config().sources and
-- cmp.config.filetypes; blink.cmp 73ea297: blink.cmp.config.sources).
local t = require('loamtest')
local T = t.new_set()

local function health(child)
  child:cmd('checkhealth loam')
  return table.concat(child:lines(), '\n')
end

local function vault()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  vim.fn.writefile({ '# One' }, dir .. '/One.md')
  return dir
end

T['health']['reports the helper, the vault, the engines and the pickers'] = function(child)
  local dir = vault()
  child:setup({ vault = dir })
  child:edit(dir, 'One.md')
  child:lua([[
    package.loaded['cmp'] = { get_config = function() return { sources = { { name = 'buffer' } } } end }
    package.loaded['cmp.config'] = { filetypes = { markdown = { sources = { { name = 'loam' } } } } }
    package.loaded['blink.cmp.config'] = { sources = {
      default = { 'lsp', 'loam' }, providers = { loam = { name = 'loam', module = 'loam.blink' } },
    } }
    package.loaded['fzf-lua'] = {}
  ]])
  local out = health(child)
  t.matches(out, 'helper running %(pid %d+%): ' .. vim.pesc(t.helper) .. ' serve %-%-vault ' .. vim.pesc(dir))
  t.matches(out, 'helper [^\n]* serves vault ' .. vim.pesc(dir))
  t.matches(out, 'index: 1 notes')
  t.matches(out, 'store: ')
  t.matches(out, "nvim%-cmp: source 'loam' is configured")
  t.matches(out, "blink%.cmp: provider 'loam' %(module loam%.blink%) is enabled")
  t.matches(out, 'pickers: telescope %(not installed%), fzf%-lua %(installed%), mini%.pick %(not installed%), snacks %(not installed%)')
  t.matches(out, "picker = 'auto': lists show in fzf%-lua")
end

T['health']['says what to add when loam is not an engine source'] = function(child)
  local dir = vault()
  child:setup({ vault = dir, picker = 'telescope' })
  child:edit(dir, 'One.md')
  child:lua([[
    package.loaded['cmp'] = { get_config = function() return { sources = { { name = 'buffer' } } } end }
    package.loaded['blink.cmp.config'] = { sources = { default = { 'lsp' }, providers = {} } }
  ]])
  local out = health(child)
  t.matches(out, "nvim%-cmp is installed but 'loam' is not among its sources")
  t.matches(out, "blink%.cmp is installed but has no provider 'loam'")
  t.matches(out, "picker = 'telescope' is not installed: lists use quickfix")
end

T['health'][':Loam health runs it'] = function(child)
  local dir = vault()
  child:setup({ vault = dir })
  child:cmd('Loam health')
  t.matches(table.concat(child:lines(), '\n'), 'setup%(%) called; vault: ' .. vim.pesc(dir))
end

return T
