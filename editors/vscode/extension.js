// The evalrules extension: highlighting comes from the grammar alone (package.json); this file
// starts the language server `evalrules lsp` when the client library is installed (`npm install`
// in this folder) and the setting `evalrules.server.enabled` is on. Without either, highlighting
// still works and the extension says once how to get the rest.
"use strict";

const vscode = require("vscode");

let client;

function serverOptions(lc, settings) {
  const [command, ...args] = settings.get("server.command", ["evalrules", "lsp"]);
  // TransportKind.stdio adds `--stdio`, which `evalrules lsp` accepts.
  return { command, args, transport: lc.TransportKind.stdio };
}

function activate(context) {
  const settings = vscode.workspace.getConfiguration("evalrules");
  if (!settings.get("server.enabled", true)) {
    return undefined;
  }
  let lc;
  try {
    lc = require("vscode-languageclient/node");
  } catch (error) {
    vscode.window.showInformationMessage(
      "evalrules: 语言服务器未启动，请在扩展目录运行 npm install。The language server is not started: run `npm install` in the extension's folder.",
    );
    return undefined;
  }
  const clientOptions = {
    documentSelector: [{ language: "evalrules" }],
    initializationOptions: { lang: settings.get("language", "zh") },
  };
  client = new lc.LanguageClient("evalrules", "evalrules", serverOptions(lc, settings), clientOptions);
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate, serverOptions };
