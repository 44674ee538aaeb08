-- bench/engines.lua: keystroke to menu through the real completion engines
-- (bench/run.sh runs it).
--
--   LOAM_ENGINES=DIR nvim --headless -u NONE -i NONE -l bench/engines.lua ROOT HELPER VAULT [WORD]
--
-- DIR holds checkouts the user made of the engines (nothing is fetched
-- here): DIR/nvim-cmp, DIR/blink.cmp; each one missing is skipped. For the
-- built-in omnifunc (the baseline, measured in the same run) and each
-- engine found, a child Neovim (--embed, driven over RPC like the tests)
-- loads loam and the engine, opens a note of VAULT, and types `[[` and WORD
-- (default "mar") a key at a time. For each key it times from sending the
-- key to the menu showing the helper's first item for what is typed now,
-- and counts the polls (about every 0.2 ms) that found no menu while
-- waiting: a menu that closes and reopens on every key shows there. It
-- also prints, once the last answer is in, whether the menu's order is the
-- helper's and where "Create" is (ENGINE_VIEW below reads each engine's
-- list). blink.cmp runs its Lua matcher (fuzzy.implementation = 'lua').
local root, helper, vault, word = arg[1], arg[2], arg[3], arg[4] or 'mar'
assert(root and helper and vault, 'usage: nvim -l bench/engines.lua ROOT HELPER VAULT [WORD]')
local dir = os.getenv('LOAM_ENGINES') or ''

-- What each child runs first: its runtimepath and the engine's setup.
local SETUP = {
  omnifunc = [[
    vim.o.completeopt = 'menuone,noinsert,noselect'
  ]],
  ['nvim-cmp'] = [[
    local cmp = require('cmp')
    cmp.setup({
      sources = { { name = 'loam' } },
      mapping = cmp.mapping.preset.insert({ ['<CR>'] = cmp.mapping.confirm({ select = true }) }),
    })
  ]],
  ['blink.cmp'] = [[
    require('blink.cmp').setup({
      fuzzy = { implementation = 'lua' },
      sources = { default = { 'loam' }, providers = { loam = { name = 'loam', module = 'loam.blink' } } },
      keymap = { preset = 'enter' },
    })
  ]],
}

-- The labels the menu shows now, best first, or nil when no menu is up.
local ENGINE_VIEW = {
  omnifunc = [[
    local info = vim.fn.complete_info({ 'items', 'pum_visible' })
    if #info.items == 0 then return vim.NIL end
    return vim.tbl_map(function(i) return i.abbr end, info.items)
  ]],
  ['nvim-cmp'] = [[
    local cmp = require('cmp')
    if not cmp.visible() then return vim.NIL end
    return vim.tbl_map(function(e) return e.completion_item.label end, cmp.get_entries())
  ]],
  ['blink.cmp'] = [[
    local list = require('blink.cmp.completion.list')
    if not require('blink.cmp').is_menu_visible() or #list.items == 0 then return vim.NIL end
    return vim.tbl_map(function(i) return i.label end, list.items)
  ]],
}

local function child_start(engine)
  local job = vim.fn.jobstart({ vim.v.progpath, '--embed', '--headless', '--clean', '-u', 'NONE', '-i', 'NONE', '-n' }, { rpc = true })
  local function lua(code, ...)
    return vim.rpcrequest(job, 'nvim_exec_lua', code, { ... })
  end
  lua('vim.opt.rtp:prepend(...)', root)
  if engine ~= 'omnifunc' then
    lua('vim.opt.rtp:prepend(...)', dir .. '/' .. engine)
  end
  lua('vim.cmd("runtime! plugin/**/*.lua plugin/**/*.vim")')
  lua(SETUP[engine])
  lua('local v, h = ...; require("loam").setup({ vault = v, helper = h })', vault, helper)
  return job, lua
end

local function now()
  return vim.uv.hrtime() / 1e6
end

local function percentile(xs, p)
  table.sort(xs)
  return xs[math.max(1, math.ceil(#xs * p))] or 0
end

local function run(engine)
  local job, lua = child_start(engine)
  -- A new note in the vault, the helper up and its completion index built.
  local note = vault .. '/loam-bench-engines.md'
  lua('vim.cmd.edit(...)', note)
  lua('assert(require("loam.client").request_sync("stats", {}, 300000))')
  lua('assert(require("loam.client").request_sync("complete", { prefix = "", limit = 1 }, 60000))')
  local first = function(prefix)
    local r = lua('return require("loam.client").request_sync("complete", { prefix = ..., create = true })', prefix)
    return r.items[1] and require('loam.complete').label(r.items[1]), r
  end
  vim.rpcrequest(job, 'nvim_input', 'i[[')
  local times, empty, typed = {}, 0, ''
  for k = 1, #word do
    local key = word:sub(k, k)
    typed = typed .. key
    local want = first(typed)
    if want == nil then
      break
    end
    local t0 = now()
    vim.rpcrequest(job, 'nvim_input', key)
    if engine == 'omnifunc' and k == 1 then
      vim.rpcrequest(job, 'nvim_input', '<C-x><C-o>')
    end
    local shown
    repeat
      local labels = lua(ENGINE_VIEW[engine])
      if labels == vim.NIL then
        empty = empty + 1
      elseif labels[1] == want then
        shown = true
      end
    until shown or now() - t0 > 3000
    table.insert(times, shown and (now() - t0) or 3000)
  end
  vim.wait(100)
  local labels = lua(ENGINE_VIEW[engine])
  local _, answer = first(typed)
  local helper_labels = vim.tbl_map(function(i)
    return require('loam.complete').label(i)
  end, answer.items)
  local create_at
  for i, l in ipairs(labels ~= vim.NIL and labels or {}) do
    if l:match('^Create "') then
      create_at = i
    end
  end
  pcall(vim.rpcrequest, job, 'nvim_command', 'qall!')
  vim.fn.jobwait({ job }, 2000)
  local n = labels ~= vim.NIL and #labels or 0
  print(
    string.format(
      '%-9s keys %d: median %.1f ms, max %.1f ms; polls with no menu: %d; final order is the helper\'s: %s; Create at %s of %d',
      engine,
      #times,
      percentile(vim.deepcopy(times), 0.5),
      percentile(vim.deepcopy(times), 1),
      empty,
      vim.deep_equal(labels, helper_labels) and 'yes' or 'no',
      create_at or '-',
      n
    )
  )
end

vim.opt.rtp:prepend(root)
print(string.format('keystroke -> menu, typing "[[%s" in %s', word, vault))
run('omnifunc')
for _, engine in ipairs({ 'nvim-cmp', 'blink.cmp' }) do
  if dir ~= '' and vim.uv.fs_stat(dir .. '/' .. engine) then
    run(engine)
  else
    print(string.format('%-9s skipped (no %s/%s; set LOAM_ENGINES to a folder of checkouts)', engine, dir, engine))
  end
end
