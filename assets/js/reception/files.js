// Reading files: each chosen or dropped file is read as bytes, decoded as
// strict UTF-8 (as the self-check reads a file) and checked by the module's
// verifyFile, the same Go code as cmd/selfcheck. The cases live in memory
// only: nothing is stored.

import { call } from '../selfcheck/engine.js';

let next = 0;

async function readText(file, maxBytes) {
  if (file.size > maxBytes) return null; // refused before reading a byte
  const bytes = await file.arrayBuffer();
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

// verify checks a file's text; a refused text gives {error}.
export function verify(engine, text) {
  if (text === null) return { error: 'too-large' };
  return call(engine, 'verifyFile', text);
}

// readFiles reads the files and returns one case for each: {n, name, text,
// res}, res being verifyFile's result.
export async function readFiles(engine, files, maxBytes) {
  const out = [];
  for (const file of Array.from(files)) {
    let text = null;
    let res;
    try {
      text = await readText(file, maxBytes);
      res = verify(engine, text);
    } catch (e) {
      res = { error: 'not-json' };
    }
    out.push({ n: ++next, name: file.name, text, res });
  }
  return out;
}

// status says whether a case checks out: 'ok', 'older' (checked with the
// rules it was made with), or the reason it does not: a refusal's code,
// 'result-differs', 'decided-on-other-answers'.
export function status(c) {
  const r = c.res;
  if (r.error) return r.error;
  if (r.differs) return 'result-differs';
  if (r.otherAnswers) return 'decided-on-other-answers';
  return r.from ? 'older' : 'ok';
}

export const checksOut = (c) => ['ok', 'older'].includes(status(c));
