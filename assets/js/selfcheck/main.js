// Molnkollen self-check, the page script: turns the paper checklist on
// /sjalvskattning/ into a step-by-step form, runs the Go engine on every
// change and shows the result the page already holds in hidden elements.
// This module wires the others together; README.md beside it is the DOM
// contract (the ids and data attributes the script reads).
//
// Rules kept in every module:
// - No Swedish in JS: every message is read from the page.
// - User text reaches the page only through textContent or form values.
// - Answers stay in this browser (storage.js); nothing is sent anywhere.
//
// Bundled by Hugo's js.Build into one classic deferred script
// (selfcheck/assets.html), after wasm_exec.js (selfcheck/scripts.html), so
// neither blocks the parser. Everything that touches the page waits for the
// first frame after DOMContentLoaded (this script may also run after it).

// The bundle is a classic script, not a module: keep the modules' strict
// mode (esbuild keeps this directive at the top of the bundle).
'use strict';

import { all, byId } from './dom.js';
import { createEngine, soon } from './engine.js';
import { showAsked } from './form.js';
import { showNotes } from './notes.js';
import { freeText, warnPersonal } from './personal.js';
import { followHistory, setWizard } from './steps.js';
import { ensureSummary } from './summary.js';
import { setState } from './messages.js';
import { changed, createPage, update } from './page.js';
import { importAnswers, onClick, startAfresh } from './actions.js';
import { startStorage } from './resume.js';
import { isCopy, toPaper } from './copy.js';
import { mark } from './timing.js';

const script = document.currentScript;
// The root's start tag is already parsed (this script sits inside it).
const early = script && script.closest('[data-selfcheck]');
// A saved copy of the page, or one opened from a file: the paper checklist (copy.js).
const copy = !!early && isCopy(early);
if (early && !copy) early.setAttribute('data-selfcheck', 'loading');
// Fetched right after the first frame; started at the first interaction, or when
// init() finds answers to show. A copy gets no module.
const engine = createEngine(script && !copy ? script : null);

// The page's start-up waits for the first frame after the document is
// parsed, behind the module's request (engine.js asks for it at that same
// moment, first): the first screen is painted from the HTML and the CSS
// alone, and start-up work before that frame only put the request later.
const afterParse = () => soon(() => init(engine));
if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', afterParse, { once: true });
} else {
  afterParse();
}

// init turns the page into steps (a copy of the page into the paper
// checklist), and opens the storage, which puts back what the browser keeps
// for this tab (and then starts the module at once) or offers an unfinished
// self-check (resume.js).
function init(engine) {
  const root = byId('sjalvskattning');
  const formEl = byId('sc-form');
  if (!root || !formEl) return;
  const page = createPage(engine, root, formEl);
  if (copy) { toPaper(page); return; }
  listen(page);
  setState(root, 'loading');
  setWizard(page.steps, true);
  // What the browser keeps comes back once the storage has opened (async).
  const opened = startStorage(page).catch(() => {}).then(() => mark('opened'));
  // Conditional questions, notes and step counts as the steps show them
  // (the CSS already shows the first screen so). With no answers the counts in
  // the HTML are already right.
  showAsked(page.form, true);
  showNotes(page.notes, true);
  // The first update waits for the module and the storage, so the page is
  // rendered once, not twice.
  engine.ready.then((api) => opened.then(() => ready(page, api))).catch((e) => fail(page, e && e.reason));
}

// ready takes the module into use and shows its result.
function ready(page, api) {
  page.engine.api = api;
  // The first evaluation, once: it fills the live region while it is still
  // silent, so the load is not announced.
  const res = update(page);
  if (res && res.error) {
    // Stored answers these rules refuse (a damaged copy): start afresh
    // and say so, rather than show no result at all. Only this tab's copy
    // goes; other unfinished self-checks stay.
    startAfresh(page);
    byId('sc-restore-failed').hidden = false;
  }
  all('[data-js-ready]').forEach((el) => { el.hidden = false; });
  setState(page.root, 'ready');
  mark('ready');
}

// Without the module the page is the whole paper checklist, and says why
// (reason: engine.js's Failure; anything else counts as the browser's).
function fail(page, reason) {
  if (page.root.getAttribute('data-selfcheck') === 'failed') return;
  page.engine.api = null;
  setWizard(page.steps, false);
  update(page);
  setState(page.root, 'failed', reason);
}

// listen wires the page's events to the modules.
function listen(page) {
  const { form } = page;
  window.addEventListener('beforeprint', () => ensureSummary(page.summary));
  page.root.addEventListener('click', (e) => onClick(page, e));
  window.addEventListener('popstate', () => followHistory(page.steps));
  form.el.addEventListener('input', (e) => {
    if (e.target.matches(freeText)) warnPersonal(e.target);
    changed(page);
  });
  form.el.addEventListener('change', () => changed(page));
  form.el.addEventListener('submit', (e) => e.preventDefault());
  byId('sc-import-file').addEventListener('change', (e) => importAnswers(page, e.target));
}

