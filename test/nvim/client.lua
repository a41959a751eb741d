-- Drives Neovim's built-in LSP client against the bundled server, headless, for test/nvim/neovim.test.ts.
-- Reads a JSON plan from $TFL_NVIM_PLAN, writes what Neovim saw as JSON to plan.output, then quits
-- (exit 0, or 1 when a step failed). Every wait is vim.wait on a condition with a timeout, never a sleep.
-- Written for and verified with Neovim 0.7.2 (Debian bookworm): vim.lsp.start_client + buf_attach_client,
-- vim.lsp.buf.code_action(context). Where later versions changed the API (vim.lsp.start from 0.8,
-- code_action({ context = … }), vim.ui.select items) both shapes are handled, untested here.
-- The Node side asserts; this side only observes and acts.
local plan = vim.fn.json_decode(table.concat(vim.fn.readfile(vim.env.TFL_NVIM_PLAN), '\n'))
local TIMEOUT = plan.timeoutMs or 10000
local started = vim.loop.hrtime()
local function ms()
  return math.floor((vim.loop.hrtime() - started) / 1e6)
end

local version = vim.version() -- a plain table in 0.7, an object with methods from 0.10: copy the numbers
local result = {
  nvim = { major = version.major, minor = version.minor, patch = version.patch },
  timings = {},
  files = {},
  actions = {},
  applied = {},
}

-- Raw publishDiagnostics as the server sent them (counted per URI), then Neovim's own handler.
local published = {}
local neovim_publish = vim.lsp.handlers['textDocument/publishDiagnostics']
vim.lsp.handlers['textDocument/publishDiagnostics'] = function(err, params, ctx, config)
  local entry = published[params.uri] or { count = 0 }
  entry.count = entry.count + 1
  entry.version = params.version
  published[params.uri] = entry
  return neovim_publish(err, params, ctx, config)
end

local function wait_for(what, condition)
  if not vim.wait(TIMEOUT, condition, 10) then
    error('timed out after ' .. TIMEOUT .. ' ms waiting for ' .. what, 0)
  end
end

-- before_init sees the initialize params exactly as Neovim sends them: record its capabilities.
local initialize_params
local config = {
  name = 'twelve-factor',
  cmd = plan.cmd,
  root_dir = plan.root,
  before_init = function(params)
    initialize_params = params
  end,
}
local client_id
local buffers = {} -- relative path -> bufnr

local function open(relative)
  vim.cmd('edit ' .. vim.fn.fnameescape(plan.root .. '/' .. relative))
  local bufnr = vim.api.nvim_get_current_buf()
  if vim.lsp.start then
    client_id = vim.lsp.start(config)
  else
    client_id = client_id or vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, client_id)
  end
  buffers[relative] = bufnr
  return bufnr
end

-- What Neovim holds for a buffer (what the user sees), 1-based; columns are byte columns (+1).
local function diagnostics_of(bufnr)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(list, {
      code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code),
      source = d.source,
      severity = d.severity,
      line = d.lnum + 1,
      column = d.col + 1,
      endLine = d.end_lnum + 1,
      endColumn = d.end_col + 1,
    })
  end
  table.sort(list, function(a, b)
    if a.line ~= b.line then
      return a.line < b.line
    end
    if a.column ~= b.column then
      return a.column < b.column
    end
    return tostring(a.code) < tostring(b.code)
  end)
  return list
end

local function key_of(list)
  local keys = {}
  for _, d in ipairs(list) do
    table.insert(keys, string.format('%s@%d:%d', d.code, d.line, d.column))
  end
  return table.concat(keys, ' ')
end

local function uri_of(bufnr)
  return vim.uri_from_bufnr(bufnr)
end

-- The server has answered the buffer's current text (its publish carries that version).
-- (Neovim sends b:changedtick as the version of every didChange.)
local function published_current(bufnr)
  local entry = published[uri_of(bufnr)]
  return entry ~= nil and entry.version == vim.api.nvim_buf_get_changedtick(bufnr)
end

-- Neovim's own LSP form of the diagnostics on a line (what its code_action() sends when not given any).
local function lsp_line_diagnostics(bufnr, lnum)
  if vim.lsp.diagnostic.get_line_diagnostics then
    return vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum)
  end
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = lnum })) do
    table.insert(list, d.user_data and d.user_data.lsp)
  end
  return list
end

