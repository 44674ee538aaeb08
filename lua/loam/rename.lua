-- rename.lua: `:Loam rename`: renaming a note and every link to it.
--
-- The helper plans (`rename_plan`: the new path and, per note, line edits
-- against the text it has), this file carries the plan out:
--   1. the helper gets the text of every modified vault buffer first, so the
--      plan is computed against what the user sees, unsaved edits included;
--   2. `rename_note` moves the file (atomically, never over another file);
--      nothing else happens when that fails;
--   3. a buffer showing the note follows it to the new name, keeping its
--      unsaved changes, cursor and undo history;
--   4. each note's edits go through edit.apply(): through its buffer when
--      loaded (one undo step, written when it had no unsaved changes),
--      through the helper's edit_lines otherwise; both refuse a line that
--      no longer reads as planned.
-- With `dry_run` the plan only fills the quickfix list (one entry per
-- changed line, showing the new text); with `confirm` it does that and asks
-- before carrying it out.

local M = {}
local H = {}

--- Renames the note in the current buffer (or `opts.path`) to `new_name` (a
--- file name, or a vault path to move it) and rewrites the links to it.
--- `opts.dry_run`: only list the edits. `opts.confirm`: list, then ask.
--- `cb(err, report)` runs at the end with `{ plan, links, notes, failed }`
--- (`failed`: `{ path, message }` of notes whose edits were refused).
---@param new_name string
---@param opts table|nil
---@param cb fun(err: table|nil, report: table|nil)|nil
function M.rename(new_name, opts, cb)
  opts = opts or {}
  require('loam.config').get()
  local client = require('loam.client')
  local path = opts.path
  if not path then
    if not require('loam').is_vault_buffer(0) then
      return H.finish(cb, { code = 'LOAM_E_PARAMS', message = 'the current buffer is not a note in the vault' })
    end
    path = vim.api.nvim_buf_get_name(0)
  end
  if not new_name or vim.trim(new_name) == '' then
    return H.finish(cb, { code = 'LOAM_E_PARAMS', message = 'give the new name: :Loam rename New name' })
  end
  H.send_modified_buffers()
  client.request('rename_plan', { path = path, new_name = vim.trim(new_name) }, function(err, plan)
    if err then
      return H.finish(cb, err)
    end
    if opts.dry_run or opts.confirm then
      H.list(plan)
    end
    if opts.dry_run then
      return H.finish(cb, nil, { plan = plan, links = 0, notes = 0, failed = {}, dry_run = true })
    end
    if not opts.confirm then
      return H.apply(plan, cb)
    end
    local yes = string.format('Rename, changing %s in %s', H.count(plan.links, 'link'), H.count(plan.notes, 'note'))
    vim.ui.select({ yes, 'Cancel' }, {
      prompt = string.format('Rename %s to %s?', plan.path, plan.new_path),
      kind = 'loam.rename',
    }, function(choice)
      if choice == yes then
        H.apply(plan, cb)
      else
        H.finish(cb, nil, { plan = plan, links = 0, notes = 0, failed = {}, cancelled = true })
      end
    end)
  end)
end

-- The helper's index must hold what the buffers hold: their text goes first
-- (requests are handled in order, so the plan that follows sees it).
H.send_modified_buffers = function()
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and vim.b[buf].loam_attached and vim.bo[buf].modified then
      require('loam').sync(buf)
    end
  end
end

H.count = function(n, what)
  return string.format('%d %s%s', n, what, n == 1 and '' or 's')
end

-- The plan in the quickfix list: one entry per changed line, its new text.
H.list = function(plan)
  local items = {}
  for _, f in ipairs(plan.files or {}) do
    for _, e in ipairs(f.edits or {}) do
      table.insert(items, { filename = f.abspath, lnum = e.line, col = 1, text = (e.lines or {})[1] or '' })
    end
  end
  vim.fn.setqflist({}, ' ', {
    title = string.format(
      'Rename %s -> %s: %s in %s',
      plan.path,
      plan.new_path,
      H.count(plan.links, 'link'),
      H.count(plan.notes, 'note')
    ),
    items = items,
  })
  if #items > 0 then
    vim.cmd('botright copen')
    vim.cmd('wincmd p')
  end
end

