-- bench/nvim_complete.lua: completion round trips as the editor sees them.
--
--   nvim --headless -u NONE -i NONE -l bench/nvim_complete.lua ROOT HELPER VAULT [ROUNDS]
--
-- Starts the helper through loam's own client, waits for the index (and
-- warms up the completion index), then types the words bench_complete.c
-- types, a character at a time, and times for each prefix what the
-- omnifunc does: the `complete` request sent as a notification, the answer
-- arriving through nvim_exec_lua, and the items built for the menu
-- (complete.complete_items). Prints the percentiles.
local root, helper, vault, rounds = arg[1], arg[2], arg[3], tonumber(arg[4] or '5')
vim.opt.runtimepath:prepend(root)
require('loam').setup({ vault = vault, helper = helper })
local client = require('loam.client')
local complete = require('loam.complete')

local t0 = vim.uv.hrtime()
local stats, err = client.request_sync('stats', {}, 300000)
assert(stats, vim.inspect(err))
print(string.format('helper up, %d notes indexed, first answer after %.0f ms', stats.notes, (vim.uv.hrtime() - t0) / 1e6))
t0 = vim.uv.hrtime()
assert(client.request_sync('complete', { prefix = '', limit = 1 }, 60000))
print(string.format('completion index built in %.0f ms', (vim.uv.hrtime() - t0) / 1e6))

local words = {
  'mara okafor', 'sync engine', 'storage roadmap', 'Daily 123', 'soren', 'bjorn nilsen', 'kovac', 'teo',
  '2026-03 budget', 'incident review', 'People/zoe', 'zzqx', '##notes', '^^para-12', '#sync/',
}
local times = {}
for _ = 1, rounds do
  for _, word in ipairs(words) do
    for n = 1, #word do
      local before = '[[' .. word:sub(1, n)
      if word:sub(1, 1) == '#' and word:sub(2, 2) ~= '#' then
        before = word:sub(1, n)
      end
      local ctx = complete.context(before, { tags = true })
      if ctx then
        local s = vim.uv.hrtime()
        local done
        client.request('complete', complete.params(ctx, 0), function(e, res)
          assert(not e, vim.inspect(e))
          complete.complete_items(res, ctx)
          done = true
        end, 5000)
        vim.wait(5000, function()
          return done
        end, 1)
        times[#times + 1] = (vim.uv.hrtime() - s) / 1e6
      end
    end
  end
end
table.sort(times)
local function pct(p)
  return times[math.max(1, math.ceil(#times * p))]
end
print(string.format(
  'complete round trip from Neovim (request, answer, menu items) over %d calls: median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms',
  #times, pct(0.5), pct(0.9), pct(0.99), times[#times]
))
client.stop()
vim.cmd('qa!')
