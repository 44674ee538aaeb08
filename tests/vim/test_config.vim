vim9script
# tests/vim/test_config.vim: loam#Setup() and its options, with the cases
# Neovim's suite checks too (tests/expected/options.json,
# tests/lua/test_config.lua): one schema, the same answers.

import './loamtest.vim' as t

const shared = json_decode(readfile(t.root .. '/tests/expected/options.json')->join("\n"))

# loam#Setup(opts), vault added unless given; the error it showed, or ''.
def SetupError(opts: dict<any>): string
  loam#Reset()
  var o = extend({vault: t.examples}, opts)
  if loam#Setup(o)
    return ''
  endif
  return substitute(t.LastMessage(), '^error: ', '', '')
enddef

def Each_shared_bad_option_is_rejected_with_its_message()
  for c in shared.rejected
    assert_equal(c.error, SetupError(c.opts), string(c.opts))
  endfor
enddef

def Each_shared_good_option_is_accepted()
  for opts in shared.accepted
    assert_equal('', SetupError(opts), string(opts))
  endfor
enddef

def Every_default_the_schema_gives_is_accepted()
  var schema = json_decode(readfile(t.root .. '/schema/options.json')->join("\n"))
  for e in schema.options
    if type(e.default) == v:t_none
      continue
    endif
    var opts: dict<any> = {}
    var node = opts
    var parts = split(e.name, '\.')
    for p in parts[: -2]
      node[p] = {}
      node = node[p]
    endfor
    node[parts[-1]] = e.default
    assert_equal('', SetupError(opts), e.name)
  endfor
enddef

def Vim_spellings_mean_what_Neovim_means()
  # nil is v:null or '', booleans may be 0/1, log_level a number or a name
  assert_true(t.Setup(t.examples, {helper: null, create: {folder: null, template: ''},
    completion: {tags: 0, create: 1}, log_level: 3}))
  var c = loam#config#Resolve({vault: t.examples, helper: null, create: {folder: null},
    completion: {tags: 0, create: 1}, log_level: 3})
  assert_equal(['', '', false, true, 'warn'], [c.helper, c.create.folder, c.completion.tags,
    c.completion.create, c.log_level])
  c = loam#config#Resolve({vault: t.examples, log_level: 'ERROR'})
  assert_equal('error', c.log_level)
  # a Funcref template, as Neovim takes a function
  assert_true(t.Setup(t.examples, {create: {template: (title) => '# ' .. title}}))
enddef

def The_defaults_are_the_schemas()
  var c = loam#config#Resolve({vault: t.examples})
  assert_equal({enable: true, omnifunc: true, limit: 50, wait: 50, tags: true,
    markdown_links: false, create: true}, c.completion)
  assert_equal(['split', 'gf', 'info', 'auto', 300, 3000], [c.tasks.open, c.mappings.follow,
    c.log_level, c.picker, c.live_delay, c.timeout])
enddef

def A_rejected_option_does_not_keep_setup_failing()
  # 11.6: g:loam_completion = {'tags': v:true} was rejected, and so was
  # every later loam#Setup().
  g:loam_completion = {tags: v:true}
  try
    assert_true(t.Setup(t.examples))
    g:loam_completion = {tags: 'yes'}
    assert_false(t.Setup(t.examples))
    assert_equal("error: (loam) option 'completion.tags' must be a boolean, got \"yes\"",
      t.LastMessage())
    g:loam_completion = {tags: v:false}
    assert_true(t.Setup(t.examples))
    assert_false(loam#config#Resolve({vault: t.examples}).completion.tags)
  finally
    unlet g:loam_completion
  endtry
enddef

def Setup_says_what_is_wrong_with_the_vault()
  assert_false(loam#Setup({helper: t.helper}))
  assert_match("error: (loam) option 'vault' is required", t.LastMessage())
  assert_false(t.Setup('/nonexistent/vault'))
  assert_equal("error: (loam) option 'vault': /nonexistent/vault is not a directory",
    t.LastMessage())
enddef

t.Run([
  ['each shared bad option is rejected with its message',
    Each_shared_bad_option_is_rejected_with_its_message],
  ['each shared good option is accepted', Each_shared_good_option_is_accepted],
  ['every default the schema gives is accepted', Every_default_the_schema_gives_is_accepted],
  ['Vim spellings mean what Neovim means', Vim_spellings_mean_what_Neovim_means],
  ['the defaults are the schema''s', The_defaults_are_the_schemas],
  ['a rejected option does not keep setup failing', A_rejected_option_does_not_keep_setup_failing],
  ['setup says what is wrong with the vault', Setup_says_what_is_wrong_with_the_vault],
])
