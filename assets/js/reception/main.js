// Molnkollen reception page, the page script (issue 17): the IT-center
// reads filed self-checks, each checked by the Go module as cmd/selfcheck
// checks it, lists them, compares two, records each role's decision and
// prints a decision document. This module wires the others together;
// README.md beside it is the DOM contract.
//
// Rules kept in every module, as in the self-check's:
// - No Swedish in JS: every text is read from the page (strings.js).
// - Text from a file reaches the page only through textContent.
// - Nothing is stored or sent: the files live in this page's memory.
//
// Bundled by Hugo's js.Build into one classic deferred script
// (reception/assets.html), after wasm_exec.js: deferred, not async, as the
// self-check's (layouts/_partials/selfcheck/scripts.html says why).

'use strict';

import { createEngine } from '../selfcheck/engine.js';
import { byId } from './strings.js';
import { readFiles } from './files.js';
import { render, toggleSort } from './table.js';
import { record, save, showCase } from './case.js';
import { printDoc } from './doc.js';
import { compare } from './compare.js';

const script = document.currentScript;
const engine = createEngine(script);
const cases = [];

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', init, { once: true });
} else {
  init();
}

function setState(root, state) {
  root.dataset.reception = state;
  root.querySelectorAll('[data-state-msg]').forEach((p) => { p.hidden = p.dataset.stateMsg !== state; });
  root.querySelectorAll('[data-when-ready]').forEach((s) => { s.hidden = state !== 'ready'; });
}

function init() {
  const root = byId('mottagning');
  if (!root) return;
  setState(root, 'loading');
  engine.ready.then((api) => { engine.api = api; setState(root, 'ready'); }, () => setState(root, 'failed'));
  engine.start();
  const input = byId('rc-files');
  const maxBytes = Number(root.dataset.fileBytes);
  const add = async (files) => {
    cases.push(...await readFiles(engine, files, maxBytes));
    render(cases);
  };
  input.addEventListener('change', () => { add(input.files).then(() => { input.value = ''; }); });
  const drop = byId('rc-drop');
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('rc-drop--over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('rc-drop--over'));
  drop.addEventListener('drop', (e) => { e.preventDefault(); drop.classList.remove('rc-drop--over'); add(e.dataTransfer.files); });
  root.addEventListener('click', (e) => onClick(root, e));
  root.addEventListener('submit', (e) => onSubmit(e));
}

const caseOf = (n) => cases.find((c) => String(c.n) === String(n));
const openCase = () => caseOf(byId('rc-case').dataset.case);

function onClick(root, e) {
  const b = e.target.closest('button');
  if (!b) return;
  if (b.dataset.sort) toggleSort(b);
  else if (b.dataset.open) { showCase(caseOf(b.dataset.open)); byId('rc-case-h').focus(); }
  else if (b.id === 'rc-compare') {
    compare(engine, Array.from(root.querySelectorAll('[data-pick]:checked')).map((x) => caseOf(x.dataset.pick)));
  } else if (b.id === 'rc-export') save(openCase());
  else if (b.id === 'rc-print-doc') printDoc(root);
  else if (b.id === 'rc-print-list') window.print();
  else if (b.id === 'rc-close') { byId('rc-case').hidden = true; byId('rc-list-h').focus(); }
}

function onSubmit(e) {
  const form = e.target.closest('.rc-form');
  if (!form) return;
  e.preventDefault();
  const c = openCase();
  if (record(engine, c, form)) {
    render(cases);
    showCase(c);
    byId('rc-case-h').focus();
  }
}
