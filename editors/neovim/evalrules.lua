-- evalrules rule files in Neovim (0.8 or newer): the file type, and the language server
-- `evalrules lsp` for every rule file opened. Put this file in ~/.config/nvim/plugin/ (or source
-- it from init.lua). Needs `pip install 'evalrules[editor]'`; if `evalrules` is not on PATH, write
-- the Python it is installed in: cmd = { "/path/to/.venv/bin/python", "-m", "evalrules", "lsp" }.

vim.filetype.add({ extension = { rules = "evalrules" } })

vim.api.nvim_create_autocmd("FileType", {
  pattern = "evalrules",
  callback = function(event)
    vim.bo[event.buf].commentstring = "# %s"
    vim.lsp.start({
      name = "evalrules",
      cmd = { "evalrules", "lsp" },
      root_dir = vim.fs.dirname(vim.api.nvim_buf_get_name(event.buf)),
      init_options = { lang = "zh" }, -- or "en": the language of the messages
    })
  end,
})
