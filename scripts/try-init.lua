-- A minimal init for scripts/try.sh: loads only loam, on the vault given in
-- $LOAM_VAULT, with the helper built in the repo's build/ folder.
local root = assert(os.getenv('LOAM_ROOT'), 'run scripts/try.sh')
vim.opt.runtimepath:prepend(root)
vim.opt.swapfile = false
vim.opt.completeopt = { 'menuone', 'noselect', 'popup' }
vim.cmd('filetype plugin indent on')
vim.cmd('syntax on')
vim.cmd('runtime plugin/loam.lua')
require('loam').setup({ vault = os.getenv('LOAM_VAULT') })
vim.keymap.set('n', '<leader>t', '<Plug>(loam-tasks)')
vim.keymap.set('n', '<leader>b', '<Plug>(loam-backlinks)')
print('loam demo: type [[ then <C-x><C-o> in insert mode; gf follows a link; :Loam tasks on a query block')
