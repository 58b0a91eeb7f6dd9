// The page as a whole: its parts, each with the state it keeps, and the one
// update that shows the form's answers everywhere. The functions here and
// in actions.js and main.js take the page whole; the other modules receive
// only the parts they need.

import { bind } from './dom.js';
import { call } from './engine.js';
import { createStorage, store, stored } from './storage.js';
import { applyAnswers, createForm, readAnswers, setHidden, showAsked } from './form.js';
import { createNotes, showNotes } from './notes.js';
import { warnAll } from './personal.js';
import { createSteps, stepIndex } from './steps.js';
import { createSummary, ensureSummary, renderSummary } from './summary.js';
import { createLive, renderLive, renderResult } from './result.js';
import { now, renderCase } from './casefile.js';
import { createFiles } from './files.js';
import { showStorage, showUpdateError } from './messages.js';
import { listenOutside } from './disclose.js';

// createPage returns the parts of the page whose root and form are given;
// engine is the module (engine.js).
export function createPage(engine, root, formEl) {
  bind(root);
  listenOutside(root);
  const storage = createStorage(root, showStorage);
  const form = createForm(formEl);
  const summary = createSummary(form);
  return {
    engine, root, storage, form, summary,
    steps: createSteps(root, storage, (id) => { if (id === 'summary') ensureSummary(summary); }),
    notes: createNotes(form), live: createLive(), files: createFiles(root),
    changedAt: '', // RFC 3339 time of the last change, export or imported file (casefile.js)
  };
}

// update shows the form's answers everywhere: what is asked (as the module
// says, once it is in use), the notes, the storage, the summary and the
// result; it returns the module's evaluation (null before the module).
export function update(page) {
  const { form, steps } = page;
  const answers = readAnswers(form);
  const json = JSON.stringify(answers);
  const res = page.engine.api ? call(page.engine, 'evaluate', json) : null;
  if (res && !res.error) setHidden(form, res.hidden);
  showAsked(form, steps.wizard);
  showNotes(page.notes, steps.wizard);
  store(page.storage, '', json === '{}' ? null : json);
  store(page.storage, 'changed', page.changedAt || null);
  renderSummary(page.summary, answers, res && !res.error ? res.open : null);
  if (!res) return null;
  showUpdateError(res.error); // e.g. a paste that makes the answers too large: said where the result stops
  if (res.error) return res;
  renderResult(res);
  renderLive(page.live, res, json === '{}');
  renderCase(answers, res.fingerprint, page.changedAt);
  return res;
}

export function changed(page) {
  page.changedAt = now();
  update(page);
}

// setAnswers puts answers into the form, with the notes closed and the
// warnings for what they hold.
export function setAnswers(page, answers) {
  applyAnswers(page.form, answers);
  page.notes.opened.clear();
  warnAll(page.form);
}

// restore puts back what the browser keeps for this tab (storage.js).
export function restore(page) {
  let answers = {};
  try { answers = JSON.parse(stored(page.storage, '') || '{}'); } catch (e) { /* a damaged copy */ }
  setAnswers(page, answers);
  page.changedAt = stored(page.storage, 'changed') || '';
  page.steps.current = Math.max(0, stepIndex(page.steps, stored(page.storage, 'step') || ''));
}
