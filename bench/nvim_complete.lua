-- bench/nvim_complete.lua: completion round trips as the editor sees them.
--
--   nvim --headless -u NONE -i NONE -l bench/nvim_complete.lua ROOT HELPER VAULT [N]
--
-- Starts the helper through loam's own client, waits for the index, then
-- times N `complete` calls (request + reply through the msgpack channel and
-- nvim_exec_lua) for a few typical prefixes, and prints the percentiles.
local root, helper, vault, n = arg[1], arg[2], arg[3], tonumber(arg[4] or '200')
vim.opt.runtimepath:prepend(root)
require('loam').setup({ vault = vault, helper = helper })
local client = require('loam.client')

local t0 = vim.uv.hrtime()
local stats, err = client.request_sync('stats', {}, 120000)
assert(stats, vim.inspect(err))
print(string.format('helper up, %d notes indexed, first answer after %.0f ms', stats.notes,
  (vim.uv.hrtime() - t0) / 1e6))

local prefixes = { 'm', 'mar', 'stor', 'sync eng', 'Daily 12', 'zz' }
local times = {}
for i = 1, n do
  local prefix = prefixes[(i - 1) % #prefixes + 1]
  local s = vim.uv.hrtime()
  local res, e = client.request_sync('complete', { prefix = prefix, limit = 50 }, 5000)
  assert(res, vim.inspect(e))
  times[#times + 1] = (vim.uv.hrtime() - s) / 1e6
end
table.sort(times)
local function pct(p)
  return times[math.max(1, math.ceil(#times * p))]
end
print(string.format('complete round trip from Neovim over %d calls: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms',
  n, pct(0.5), pct(0.9), pct(0.99), times[#times]))
client.stop()
vim.cmd('qa!')
