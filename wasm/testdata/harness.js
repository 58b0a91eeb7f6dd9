// Runs the self-check's WebAssembly module under Node, as the page runs it,
// for the differential tests (wasm/node_test.go): one request per line on
// stdin, {"fn": "importFile", "bytes": "<base64>", "maxBytes": N} (the
// file's bytes, read as assets/js/selfcheck/files.js reads a file: refused
// when larger than the root's data-file-bytes, then decoded as strict
// UTF-8, the BOM kept for the module) or {"fn": "evaluate" | "exportFile", "args": [...]}, and one line
// of JSON on stdout with the module's result.
//
//   node harness.js WASM_EXEC_JS MODULE_WASM

'use strict';

globalThis.require = require;
globalThis.fs = require('fs');
globalThis.path = require('path');
globalThis.crypto ??= require('crypto');
require(process.argv[2]);

function call(req) {
  if (req.fn !== 'importFile') return globalThis.molnkollen[req.fn](...req.args);
  const bytes = Buffer.from(req.bytes, 'base64');
  if (bytes.length > req.maxBytes) return { error: 'too-large', args: {} }; // before reading a byte
  let text;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (e) {
    return { error: 'not-json', args: {} }; // as assets/js/selfcheck/files.js reads a file
  }
  return globalThis.molnkollen.importFile(text);
}

const go = new Go();
WebAssembly.instantiate(fs.readFileSync(process.argv[3]), go.importObject).then((result) => {
  go.run(result.instance);
  const lines = require('readline').createInterface({ input: process.stdin });
  lines.on('line', (line) => { process.stdout.write(JSON.stringify(call(JSON.parse(line))) + '\n'); });
  lines.on('close', () => process.exit(0));
});
