// An independent LSP client for concord lsp: vscode-jsonrpc and
// vscode-languageserver-protocol, the libraries VS Code's own client is
// built on. Run by TestNodeClient:
//
//   node client.mjs CONCORD_BINARY WORKSPACE
//
// with NODE_PATH naming a node_modules folder holding both packages. It
// plays a writer's session and exits 1 at the first thing that is wrong.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";
import { pathToFileURL } from "node:url";

const require = createRequire(path.join(process.env.NODE_PATH || ".", "x.js"));
const rpc = require("vscode-jsonrpc/node");
const proto = require("vscode-languageserver-protocol");

const [bin, ws] = process.argv.slice(2);
const uri = (p) => pathToFileURL(path.join(ws, p)).href;
const fail = (msg) => {
  console.error("FAIL: " + msg);
  process.exit(1);
};
const check = (ok, msg) => {
  if (!ok) fail(msg);
  console.log("ok: " + msg);
};

const server = spawn(bin, ["lsp"], { cwd: ws, stdio: ["pipe", "pipe", "pipe"] });
let stderr = "";
server.stderr.on("data", (d) => (stderr += d));
const conn = rpc.createMessageConnection(
  new rpc.StreamMessageReader(server.stdout),
  new rpc.StreamMessageWriter(server.stdin),
);

// The latest diagnostics per document, and waiters for the next ones.
const diags = new Map();
const waiters = [];
conn.onNotification(proto.PublishDiagnosticsNotification.type, (p) => {
  diags.set(p.uri, p.diagnostics);
  for (const w of waiters.splice(0)) w();
});
const waitFor = (u, pred, what) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out waiting for " + what + "; last: " + JSON.stringify(diags.get(u)))), 20000);
    const test = () => {
      const d = diags.get(u);
      if (d && pred(d)) {
        clearTimeout(timer);
        resolve(d);
      } else waiters.push(test);
    };
    test();
  });
conn.listen();