H.apply = function(plan, cb)
  local client = require('loam.client')
  local edit = require('loam.edit')
  local old_buf = edit.find_buffer(plan.abspath)
  client.request('rename_note', { path = plan.path, new_path = plan.new_path }, function(err)
    if err then
      return H.finish(cb, err)
    end
    if old_buf then
      local ok, ferr = pcall(H.follow, old_buf, plan.abspath, plan.new_abspath)
      if not ok then
        require('loam').notify('the buffer did not follow the rename: ' .. tostring(ferr), vim.log.levels.WARN)
      end
    end
    local files = plan.files or {}
    local report = { plan = plan, links = 0, notes = 0, failed = {} }
    local pending = #files
    if pending == 0 then
      return H.done(cb, report)
    end
    for _, f in ipairs(files) do
      local abspath = f.abspath == plan.abspath and plan.new_abspath or f.abspath
      edit.apply(abspath, f.edits, function(e)
        if e then
          table.insert(report.failed, { path = f.path, message = e.message or e.code })
        else
          report.links = report.links + (f.links or #f.edits)
          report.notes = report.notes + 1
        end
        pending = pending - 1
        if pending == 0 then
          H.done(cb, report)
        end
      end)
    end
  end)
end

-- Makes buffer `buf` (showing `old`) show `new`, which is the same file
-- renamed: its unsaved changes, cursor and undo history stay. `:file` alone
-- would leave it "not edited" (writing it would then fail with E13), so it
-- is read again from the new name and the unsaved text put back.
H.follow = function(buf, old, new)
  local modified = vim.bo[buf].modified
  local lines = modified and vim.api.nvim_buf_get_lines(buf, 0, -1, true) or nil
  vim.api.nvim_buf_call(buf, function()
    vim.cmd('silent keepalt file ' .. vim.fn.fnameescape(new))
    vim.cmd('silent keepalt keepjumps edit!')
  end)
  if lines then
    H.restore(buf, lines)
  end
  -- `:file` leaves an unlisted buffer with the old name behind.
  local stale = vim.fn.bufnr('^' .. vim.fn.fnameescape(old) .. '$')
  if stale > 0 and stale ~= buf and not vim.api.nvim_buf_is_loaded(stale) then
    pcall(vim.api.nvim_buf_delete, stale, { force = true })
  end
  if modified then
    require('loam').sync(buf)
  end
end

-- Puts `lines` back into `buf`, replacing only the lines that differ, so
-- marks and the cursor outside them stay where they were.
H.restore = function(buf, lines)
  local now = vim.api.nvim_buf_get_lines(buf, 0, -1, true)
  local first = 1
  while first <= #now and first <= #lines and now[first] == lines[first] do
    first = first + 1
  end
  local a, b = #now, #lines
  while a >= first and b >= first and now[a] == lines[b] do
    a, b = a - 1, b - 1
  end
  if first <= a or first <= b then
    vim.api.nvim_buf_set_lines(buf, first - 1, a, true, vim.list_slice(lines, first, b))
  end
end

H.done = function(cb, report)
  local plan = report.plan
  local msg = string.format(
    'renamed %s to %s: %s in %s changed',
    plan.path,
    plan.new_path,
    H.count(report.links, 'link'),
    H.count(report.notes, 'note')
  )
  if (plan.kept or 0) > 0 then
    msg = msg .. string.format(' (%s through a title or alias left as they are)', H.count(plan.kept, 'link'))
  end
  local level = vim.log.levels.INFO
  for _, f in ipairs(report.failed) do
    msg = msg .. string.format('\n%s not changed: %s', f.path, f.message)
    level = vim.log.levels.WARN
  end
  if #(plan.skipped or {}) > 0 then
    msg = msg .. string.format('\n%s skipped: their lines changed since they were read', H.count(#plan.skipped, 'link'))
    level = vim.log.levels.WARN
  end
  if not cb then
    require('loam').notify(msg, level)
  end
  H.finish(cb, nil, report)
end

H.finish = function(cb, err, report)
  if cb then
    return cb(err, report)
  end
  if err then
    require('loam.client').notify_error(err, 'rename')
  elseif report and report.dry_run then
    require('loam').notify(
      string.format(
        'rename %s to %s would change %s in %s (listed in the quickfix list)',
        report.plan.path,
        report.plan.new_path,
        H.count(report.plan.links, 'link'),
        H.count(report.plan.notes, 'note')
      ),
      vim.log.levels.INFO
    )
  end
end

return M
