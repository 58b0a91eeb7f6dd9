// The summary ("check your answers"): one row per question, cloned from
// <template id="sc-summary-row">, and the status of each page in the list
// of pages (status.js).

import { all, byData, byId, reindex, text } from './dom.js';
import { answerText, isAsked, linkTo, readAnswers } from './form.js';
import { renderStatus } from './status.js';

// createSummary returns the summary of the form's questions. Its rows are
// made the first time it shows or prints (ensureSummary), not at load:
// about 350 elements the page need not start with.
export function createSummary(form) {
  return { form, steps: all('[data-step]'), built: false };
}

export function ensureSummary(summary) {
  if (summary.built) return;
  summary.built = true;
  const tpl = byId('sc-summary-row');
  for (const q of summary.form.questions) {
    const list = byData('summary-for', q.el.closest('[data-step]').dataset.section);
    list.appendChild(buildRow(tpl.content.firstElementChild.cloneNode(true), q));
  }
  reindex();
  renderSummary(summary, readAnswers(summary.form));
}

// buildRow fills the row el for question q.
function buildRow(el, q) {
  const short = q.el.dataset.short;
  el.setAttribute('data-summary', q.id);
  el.querySelector('dt').textContent = short;
  el.querySelector('[data-answer-for]').setAttribute('data-answer-for', q.id);
  const note = el.querySelector('[data-note-row]');
  if (q.el.dataset.noteLabel) {
    note.setAttribute('data-note-row', q.id);
    note.querySelector('.sc-summary-note-label').textContent = q.el.dataset.noteLabel;
    note.querySelector('[data-note-for]').setAttribute('data-note-for', q.id);
  } else {
    note.remove();
  }
  linkTo(el.querySelector('[data-change]'), q.id);
  el.querySelector('[data-summary-short]').textContent = short;
  return el;
}

// renderSummary shows answers in the rows (once they are made) and the
// status of each page, questions not asked left out; open is evaluate's
// open items (kept for the next call without them; null before the module).
export function renderSummary(summary, answers, open) {
  if (open !== undefined) summary.open = open;
  const { form } = summary;
  for (const q of summary.built ? form.questions : []) {
    const a = answers[q.id] || {};
    byData('summary', q.id).hidden = !isAsked(form, q);
    byData('answer-for', q.id).textContent = a.value ? answerText(form, q, a.value) : text('not_answered');
    const noteRow = byData('note-row', q.id);
    if (noteRow) {
      noteRow.hidden = !a.note;
      byData('note-for', q.id).textContent = a.note || '';
    }
  }
  renderStatus(form, summary.steps, answers, summary.open);
}
