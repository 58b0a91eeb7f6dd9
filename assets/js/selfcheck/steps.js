// Steps and navigation: the question pages one at a time, then "check your
// answers" (GOV.UK patterns), or every page at once as the paper checklist.
// Step by step, each page has its own address (#steg-<n>) and title, and a
// history entry, so that Back, Forward, a reload and a link name a step.

import { all, byId, setOff, text } from './dom.js';
import { store } from './storage.js';
import { labelDisclosure } from './disclose.js';

// createSteps returns the pages ([data-step]) of root; onShow(id) runs
// before a page shows. returning is set by "Ändra" on the summary: the
// primary action then leads back to it.
export function createSteps(root, storage, onShow) {
  return {
    root, list: all('[data-step]'), storage, onShow, wizard: false, current: 0,
    returning: false, title: document.title,
  };
}

export function stepIndex(steps, id) { return steps.list.findIndex((s) => s.dataset.step === id); }

// stepHash is the address of page i: #steg-1 is the first.
export function stepHash(i) { return '#steg-' + (i + 1); }

// stepFromHash returns the page an address names (#steg-<n>, or an element
// on a page, such as a question), or -1.
export function stepFromHash(steps, hash) {
  const m = /^#steg-(\d+)$/.exec(hash);
  if (m) return Number(m[1]) >= 1 && Number(m[1]) <= steps.list.length ? Number(m[1]) - 1 : -1;
  const el = hash.length > 1 ? byId(decodeURIComponent(hash.slice(1))) : null;
  const step = el && el.closest('[data-step]');
  return step ? steps.list.indexOf(step) : -1;
}

// showStep shows page i (kept within the pages), marks it in the list of
// pages and moves the compact result to its end; focus moves to its
// heading. how says what happens to the history: 'push' adds an entry
// (a move by the user), 'replace' names the page in the current one, and
// nothing leaves it (Back and Forward).
export function showStep(steps, i, focus, how) {
  steps.current = Math.max(0, Math.min(steps.list.length - 1, i));
  const step = steps.list[steps.current];
  const id = step.dataset.step;
  if (id === 'summary') steps.returning = false;
  steps.onShow(id);
  steps.list.forEach((s) => setOff(s, s !== step));
  all('#sc-nav [data-goto]').forEach((a) => {
    if (a.dataset.goto === id) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
  });
  // The compact result closes each question page; the summary has the whole.
  const live = byId('sc-live');
  if (id !== 'summary') step.insertBefore(live, step.querySelector('.sc-step-nav'));
  live.classList.toggle('sc-live--off', id === 'summary');
  labelNext(steps, step);
  name(steps, step, how);
  labelNav(step);
  store(steps.storage, 'step', id);
  if (focus) step.querySelector('h2').focus();
}

// labelNext says on the primary button where it leads: the next page, or
// back to the summary after "Ändra".
function labelNext(steps, step) {
  const next = step.querySelector('[data-go="next"]');
  if (next) next.textContent = text(steps.returning ? 'to_summary' : 'next');
}

// labelNav names the page shown on the button of the list of pages (a
// narrow screen) and closes the list: a page chosen in it shows its
// question at the top.
function labelNav(step) {
  const toggle = byId('sc-nav-toggle');
  if (!toggle) return;
  toggle.dataset.stepName = step.querySelector('[data-step-of]').textContent;
  toggle.setAttribute('aria-expanded', 'false');
  labelDisclosure(toggle);
}

// name gives the page shown its title and, as how says, its address.
function name(steps, step, how) {
  const h = step.querySelector('h2');
  const caption = h.querySelector('.sc-caption');
  const heading = h.textContent.slice(caption.textContent.length).trim();
  document.title = text('step_title').replace('{step}', h.querySelector('[data-step-of]').textContent)
    .replace('{title}', heading).replace('{page}', steps.title);
  const hash = stepHash(steps.current);
  if (!how || (how === 'push' && location.hash === hash)) return;
  try {
    if (how === 'push') history.pushState(null, '', hash); else history.replaceState(null, '', hash);
  } catch (e) { /* a sandboxed or saved copy: the page still works without addresses */ }
}

// followHistory shows the page the address names after Back, Forward or a
// link typed into the address bar; nothing when it names the page shown.
export function followHistory(steps) {
  const i = stepFromHash(steps, location.hash);
  if (!steps.wizard || i < 0 || i === steps.current) return;
  steps.returning = false;
  showStep(steps, i, true);
}

// setWizard turns step-by-step mode on or off (the paper checklist).
// data-steps on the root ends the CSS that shows the first page as the
// steps will before this runs (selfcheck.css, "Paint first").
export function setWizard(steps, on) {
  steps.wizard = on;
  steps.list.forEach((s) => { s.hidden = false; }); // the summary's, as rendered: data-off from here (dom.js)
  steps.root.toggleAttribute('data-steps', on);
  all('[data-js-only]').forEach((el) => { el.hidden = !on; });
  if (on) {
    const named = stepFromHash(steps, location.hash);
    showStep(steps, named >= 0 ? named : steps.current, false, 'replace');
  } else {
    steps.list.forEach((s) => setOff(s, s.dataset.step === 'summary'));
    document.title = steps.title;
  }
}

// goToQuestion goes to the page of question q ("change" and the open
// items) and focuses its answer; from the summary, the page's primary
// action then leads back there.
export function goToQuestion(steps, q, fromSummary) {
  if (!q) return;
  steps.returning = !!fromSummary;
  showStep(steps, steps.list.indexOf(q.el.closest('[data-step]')), false, 'push');
  const target = q.el.querySelector('input:checked') || q.el.querySelector('input, textarea');
  if (target) target.focus();
}

// goNext is the primary action: the next page, or the summary after "Ändra".
export function goNext(steps) {
  showStep(steps, steps.returning ? stepIndex(steps, 'summary') : steps.current + 1, true, 'push');
}
