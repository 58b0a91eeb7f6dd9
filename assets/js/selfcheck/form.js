// Reading and writing the form. The form is the truth: the answers are read
// from it whenever they are needed, never kept beside it. Values are sent
// raw: the module normalises free text and says which questions are not
// asked (each rule once, in Go).

import { all, byId, setOff } from './dom.js';

// createForm returns the form el with its questions ([data-q], in page
// order). hidden holds the ids of the questions not asked, as the module
// last said (evaluate's "hidden": the showIf rule lives in Go only); until
// it has said, every question asked on a condition (data-show-if) counts as
// not asked.
export function createForm(el) {
  const questions = all('[data-q]').map(readQuestion);
  return { el, questions, hidden: new Set(questions.filter((q) => q.conditional).map((q) => q.id)) };
}

function readQuestion(el) {
  return { id: el.dataset.q, kind: el.dataset.kind, el, conditional: el.hasAttribute('data-show-if') };
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

// setHidden takes the module's list of the questions not asked.
export function setHidden(form, ids) { form.hidden = new Set(ids); }

export function isAsked(form, q) { return !form.hidden.has(q.id); }

// showAsked hides, step by step, the questions not asked, and the
// sentences that say on paper when to answer them ([data-show-if-hint]:
// the form already does it); the paper checklist shows them all.
export function showAsked(form, wizard) {
  for (const q of form.questions) if (q.conditional) setOff(q.el, wizard && !isAsked(form, q));
  all('[data-show-if-hint]', form.el).forEach((el) => {
    setOff(el, wizard);
    const hint = el.parentElement; // the hint paragraph: hidden too when this is all it says
    if (hint.textContent.trim() === el.textContent.trim()) setOff(hint, wizard);
  });
}

// readAnswers returns {"<id>": {"value": "...", "note": "..."}}: all that
// the form holds (the module drops the answers to questions not asked).
export function readAnswers(form) {
  const out = {};
  for (const q of form.questions) {
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

// answerText returns an answer in words: the label of the question's own
// option (its radio button), or free text as it is.
export function answerText(form, q, answer) {
  if (q.kind === 'text' || q.kind === 'description') return answer;
  const input = byId('q-' + q.id + '-' + answer);
  return input && input.labels.length ? input.labels[0].textContent : answer;
}
