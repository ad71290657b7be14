// The editor's view of the pack: the YAML language server (the engine of VS Code's "YAML" extension,
// redhat.vscode-yaml) reads each bundled file's schema from its first line, exactly as the editor does,
// and must find no error in the bundled files, find every typo below at its position, and complete a
// reason code with its Chinese label. The pytest suite checks the same schemas with Python's jsonschema;
// this checks that the editor reads them the same way (modeline, relative path, draft-07, enums).
//
// Usage: node .ci/yaml_language_server.js NODE_MODULES_PARENT POLICIES_DIR
//   (NODE_MODULES_PARENT holds node_modules with yaml-language-server, vscode-languageserver-textdocument
//   and vscode-uri; .ci/run installs them from npm into a temporary folder.)
"use strict";
const fs = require("fs");
const path = require("path");
const modules = path.resolve(process.argv[2], "node_modules");
const { URI } = require(path.join(modules, "vscode-uri"));
const { TextDocument } = require(path.join(modules, "vscode-languageserver-textdocument"));
const { getLanguageService } = require(
  path.join(modules, "yaml-language-server/out/server/src/languageservice/yamlLanguageService"),
);

const dir = path.resolve(process.argv[3]);
const read = (uri) => Promise.resolve(fs.readFileSync(URI.parse(uri).fsPath, "utf8"));
const relative = (ref, base) => URI.file(path.resolve(path.dirname(URI.parse(base).fsPath), ref)).toString();
const service = getLanguageService({
  schemaRequestService: read,
  workspaceContext: { resolveRelativePath: relative },
  clientCapabilities: {},
});
service.configure({ validate: true, completion: true, hover: true, yamlVersion: "1.2" });

let version = 0; // the service caches a document by URI and version: every text gets its own version
const documentOf = (name, text) =>
  TextDocument.create(URI.file(path.join(dir, name)).toString(), "yaml", ++version, text);
const original = (name) => fs.readFileSync(path.join(dir, name), "utf8");
const failures = [];

// A mistyped name in a file, the line (1-based) where the editor must report it.
const TYPOS = [
  ["matter_review.yaml", "reasons: [public_safety]", "reasons: [public_safty]"],
  ["matter_review.yaml", "    clause: 一(一)1\n", "    clause: 一(一)9\n"],
  ["leniency.yaml", "settings: [leniency.exempt_requires_all_favorable,", "settings: [leniency.exempt_requires_all_favourable,"],
  ["verification.yaml", "kind: verification\n", "kind: verificaton\n"],
  ["settings.yaml", "    source: interpretation\n", "    source: interpretaton\n"],
];

(async () => {
  const names = fs.readdirSync(dir).filter((n) => n.endsWith(".yaml")).sort();
  for (const name of names) {
    const found = await service.doValidation(documentOf(name, original(name)), false);
    for (const d of found) failures.push(`${name}:${d.range.start.line + 1}: false error: ${d.message}`);
  }
  for (const [name, before, after] of TYPOS) {
    const text = original(name);
    if (!text.includes(before)) {
      failures.push(`${name}: the text to mistype is gone: ${JSON.stringify(before)}`);
      continue;
    }
    const line = text.slice(0, text.indexOf(before)).split("\n").length + (before.startsWith("\n") ? 1 : 0);
    const found = await service.doValidation(documentOf(name, text.replace(before, after)), false);
    if (!found.some((d) => d.range.start.line + 1 === line && /not accepted/.test(d.message))) {
      failures.push(`${name}:${line}: ${JSON.stringify(after.trim())} not reported: ${JSON.stringify(found.map((d) => d.message))}`);
    }
  }
  const text = original("matter_review.yaml").replace("reasons: [public_safety]", "reasons: [pu]");
  const document = documentOf("matter_review.yaml", text);
  const at = document.positionAt(text.indexOf("reasons: [pu]") + "reasons: [pu".length);
  const completion = await service.doComplete(document, at, false);
  const item = completion.items.find((i) => i.label === "public_safety");
  const shown = item && (typeof item.documentation === "string" ? item.documentation : item.documentation?.value);
  if (!shown || !shown.startsWith("直接涉及公共安全")) {
    failures.push(`matter_review.yaml: completing a reason code does not offer public_safety with its Chinese label: ${shown}`);
  }
  if (failures.length) {
    console.error(failures.join("\n"));
    process.exit(1);
  }
  console.log(`yaml-language-server: ${names.length} files without error, ${TYPOS.length} typos reported, reason codes completed in Chinese`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
