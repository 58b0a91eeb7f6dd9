// The status of each page in the list of pages (GOV.UK task list):
// "Inte påbörjad", "Påbörjad" or "Klar". A page is done only when every
// question asked on it is answered, with the motivation an answer needs
// (data-motivate: e.g. a step that is not applicable says why); a page
// with some answer is started. Questions not asked are left out.

import { byData, text } from './dom.js';
import { isAsked } from './form.js';

// complete says whether question q has its answer a, and the note the
// chosen answer needs.
export function complete(q, a) {
  if (!a || !a.value) return false;
  const chosen = q.el.querySelector('input:checked');
  return !(chosen && chosen.hasAttribute('data-motivate') && !(a.note || '').trim());
}

// stepStatus returns 'done', 'started' or 'none' for page step.
export function stepStatus(form, step, answers) {
  const asked = form.questions.filter((q) => step.contains(q.el) && isAsked(form, q));
  if (asked.length > 0 && asked.every((q) => complete(q, answers[q.id]))) return 'done';
  return asked.some((q) => answers[q.id]) ? 'started' : 'none';
}

// renderStatus writes the status of each page that has one ([data-status-for]).
export function renderStatus(form, steps, answers) {
  for (const step of steps) {
    const out = byData('status-for', step.dataset.step);
    if (out) {
      const status = stepStatus(form, step, answers);
      out.textContent = text('status_' + status);
      out.setAttribute('data-status', status);
    }
  }
}