// applyEdits applies LSP text edits (UTF-16 positions) to text.
function applyEdits(text, edits) {
  const lines = text.split("\n");
  const offset = (pos) => {
    let off = 0;
    for (let i = 0; i < pos.line; i++) off += lines[i].length + 1;
    return off + pos.character; // JS strings count UTF-16 units, as LSP does
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

async function main() {
  const init = await conn.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid,
    rootUri: pathToFileURL(ws).href,
    capabilities: {},
    workspaceFolders: [{ uri: pathToFileURL(ws).href, name: "ws" }],
  });
  check(init.capabilities.hoverProvider && init.capabilities.codeActionProvider, "initialize announces hover and code actions");
  conn.sendNotification(proto.InitializedNotification.type, {});

  // A new page, typed into: first clean, then with a deprecated phrase.
  const doc = uri("corpus/editing.md");
  let text = "# Orders\n\nThe police may apply for an order.\n";
  let version = 1;
  conn.sendNotification(proto.DidOpenTextDocumentNotification.type, { textDocument: { uri: doc, languageId: "markdown", version, text } });
  await waitFor(doc, (d) => !d.some((x) => x.code === "deprecated-term"), "clean diagnostics for the new page");
  check(true, "a clean page has no deprecated-term diagnostic");

  text = "# Orders\n\nThe police may apply for a stalking prevention order.\n";
  conn.sendNotification(proto.DidChangeTextDocumentNotification.type, { textDocument: { uri: doc, version: ++version }, contentChanges: [{ text }] });
  const d1 = await waitFor(doc, (d) => d.some((x) => x.code === "deprecated-term"), "the deprecated-term diagnostic");
  const dep = d1.find((x) => x.code === "deprecated-term");
  check(dep.range.start.line === 2 && dep.range.start.character === 27 && dep.range.end.line === 2 && dep.range.end.character === 52,
    "the diagnostic covers exactly “stalking prevention order”: " + JSON.stringify(dep.range));
  check(dep.severity === 1 && dep.source === "concord", "it is an error from concord");
  check(dep.codeDescription && dep.codeDescription.href.endsWith("docs/rules.md#deprecated-term"), "its code links to the rule's page");

  // Quick fix: the glossary's wording, applied and then gone.
  const actions = await conn.sendRequest(proto.CodeActionRequest.type, {
    textDocument: { uri: doc },
    range: dep.range,
    context: { diagnostics: [dep] },
  });
  const quick = actions.find((a) => a.title.startsWith("Replace with “Stalking Protection Order”"));
  check(quick && quick.kind === "quickfix" && quick.isPreferred, "a preferred quick fix replaces it with the glossary's wording");
  check(actions.some((a) => a.title.startsWith("Suppress deprecated-term here")), "a suppression comment is offered too");
  const suppress = actions.find((a) => a.title.startsWith("Suppress deprecated-term here"));
  check(suppress.edit.changes[doc][0].newText.startsWith("<!-- concord:ignore deprecated-term reason: "), "the suppression comment names the rule and asks for a reason");
  text = applyEdits(text, quick.edit.changes[doc]);
  check(text === "# Orders\n\nThe police may apply for a Stalking Protection Order.\n", "the edit changes only the phrase: " + JSON.stringify(text));
  conn.sendNotification(proto.DidChangeTextDocumentNotification.type, { textDocument: { uri: doc, version: ++version }, contentChanges: [{ text }] });
  await waitFor(doc, (d) => !d.some((x) => x.code === "deprecated-term"), "the diagnostic to clear");
  check(true, "after the fix the diagnostic is cleared");

  // Hover, definition, references on the term just written.
  const at = { line: 2, character: 30 };
  const hover = await conn.sendRequest(proto.HoverRequest.type, { textDocument: { uri: doc }, position: at });
  const hv = hover && hover.contents.value;
  check(hv && hv.includes("Stalking Protection Order (SPO)") && hv.includes("civil order") && hv.includes("stalking-protection-order.yaml"),
    "hover shows the term, its definition and its YAML file");
  check(hv.includes("Citation:"), "hover shows the citation");
  const def = await conn.sendRequest(proto.DefinitionRequest.type, { textDocument: { uri: doc }, position: at });
  check(def.length === 1 && def[0].uri === uri("glossary/stalking-protection-order.yaml") && def[0].range.start.line === 1,
    "go to definition opens the glossary entry at its id: " + JSON.stringify(def));
  const refs = await conn.sendRequest(proto.ReferencesRequest.type, { textDocument: { uri: doc }, position: at, context: { includeDeclaration: false } });
  check(refs.some((r) => r.uri === doc) && refs.some((r) => r.uri === uri("corpus/stalking-protection-orders.md")),
    "references include the open page and the corpus page on SPOs (" + refs.length + " in all)");

  // A cross-document finding carries related locations in other files.
  const other = uri("corpus/victims-witnesses-and-advocates.md");
  conn.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: other, languageId: "markdown", version: 1, text: fs.readFileSync(path.join(ws, "corpus/victims-witnesses-and-advocates.md"), "utf8") },
  });
  const d2 = await waitFor(other, (d) => d.some((x) => x.code === "inconsistent-description"), "inconsistent-description on an existing page");
  const inc = d2.find((x) => x.code === "inconsistent-description");
  check(inc.relatedInformation && inc.relatedInformation.length > 0 && inc.relatedInformation.every((r) => r.location.uri.startsWith("file://")),
    "a cross-document finding lists " + inc.relatedInformation.length + " related locations");

  // Break a glossary file as it is typed: a positioned error, no save.
  const gl = uri("glossary/stalking-protection-order.yaml");
  const yaml = fs.readFileSync(path.join(ws, "glossary/stalking-protection-order.yaml"), "utf8");
  conn.sendNotification(proto.DidOpenTextDocumentNotification.type, { textDocument: { uri: gl, languageId: "yaml", version: 1, text: yaml } });
  conn.sendNotification(proto.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: gl, version: 2 },
    contentChanges: [{ text: yaml.replace("\ndefinition:", "\ndefintion:") }],
  });
  const d3 = await waitFor(gl, (d) => d.some((x) => x.message.includes("unknown key")), "the glossary error");
  const bad = d3.find((x) => x.message.includes("unknown key"));
  check(bad.range.start.line === 5 && bad.range.start.character === 0 && bad.message.includes('did you mean "definition"'),
    "the broken key is reported at line 6, column 1, with a hint: " + JSON.stringify(bad));
  conn.sendNotification(proto.DidChangeTextDocumentNotification.type, { textDocument: { uri: gl, version: 3 }, contentChanges: [{ text: yaml }] });
  await waitFor(gl, (d) => d.length === 0, "the glossary error to clear");
  check(true, "mending the glossary clears its error");

  await conn.sendRequest(proto.ShutdownRequest.type);
  conn.sendNotification(proto.ExitNotification.type);
  const code = await new Promise((r) => server.on("exit", r));
  check(code === 0, "the server exits 0 after shutdown and exit");
  check(!stderr.includes("internal error"), "no internal errors in the server's log");
  const onDisk = fs.existsSync(path.join(ws, "corpus/editing.md"));
  check(!onDisk, "the server wrote no file");
}

main().then(
  () => process.exit(0),
  (e) => fail(e.stack + "\nserver log:\n" + stderr),
);
