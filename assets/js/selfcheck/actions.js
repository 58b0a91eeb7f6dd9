// What the page's links and buttons do: a click is looked up in a table,
// and the actions that need more than one module (save, read in, clear)
// are here. Clicks are delegated to the root; links keep working as
// anchors when the page is not step by step.

import { all, byId, text } from './dom.js';
import { whenReady } from './engine.js';
import { findQuestion, readAnswers } from './form.js';
import { openNote } from './notes.js';
import { clearWarnings } from './personal.js';
import { goNext, goToQuestion, showStep, stepIndex } from './steps.js';
import { toggleDisclosure } from './disclose.js';
import { cancelReads, readFile, saveFile, showImported } from './files.js';
import { announce, hideMessages, showDone, toggleConfirm } from './messages.js';
import { forgetAll } from './storage.js';
import { takeOffer } from './resume.js';
import { isoDate } from './casefile.js';
import { setAnswers, update } from './page.js';

// What a click on a link or button does: the first entry whose selector
// (match) the element matches runs, as run(page, el). Entries marked
// stepwise count only step by step (otherwise their links are plain
// anchors); those marked link stop the browser following the link.
const clicks = [
  { match: '[data-goto]', stepwise: true, link: true,
    run: (page, el) => moveTo(page, stepIndex(page.steps, el.dataset.goto)) },
  { match: '[data-go="next"]', run: (page) => goNext(page.steps) },
  { match: '[data-go="back"]', run: (page) => moveTo(page, page.steps.current - 1) },
  { match: '[data-change]', stepwise: true, link: true,
    run: (page, el) => goToQuestion(page.steps, findQuestion(page.form, el.dataset.change),
      !!el.closest('[data-step="summary"]')) },
  { match: '[data-disclose]', run: (page, el) => toggleDisclosure(el) },
  { match: '[data-note-open]', run: (page, el) => openNote(page.notes, el.dataset.noteOpen, page.steps.wizard) },
  { match: '[data-save-later], #sc-export', run: (page, el) => whenReady(page.engine, () => exportAnswers(page, el)) },
  { match: '#sc-resume-yes', run: (page) => takeOffer(page, true) },
  { match: '#sc-resume-no', run: (page) => takeOffer(page, false) },
  { match: '#sc-error a', link: true, run: (page, el) => byId(el.hash.slice(1)).focus() },
  { match: '#sc-print', run: () => window.print() },
  { match: '#sc-clear', run: () => toggleConfirm(true) },
  { match: '#sc-clear-yes', run: (page) => clearAll(page) },
  { match: '#sc-clear-no', run: () => toggleConfirm(false) },
];

export function onClick(page, e) {
  const el = e.target.closest('a, button');
  if (!el || !page.root.contains(el)) return;
  const entry = clicks.find((c) => el.matches(c.match) && (!c.stepwise || page.steps.wizard));
  if (!entry) return;
  if (entry.link) e.preventDefault();
  entry.run(page, el);
}

// moveTo shows page i as a move of the user's own: a history entry, and no
// way back to the summary that "Ändra" gave.
function moveTo(page, i) {
  page.steps.returning = false;
  showStep(page.steps, i, true, 'push');
}

// exportAnswers saves the answers as a file and says so beside the button
// el: the file's name, where it is, how to continue.
function exportAnswers(page, el) {
  const saved = saveFile(page.engine, readAnswers(page.form));
  if (!saved) return;
  page.changedAt = saved.at;
  update(page);
  showDone(el.closest('.sc-step-nav, .sc-actions') || el, text('export_done').replace('{file}', () => saved.name));
}

// importAnswers reads the file chosen in input; its answers replace those
// on screen, and the summary shows them.
export async function importAnswers(page, input) {
  const name = input.files && input.files[0] ? input.files[0].name : '';
  await new Promise((resolve) => whenReady(page.engine, resolve)); // the first screen's file field may come first
  const res = await readFile(page.files, page.engine, input);
  if (!res) return;
  const answers = JSON.parse(res.answers);
  setAnswers(page, answers);
  page.changedAt = res.exportedAt;
  update(page);
  const summary = stepIndex(page.steps, 'summary');
  if (page.steps.wizard) showStep(page.steps, summary, !res.from, 'push');
  showImported(page.form, res);
  showDone(page.steps.list[summary].querySelector('h2'), importedText(answers, res, name));
}

// importedText says what a file read in held: its name, the service (the
// first question that identifies the case, [data-ident]), when it was saved.
function importedText(answers, res, name) {
  const ident = all('[data-ident]')[0];
  const service = ident && answers[ident.dataset.ident] ? answers[ident.dataset.ident].value : '';
  // Functions as replacements: a "$" in a name is text, not a pattern.
  const said = service ? text('import_service').replace('{service}', () => service) : '';
  return text(res.from ? 'import_older' : 'import_done').replace('{file}', () => name)
    .replace('{date}', isoDate(res.exportedAt)).replace(/\s*\{service\}\s*/, said ? () => ' ' + said + ' ' : ' ');
}

// clearAll clears the form and everything the page keeps in the browser.
export function clearAll(page) {
  startAfresh(page);
  forgetAll(page.storage);
  announce(text('clear_done'));
}

// startAfresh clears the form and goes to the first step; the update that
// follows removes what this tab keeps (its answers are now none), and only
// that: the browser's other unfinished self-checks stay (main.js, when this
// tab's kept answers cannot be read).
export function startAfresh(page) {
  cancelReads(page.files);
  byId('sc-import-file').value = '';
  page.form.el.reset();
  clearWarnings();
  page.notes.opened.clear();
  page.changedAt = '';
  hideMessages();
  update(page);
  toggleConfirm(false);
  if (page.steps.wizard) moveTo(page, 0);
}
