" plugin/loam.vim: loam for Vim 9 (Neovim uses plugin/loam.lua).
"
" Defines what loam registers at startup and nothing more: the :Loam
" command, the <Plug> maps and the autocommands that attach vault notes.
" Everything else is in autoload/loam.vim and autoload/loam/*.vim, loaded
" when a Markdown buffer opens or a command runs. See :help loam-vim.

" Neovim sources plugin/*.vim too: it has plugin/loam.lua.
if has('nvim')
  finish
endif
if v:version < 900 || !has('vim9script') || !has('channel') || !has('job')
  " Say so when someone means to use loam, never for a plain startup.
  let s:loam_why = printf('(loam) needs Vim 9.0 or newer with +vim9script, +channel and +job '
        \ .. '(this is Vim %d.%d)', v:version / 100, v:version % 100)
  if exists('g:loam_vault')
    echohl WarningMsg | echomsg s:loam_why | echohl None
  endif
  execute 'command! -nargs=* Loam echohl ErrorMsg | echomsg' string(s:loam_why) '| echohl None'
  finish
endif

vim9script

if exists('g:loaded_loam')
  finish
endif
g:loaded_loam = 1

# :Loam {subcommand} [args]: tasks [query], toggle, status [symbol],
# backlinks, follow, related, stats, restart.
command! -nargs=+ -complete=customlist,loam#CompleteCommand Loam loam#Command(<q-args>)

nnoremap <silent> <Plug>(loam-follow) <Cmd>call loam#links#Follow()<CR>
nnoremap <silent> <Plug>(loam-backlinks) <Cmd>call loam#links#Backlinks()<CR>
nnoremap <silent> <Plug>(loam-related) <Cmd>call loam#links#Related()<CR>
nnoremap <silent> <Plug>(loam-tasks) <Cmd>call loam#tasks#Run('')<CR>
nnoremap <silent> <Plug>(loam-toggle) <Cmd>call loam#tasks#Toggle()<CR>

# Markdown buffers inside the vault become loam notes (once loam is set up:
# loam#Setup() or g:loam_vault). BufRead covers setups without :filetype on;
# FileType re-applies 'omnifunc' after a filetype plugin set its own.
augroup loam
  autocmd!
  autocmd BufReadPost,BufNewFile *.md loam#Attach(expand('<abuf>')->str2nr())
  autocmd FileType markdown loam#Attach(expand('<abuf>')->str2nr())
  autocmd BufWritePost * if exists('b:loam_attached') | loam#OnWrite(expand('<abuf>')->str2nr()) | endif
augroup END
