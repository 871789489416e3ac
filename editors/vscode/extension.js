// The argmap extension: starts `argmap lsp` for .arg files and talks to it over stdio.
//
// Highlighting comes from the TextMate grammar alone; everything else
// (diagnostics from every rule, hover, go to definition, rename, formatting)
// comes from the language server, which is the argmap program itself.

"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

const SECTION = "argmap";
let client;

/** `${workspaceFolder}` in a setting, as VS Code's own settings write it, made the first folder's path. */
function expand(value, folder) {
  return folder === undefined ? value : value.split("${workspaceFolder}").join(folder);
}

/** How to start the server: the `argmap.server.path` program, `lsp`, then `argmap.server.args`. */
function serverOptions(settings, folder) {
  const command = expand((settings.get("server.path") || "").trim() || "argmap", folder);
  const extra = (settings.get("server.args") || []).map((arg) => expand(String(arg), folder));
  return { command, args: ["lsp", ...extra], transport: TransportKind.stdio };
}

function workspaceFolder() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

function clientOptions() {
  return {
    documentSelector: [
      { scheme: "file", language: "argmap" },
      { scheme: "untitled", language: "argmap" },
    ],
    // A split map is checked through the file that includes it: the server hears of every .arg save.
    synchronize: {
      configurationSection: SECTION,
      fileEvents: vscode.workspace.createFileSystemWatcher("**/*.arg"),
    },
  };
}

async function start() {
  const settings = vscode.workspace.getConfiguration(SECTION);
  const options = serverOptions(settings, workspaceFolder());
  client = new LanguageClient(SECTION, "argmap", options, clientOptions());
  try {
    await client.start();
  } catch (error) {
    client = undefined;
    const reason = error && error.message ? error.message : String(error);
    const choice = await vscode.window.showErrorMessage(
      `argmap: could not start "${options.command} lsp" (${reason}). ` +
        "Install argmap (pip install argmap) or set argmap.server.path to the argmap program.",
      "Open settings",
    );
    if (choice === "Open settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "argmap.server");
    }
  }
}

async function stop() {
  if (client !== undefined) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function restart() {
  await stop();
  await start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("argmap.restartServer", restart),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("argmap.server")) {
        return restart();
      }
      return undefined;
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate, serverOptions };
