// Files: save the answers as a file (the module writes it), read a saved
// file in (the module checks it, as cmd/selfcheck does), and the notices
// after reading one: what to answer again after a file of an earlier
// version of the questions, and a stored result that differs.

import { byData, byId, text } from './dom.js';
import { call } from './engine.js';
import { findQuestion, linkTo } from './form.js';
import { isoDate, now } from './casefile.js';
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
// export, or null when the module refuses: the error shown is the one of
// data "formMessages" for its code ([data-message="form-<code>"], e.g. a
// clock no file can hold, or answers too large), else "other".
export function saveFile(engine, answers) {
  hideMessages();
  const at = now();
  const res = call(engine, 'exportFile', JSON.stringify(answers), at);
  if (res.error || typeof res.json !== 'string') { showError('form-' + res.error); return null; }
  const name = 'sjalvskattning-' + isoDate(at) + '.json';
  download(name, res.json);
  return { name, at };
}

// Reads the file as bytes and decodes strict UTF-8 (a BOM is kept for the
// module to strip), so the page refuses what cmd/selfcheck refuses.
async function readFileText(file) {
  const bytes = await file.arrayBuffer();
  return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
}

// readFile reads the file chosen in input through the module and resolves
// with the module's result ({answers, exportedAt, from, reask, differs}); with null
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

// showImported shows, after a file is read in, the notices the module's
// result res calls for: what must be answered again (a file of an earlier
// version) and how the file's stored result differs from a fresh
// evaluation; focus moves to the first one shown.
export function showImported(form, res) {
  if (res.from) showReask(form, res.reask);
  if (res.differs.length) showDiffers(res.differs);
  showDecisions(res);
  const first = res.from ? byId('sc-reask') : res.differs.length ? byId('sc-differs') : null;
  if (first) first.focus();
}

// showDecisions says that the file holds a decision record (issue 17),
// which saving from the self-check does not keep, and whether its
// decisions were made on other answers than the file's.
function showDecisions(res) {
  const notice = byId('sc-decisions');
  if (!notice || !res.decisions) return;
  notice.querySelector('[data-decisions-n]').textContent = String(res.decisions);
  notice.querySelector('[data-decisions-other]').hidden = !res.otherAnswers;
  notice.hidden = false;
}

// showReask lists what must be answered again, each with the earlier
// answer and comment in words (from the module, in the words of the
// version the file was made with), so that nothing is lost without a word.
// A question the page no longer has is named without a link.
function showReask(form, reask) {
  const list = byId('sc-reask-list');
  list.textContent = '';
  const tpl = byId('sc-reask-row');
  for (const r of reask) {
    const q = findQuestion(form, r.id);
    const row = tpl.content.firstElementChild.cloneNode(true);
    const link = row.querySelector('[data-change]');
    link.textContent = q ? q.el.dataset.short : r.short;
    if (q) linkTo(link, r.id); else link.removeAttribute('data-change');
    const earlier = [];
    if (r.value) earlier.push(text('reask_earlier') + ' ' + r.label);
    if (r.note) earlier.push(text('reask_note') + ' ' + r.note);
    row.querySelector('[data-reask-earlier]').textContent = earlier.length ? ' (' + earlier.join(' ') + ')' : '';
    list.appendChild(row);
  }
  byData('reask-intro', '').hidden = reask.length === 0;
  byId('sc-reask').hidden = false;
}

// showDiffers lists, for each part of the result the file states otherwise,
// what the file says and what the rules give now (texts from the module).
function showDiffers(differs) {
  const list = byId('sc-differs-list');
  list.textContent = '';
  const tpl = byId('sc-differs-row');
  for (const d of differs) {
    const row = tpl.content.firstElementChild.cloneNode(true);
    row.querySelector('dt').textContent = d.title;
    fillList(row.querySelector('[data-differs-file]'), d.file);
    fillList(row.querySelector('[data-differs-now]'), d.now);
    list.appendChild(row);
  }
  byId('sc-differs').hidden = false;
}

// fillList puts texts in the list that el holds, one item each; with none
// its "none" item stays.
function fillList(el, texts) {
  const items = el.querySelector('[data-differs-items]');
  if (texts.length) items.textContent = '';
  for (const t of texts) {
    const li = document.createElement('li');
    li.textContent = t;
    items.appendChild(li);
  }
}