-- Runs vim.lsp.buf.code_action() as a user would, on the diagnostic `d` (line/column 1-based) of the
-- current buffer: Neovim builds the context from its own line diagnostics, asks the server, and
-- hands the actions to vim.ui.select, which here picks `choose` by exact title (or cancels).
local function code_action(bufnr, code, line, column, choose)
  vim.api.nvim_set_current_buf(bufnr)
  vim.api.nvim_win_set_cursor(0, { line, column - 1 })
  local on_line = lsp_line_diagnostics(bufnr, line - 1)
  local context = { diagnostics = {} }
  for _, d in ipairs(on_line) do
    if d.code == code and d.range.start.character == column - 1 then
      table.insert(context.diagnostics, d)
    end
  end
  if #context.diagnostics ~= 1 then
    error(string.format('%s: expected one %s diagnostic at %d:%d, Neovim has %d', vim.api.nvim_buf_get_name(bufnr), code, line, column, #context.diagnostics), 0)
  end
  local offered
  local chosen = false
  local select = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    offered = {}
    local pick
    for i, item in ipairs(items) do
      local action = item.action or item[2] -- 0.10+: { action, ctx }; 0.7: { client_id, action }
      table.insert(offered, { title = action.title, kind = action.kind, isPreferred = action.isPreferred or false, edit = action.edit and (action.edit.documentChanges and 'documentChanges' or 'changes') or nil, command = action.command and (action.command.command or action.command) or nil })
      if choose and action.title == choose then
        pick = i
      end
    end
    vim.ui.select = select
    chosen = pick ~= nil
    on_choice(pick and items[pick] or nil, pick)
  end
  local ok, err = pcall(vim.lsp.buf.code_action, vim.fn.has('nvim-0.8') == 1 and { context = context } or context)
  if not ok then
    vim.ui.select = select
    error(err, 0)
  end
  wait_for('code actions for ' .. code .. ' at ' .. line .. ':' .. column, function()
    return offered ~= nil
  end)
  return offered, chosen
end

local function main()
  vim.o.hidden = true
  vim.o.swapfile = false

  -- 1. Open every file; Neovim detects the filetype (its languageId) and sends didOpen.
  for _, file in ipairs(plan.files) do
    local bufnr = open(file.path)
    result.files[file.path] = { filetype = vim.bo[bufnr].filetype }
  end
  wait_for('initialize', function()
    local client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.initialized == true
  end)
  result.timings.initialized = ms()
  local client = vim.lsp.get_client_by_id(client_id)
  local sent = initialize_params.capabilities
  result.clientInfo = initialize_params.clientInfo
  result.capabilities = {
    workspace = {
      applyEdit = sent.workspace.applyEdit,
      configuration = sent.workspace.configuration,
      workspaceEdit = sent.workspace.workspaceEdit,
    },
    textDocument = { codeAction = sent.textDocument.codeAction, publishDiagnostics = sent.textDocument.publishDiagnostics },
  }
  result.offsetEncoding = client.offset_encoding
  result.serverPid = client.rpc and client.rpc.pid

  -- 2. Diagnostics: wait until each buffer shows the expected set (report what it has either way).
  for _, file in ipairs(plan.files) do
    local bufnr = buffers[file.path]
    local ok = vim.wait(TIMEOUT, function()
      return key_of(diagnostics_of(bufnr)) == key_of(file.expect)
    end, 10)
    result.files[file.path].diagnostics = diagnostics_of(bufnr)
    result.files[file.path].settled = ok
  end
  result.timings.diagnostics = ms()

  -- 3. What the code-action menu offers for each diagnostic (nothing applied).
  for _, file in ipairs(plan.files) do
    for _, d in ipairs(diagnostics_of(buffers[file.path])) do
      local offered = code_action(buffers[file.path], d.code, d.line, d.column, nil)
      table.insert(result.actions, { file = file.path, code = d.code, line = d.line, column = d.column, offered = offered })
    end
  end
  result.timings.actions = ms()

  -- 4. Apply actions through the menu, then wait for the server's answer to the edited text.
  for _, step in ipairs(plan.apply) do
    local bufnr = buffers[step.file]
    local before = vim.api.nvim_buf_get_changedtick(bufnr)
    local _, chosen = code_action(bufnr, step.code, step.line, step.column, step.title)
    if not chosen then
      error(string.format('%s: no action titled %q for %s at %d:%d', step.file, step.title, step.code, step.line, step.column), 0)
    end
    wait_for('the edit of ' .. step.title, function()
      return vim.api.nvim_buf_get_changedtick(bufnr) ~= before
    end)
    -- The server's answer to the edited text; program verdicts (handle-sigterm) may follow in a later
    -- publish, so wait for the expected set too, and report what is there after the timeout.
    wait_for('diagnostics after ' .. step.title, function()
      return published_current(bufnr)
    end)
    local settled = vim.wait(TIMEOUT, function()
      return key_of(diagnostics_of(bufnr)) == key_of(step.expect)
    end, 10)
    local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
    vim.api.nvim_buf_call(bufnr, function()
      vim.cmd('silent write')
    end)
    table.insert(result.applied, {
      file = step.file,
      title = step.title,
      lines = lines,
      diagnostics = diagnostics_of(bufnr),
      settled = settled,
      publishes = published[uri_of(bufnr)].count,
      ms = ms(),
    })
  end
  result.timings.applied = ms()

  -- 5. shutdown + exit; the client is gone once the server process has exited.
  vim.lsp.stop_client(client_id)
  wait_for('the server to stop', function()
    return vim.lsp.get_client_by_id(client_id) == nil
  end)
  result.timings.stopped = ms()
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  result.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(result) }, plan.output)
if ok then
  vim.cmd('qall!')
else
  if client_id then
    vim.lsp.stop_client(client_id, true)
  end
  vim.cmd('cquit 1')
end
