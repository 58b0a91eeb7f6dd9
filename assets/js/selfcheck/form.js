// Reading and writing the form. The form is the truth: the answers are read
// from it whenever they are needed, never kept beside it. Values are sent
// raw: the module normalises free text (one rule, in Go).

import { all, byId } from './dom.js';

// createForm returns the form el with its questions ([data-q], in page order).
export function createForm(el) {
  return { el, questions: all('[data-q]').map(readQuestion) };
}

function readQuestion(el) {
  const cond = el.dataset.showIf ? el.dataset.showIf.split('=') : null;
  return { id: el.dataset.q, kind: el.dataset.kind, el, showIf: cond && { id: cond[0], is: cond[1] } };
}

export function findQuestion(form, id) { return form.questions.find((q) => q.id === id); }

// linkTo makes the link a go to question id ("change" links; actions.js
// follows them step by step).
export function linkTo(a, id) {
  a.setAttribute('href', '#sc-q-' + id);
  a.setAttribute('data-change', id);
}

// value returns the value of the field named name ('q-<id>' for an answer,
// 'n-<id>' for its note), or '' when there is none.
export function value(form, name) {
  const field = form.el.elements[name];
  return field ? field.value : '';
}

// isAsked is the page's copy of the showIf rule (the engine has its own): a
// question with showIf is asked only after the given answer to the other.
export function isAsked(form, q) { return !q.showIf || value(form, 'q-' + q.showIf.id) === q.showIf.is; }

// showAsked hides, step by step, the questions not asked; the paper
// checklist shows them all, each with its condition in words.
export function showAsked(form, wizard) {
  for (const q of form.questions) if (q.showIf) q.el.hidden = wizard && !isAsked(form, q);
}

// readAnswers returns {"<id>": {"value": "...", "note": "..."}}, without
// questions not asked.
export function readAnswers(form) {
  const out = {};
  for (const q of form.questions) {
    if (!isAsked(form, q)) continue;
    const answer = value(form, 'q-' + q.id);
    const note = value(form, 'n-' + q.id);
    if (answer || note) out[q.id] = note ? { value: answer, note } : { value: answer };
  }
  return out;
}

// applyAnswers puts answers into the form; a question without one is cleared.
export function applyAnswers(form, answers) {
  for (const q of form.questions) {
    const a = answers[q.id] || {};
    const field = form.el.elements['q-' + q.id];
    if (field instanceof RadioNodeList) Array.from(field).forEach((r) => { r.checked = r.value === a.value; });
    else if (field) field.value = a.value || '';
    const note = form.el.elements['n-' + q.id];
    if (note) note.value = a.note || '';
  }
}

// answerText returns the label of an answer value; a value the question no
// longer has (an answer from an earlier version) takes the label of any
// option with that value on the page, or shows as it is.
export function answerText(form, q, answer) {
  if (q.kind === 'text' || q.kind === 'description') return answer;
  const input = byId('q-' + q.id + '-' + answer) ||
    form.el.querySelector('input[type="radio"][value="' + CSS.escape(answer) + '"]');
  return input && input.labels.length ? input.labels[0].textContent : answer;
}
