// Files: save the answers as a file (the module writes it), read a saved
// file in (the module checks it, as cmd/selfcheck does), and the notice
// after reading a file of an earlier version of the questions.

import { byData, byId, text } from './dom.js';
import { call } from './engine.js';
import { answerText, findQuestion, linkTo } from './form.js';
import { isoDate } from './casefile.js';
import { hideMessages, showError } from './messages.js';

// createFiles returns the file state of the root: the largest file to read
// (data-file-bytes) and a count of reads and clears, so that a slow read
// another action overtook is dropped.
export function createFiles(root) {
  return { maxBytes: Number(root.dataset.fileBytes), action: 0 };
}

// cancelReads drops any read still under way.
export function cancelReads(files) { files.action++; }

function download(name, body) {
  // A Blob URL is same-origin, so the download works under the strict CSP.
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// saveFile downloads the answers as a file and returns its name and time of
// export, or null (with the error shown) when the module fails.
export function saveFile(engine, answers) {
  hideMessages();
  const now = new Date().toISOString();
  const res = call(engine, 'exportFile', JSON.stringify(answers), now);
  if (res.error || typeof res.json !== 'string') { showError('other'); return null; }
  const name = 'sjalvskattning-' + isoDate(now) + '.json';
  download(name, res.json);
  return { name, at: now };
}

// Reads the file as bytes and decodes strict UTF-8 (a BOM is kept for the
// module to strip), so the page refuses what cmd/selfcheck refuses.
async function readFileText(file) {
  const bytes = await file.arrayBuffer();
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

// readFile reads the file chosen in input through the module and resolves
// with the module's result ({answers, exportedAt, from, reask}); with null
// when there is no file, the file is refused (the error shown, the answers
// on screen left as they are) or a later read or a clear came first.
export async function readFile(files, engine, input) {
  const file = input.files && input.files[0];
  if (!file) return null;
  const action = ++files.action;
  hideMessages();
  let res;
  if (file.size > files.maxBytes) res = { error: 'too-large' }; // before reading a byte
  else {
    try { res = call(engine, 'importFile', await readFileText(file)); } catch (e) { res = { error: 'not-json' }; }
  }
  if (action !== files.action) return null; // the later action has the last word
  input.value = '';
  if (res.error) { showError(res.error, res.args); return null; }
  return res;
}

// showReask lists, after an older file, what must be answered again, each
// with the earlier answer and comment as text, so that nothing is lost
// without a word.
export function showReask(form, reask) {
  const list = byId('sc-reask-list');
  list.textContent = '';
  const tpl = byId('sc-reask-row');
  for (const r of reask) {
    const q = findQuestion(form, r.id);
    const row = tpl.content.firstElementChild.cloneNode(true);
    const link = row.querySelector('[data-change]');
    link.textContent = q ? q.el.dataset.short : r.id;
    linkTo(link, r.id);
    const earlier = [];
    if (r.value) earlier.push(text('reask_earlier') + ' ' + (q ? answerText(form, q, r.value) : r.value));
    if (r.note) earlier.push(text('reask_note') + ' ' + r.note);
    row.querySelector('[data-reask-earlier]').textContent = earlier.length ? ' (' + earlier.join(' ') + ')' : '';
    list.appendChild(row);
  }
  byData('reask-intro', '').hidden = reask.length === 0;
  byId('sc-reask').hidden = false;
  byId('sc-reask').focus();
}
