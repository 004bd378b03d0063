// Tokenizes texts with the TextMate grammar of editors/vscode, as VS Code does (vscode-textmate
// and vscode-oniguruma, installed by `npm ci` in editors/vscode). Reads {"grammar": PATH,
// "texts": [TEXT, ...]} on standard input; writes, for each text, its lines as lists of
// [start, end, scopes] tokens (offsets in UTF-16 units, as JavaScript strings count).
"use strict";

const fs = require("fs");
const path = require("path");

const modules = path.join(__dirname, "..", "editors", "vscode", "node_modules");
const textmate = require(path.join(modules, "vscode-textmate"));
const oniguruma = require(path.join(modules, "vscode-oniguruma"));

async function main() {
  const input = JSON.parse(fs.readFileSync(0, "utf-8"));
  const wasm = fs.readFileSync(path.join(modules, "vscode-oniguruma", "release", "onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(fs.readFileSync(input.grammar, "utf-8"), input.grammar),
  });
  const grammar = await registry.loadGrammar("source.evalrules");
  const result = input.texts.map((text) => {
    let state = textmate.INITIAL;
    return text.split("\n").map((line) => {
      const tokens = grammar.tokenizeLine(line, state);
      state = tokens.ruleStack;
      return tokens.tokens.map((t) => [t.startIndex, t.endIndex, t.scopes]);
    });
  });
  process.stdout.write(JSON.stringify(result));
}

main().catch((error) => {
  process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
  process.exit(1);
});
