// Steps and navigation: the question pages one at a time, then "check your
// answers" (GOV.UK patterns), or every page at once as the paper checklist.

import { all, byId, setOff } from './dom.js';
import { store } from './storage.js';

// createSteps returns the pages ([data-step]) of root; onShow(id) runs
// before a page shows.
export function createSteps(root, storage, onShow) {
  return { root, list: all('[data-step]'), storage, onShow, wizard: false, current: 0 };
}

export function stepIndex(steps, id) { return steps.list.findIndex((s) => s.dataset.step === id); }

// showStep shows page i (kept within the pages), marks it in the list of
// pages and moves the compact result to its end; focus moves to its heading.
export function showStep(steps, i, focus) {
  steps.current = Math.max(0, Math.min(steps.list.length - 1, i));
  const step = steps.list[steps.current];
  const id = step.dataset.step;
  steps.onShow(id);
  steps.list.forEach((s) => setOff(s, s !== step));
  all('#sc-nav [data-goto]').forEach((a) => {
    if (a.dataset.goto === id) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
  });
  // The compact result closes each question page; the summary has the whole.
  const live = byId('sc-live');
  if (id !== 'summary') step.insertBefore(live, step.querySelector('.sc-step-nav'));
  live.classList.toggle('sc-live--off', id === 'summary');
  store(steps.storage, 'step', id);
  if (focus) step.querySelector('h2').focus();
}

// setWizard turns step-by-step mode on or off (the paper checklist).
// data-steps on the root ends the CSS that shows the first page as the
// steps will before this runs (selfcheck.css, "Paint first").
export function setWizard(steps, on) {
  steps.wizard = on;
  steps.list.forEach((s) => { s.hidden = false; }); // the summary's, as rendered: data-off from here (dom.js)
  steps.root.toggleAttribute('data-steps', on);
  all('[data-js-only]').forEach((el) => { el.hidden = !on; });
  if (on) showStep(steps, steps.current, false);
  else steps.list.forEach((s) => setOff(s, s.dataset.step === 'summary'));
}

// goToQuestion goes back to the page of question q ("change" and the open
// items) and focuses its answer.
export function goToQuestion(steps, q) {
  if (!q) return;
  showStep(steps, steps.list.indexOf(q.el.closest('[data-step]')), false);
  const target = q.el.querySelector('input:checked') || q.el.querySelector('input, textarea');
  if (target) target.focus();
}
