// The status of each page in the list of pages (GOV.UK task list):
// "Inte påbörjad", "Påbörjad" or "Klar". A page is done only when every
// question asked on it is answered, with the motivation an answer needs
// (data-motivate: e.g. a step that is not applicable says why), and no
// open item of the result leads to it (the engine's rule: a process step
// "Pågår" or "Ej påbörjad", a "Vet ej" to find out); a page with some
// answer is started. Questions not asked are left out.

import { byData, text } from './dom.js';
import { isAsked } from './form.js';

// complete says whether question q has its answer a, and the note the
// chosen answer needs.
export function complete(q, a) {
  if (!a || !a.value) return false;
  const chosen = q.el.querySelector('input:checked');
  return !(chosen && chosen.hasAttribute('data-motivate') && !(a.note || '').trim());
}

// openTargets returns the questions the open items lead to (evaluate's
// open, "<qid>:<kind>": the item's link [data-change] names its target).
export function openTargets(open) {
  return new Set((open || []).map((key) => {
    const link = byData('open', key) && byData('open', key).querySelector('[data-change]');
    return link ? link.dataset.change : key.split(':')[0];
  }));
}

// stepStatus returns 'done', 'started' or 'none' for page step; left is
// the set of questions open items lead to.
export function stepStatus(form, step, answers, left) {
  const asked = form.questions.filter((q) => step.contains(q.el) && isAsked(form, q));
  const done = (q) => complete(q, answers[q.id]) && !left.has(q.id);
  if (asked.length > 0 && asked.every(done)) return 'done';
  return asked.some((q) => answers[q.id]) ? 'started' : 'none';
}

// renderStatus writes the status of each page that has one
// ([data-status-for]); open is evaluate's open items (none before the
// module runs).
export function renderStatus(form, steps, answers, open) {
  const left = openTargets(open);
  for (const step of steps) {
    const out = byData('status-for', step.dataset.step);
    if (out) {
      const status = stepStatus(form, step, answers, left);
      out.textContent = text('status_' + status);
      out.setAttribute('data-status', status);
    }
  }
}
