// Molnkollen self-check: turns the paper checklist on /sjalvskattning/ into a
// step-by-step form, runs the Go engine (WebAssembly, global `molnkollen`)
// on every change and shows the result the page already holds in hidden
// elements. The DOM contract is documented in layouts/sjalvskattning.html.
//
// Rules kept here:
// - No Swedish in this file: every message is read from the page.
// - User text reaches the page only through textContent or form values.
// - Answers live in sessionStorage only (this tab), never cookies or
//   localStorage, and nothing is sent anywhere.
//
// This script is async and wasm_exec.js deferred (selfcheck/scripts.html):
// neither blocks the parser. wasm_exec.js has run by DOMContentLoaded at the
// latest; the module runs after both. Everything that touches the page
// waits for DOMContentLoaded (this script may also run after it).
(function () {
  'use strict';

  const script = document.currentScript;
  const wasmURL = script ? script.dataset.wasm : '';
  // The root's start tag is already parsed (this script sits inside it).
  const early = script && script.closest('[data-selfcheck]');
  if (early) early.setAttribute('data-selfcheck', 'loading');

  // No `integrity` here, unlike the page's scripts: a fetch with integrity
  // hands over the body only once all of it has arrived and been checked, so
  // the module could not compile while it downloads (measured: about 120 ms
  // more to ready on the bench, and one long main-thread task instead of many
  // short ones). The module comes from the page's own origin under a name
  // that is its SHA-384 fingerprint; integrity adds nothing against anyone
  // who could change it there, as they could change this page too.
  async function fetchOK() {
    const res = await fetch(wasmURL, { credentials: 'same-origin' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return res;
  }

  // The module is downloaded only when it starts (below): nothing it does
  // competes with the first screen, and a reader who never answers never
  // downloads it. Compiling it once the first screen had painted, before
  // anyone answered, cost the page 3-10 points in Lighthouse's mobile audit
  // (5 runs each on 2 cores), in V8's streaming-compile tasks on the main
  // thread or, with a worker, in CPU taken from it; on the intranet the
  // download and compilation take a fraction of a second once someone starts
  // answering, and answers given meanwhile are kept. Compiles straight from
  // the download; servers that send the module with the wrong Content-Type
  // make compileStreaming fail: compile from bytes.
  function compileModule() {
    if (!wasmURL || typeof WebAssembly !== 'object') return Promise.reject(new Error('unsupported'));
    const streaming = typeof WebAssembly.compileStreaming === 'function'
      ? WebAssembly.compileStreaming(fetchOK()) : Promise.reject(new Error('no compileStreaming'));
    return streaming.catch(() => fetchOK().then((res) => res.arrayBuffer()).then((b) => WebAssembly.compile(b)));
  }

  // wasm_exec.js (deferred) has run once the document is parsed.
  const parsed = document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();

  // The module runs (Go's start-up: the one long task on this page) only once
  // it is needed: at the first interaction with the page, or at once when
  // there are answers to show (init() decides). main() registers
  // `molnkollen` synchronously before it blocks.
  let startEngine = null;
  const engineReady = new Promise((resolve, reject) => {
    startEngine = () => compileModule().then(async (module) => {
      if (typeof window.Go !== 'function') await parsed;
      if (typeof window.Go !== 'function') throw new Error('wasm_exec.js missing');
      const go = new window.Go();
      go.run(await WebAssembly.instantiate(module, go.importObject));
      if (!window.molnkollen || typeof window.molnkollen.evaluate !== 'function') throw new Error('not registered');
      return window.molnkollen;
    }).then(resolve, reject);
  });
  engineReady.catch(() => { /* reported by init() as data-selfcheck="failed" */ });

  // Starts the engine once, on the first of: pointer, key or focus anywhere
  // on the page, or a call from init().
  const startEvents = ['pointerdown', 'keydown', 'focusin', 'touchstart'];
  function start() {
    startEvents.forEach((ev) => document.removeEventListener(ev, start, true));
    if (startEngine) { startEngine(); startEngine = null; }
  }
  startEvents.forEach((ev) => document.addEventListener(ev, start, { capture: true, passive: true }));

  // init() runs at DOMContentLoaded (see the end of this file).

  // ---- The page: everything below reads the DOM contract documented in
  // layouts/sjalvskattning.html and layouts/_partials/selfcheck/.

  const page = {
    root: null, form: null, steps: [], questions: [], engine: null,
    wizard: false, current: 0, storageKey: '', fileBytes: 0,
    changedAt: '', // ISO time of the last change, export or imported file
    lastOutcomes: '', opened: new Set(), index: {},
    summaryBuilt: false,
    action: 0, // counts imports and clears: a slow file read that another action overtook is dropped
  };
  // Personnummer (YYMMDD-NNNN, YYYYMMDDNNNN, ...) and e-mail addresses.
  const personal = [/\b\d{6}(\d{2})?[-+]?\d{4}\b/, /[^\s@]+@[^\s@]+\.[^\s@]{2,}/];

  function all(sel, el) { return Array.from((el || page.root).querySelectorAll(sel)); }
  function byId(id) { return document.getElementById(id); }

  // Elements by data attribute value, indexed once (the page keeps its shape).
  function byData(attr, value) {
    if (!page.index[attr]) {
      page.index[attr] = new Map();
      all('[data-' + attr + ']').forEach((el) => page.index[attr].set(el.getAttribute('data-' + attr), el));
    }
    return page.index[attr].get(value);
  }
  function text(key) { return byData('text', key).textContent; }

  // ---- Storage: this tab only; failures (private mode, quota) are harmless.

  function store(key, value) {
    try {
      if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
    } catch (e) { /* storage full or blocked: the form still works */ }
  }
  function stored(key) {
    try { return sessionStorage.getItem(key); } catch (e) { return null; }
  }
  function storageFor(what) { return page.storageKey + '.' + what; }

  function setState(state) {
    page.root.setAttribute('data-selfcheck', state);
    all('[data-state-msg]').forEach((el) => { el.hidden = el.dataset.stateMsg !== state; });
  }

  // ---- Answers: the form is the truth. Values are sent raw: the module
  // normalises free text (one rule, in Go).

  function readQuestions() {
    return all('[data-q]').map((el) => {
      const cond = el.dataset.showIf ? el.dataset.showIf.split('=') : null;
      return { id: el.dataset.q, kind: el.dataset.kind, el, showIf: cond && { id: cond[0], is: cond[1] } };
    });
  }

  function fieldValue(id) {
    const field = page.form.elements['q-' + id];
    return field ? field.value : '';
  }
  function noteValue(id) {
    const field = page.form.elements['n-' + id];
    return field ? field.value : '';
  }
  function isAsked(q) { return !q.showIf || fieldValue(q.showIf.id) === q.showIf.is; }

  // {"<id>": {"value": "...", "note": "..."}}, without questions not asked.
  function readAnswers() {
    const out = {};
    for (const q of page.questions) {
      if (!isAsked(q)) continue;
      const value = fieldValue(q.id);
      const note = noteValue(q.id);
      if (value || note) out[q.id] = note ? { value, note } : { value };
    }
    return out;
  }

  function applyAnswers(answers) {
    for (const q of page.questions) {
      const a = answers[q.id] || {};
      const field = page.form.elements['q-' + q.id];
      if (field instanceof RadioNodeList) Array.from(field).forEach((r) => { r.checked = r.value === a.value; });
      else if (field) field.value = a.value || '';
      const note = page.form.elements['n-' + q.id];
      if (note) note.value = a.note || '';
    }
    page.opened.clear();
    all('input[type="text"], textarea', page.form).forEach(warnPersonal);
  }

  // The label of an answer value; a value the question no longer has (an
  // answer from an earlier version) takes the label of any option with that
  // value on the page, or shows as it is.
  function answerText(q, value) {
    if (q.kind === 'text' || q.kind === 'description') return value;
    const input = byId('q-' + q.id + '-' + value) ||
      page.form.querySelector('input[type="radio"][value="' + CSS.escape(value) + '"]');
    return input && input.labels.length ? input.labels[0].textContent : value;
  }

  // ---- Visibility: questions asked only on a condition, and notes behind
  // "Lägg till kommentar" unless they have text or the answer needs one.

  function showAsked() {
    for (const q of page.questions) if (q.showIf) q.el.hidden = page.wizard && !isAsked(q);
  }

  function needsNote(id) {
    const checked = page.form.querySelector('input[name="q-' + CSS.escape(id) + '"]:checked');
    return !!(checked && checked.hasAttribute('data-motivate'));
  }

  function showNotes() {
    all('[data-note]').forEach((box) => {
      const id = box.dataset.note;
      const open = !page.wizard || page.opened.has(id) || noteValue(id) !== '' || needsNote(id);
      box.hidden = !open;
      const button = byData('note-open', id);
      button.hidden = open;
      button.setAttribute('aria-expanded', String(open));
    });
  }

  function openNote(id) {
    page.opened.add(id);
    showNotes();
    page.form.elements['n-' + id].focus();
  }

  // ---- Summary ("Dina svar"): one row per question from the page's template.

  // The rows (about 350 elements) are built the first time the summary is
  // shown or printed, not at load: the page starts lighter.
  function ensureSummary() {
    if (page.summaryBuilt) return;
    page.summaryBuilt = true;
    buildSummary();
    ['summary', 'answer-for', 'note-row', 'note-for'].forEach((attr) => { delete page.index[attr]; });
    renderSummary(readAnswers());
  }

  function buildSummary() {
    const tpl = byId('sc-summary-row');
    for (const q of page.questions) {
      const list = page.root.querySelector('[data-summary-for="' + q.el.closest('[data-step]').dataset.section + '"]');
      const row = tpl.content.firstElementChild.cloneNode(true);
      const short = q.el.dataset.short;
      row.setAttribute('data-summary', q.id);
      row.querySelector('dt').textContent = short;
      row.querySelector('[data-answer-for]').setAttribute('data-answer-for', q.id);
      const note = row.querySelector('[data-note-row]');
      if (q.el.dataset.noteLabel) {
        note.setAttribute('data-note-row', q.id);
        note.querySelector('.sc-summary-note-label').textContent = q.el.dataset.noteLabel;
        note.querySelector('[data-note-for]').setAttribute('data-note-for', q.id);
      } else {
        note.remove();
      }
      const change = row.querySelector('[data-change]');
      change.setAttribute('href', '#sc-q-' + q.id);
      change.setAttribute('data-change', q.id);
      row.querySelector('[data-summary-short]').textContent = short;
      list.appendChild(row);
    }
  }

  function renderSummary(answers) {
    for (const q of page.summaryBuilt ? page.questions : []) {
      const a = answers[q.id] || {};
      byData('summary', q.id).hidden = !isAsked(q);
      byData('answer-for', q.id).textContent = a.value ? answerText(q, a.value) : text('not_answered');
      const noteRow = byData('note-row', q.id);
      if (noteRow) {
        noteRow.hidden = !a.note;
        byData('note-for', q.id).textContent = a.note || '';
      }
    }
    // "3 av 6 besvarade" beside each page in the step list.
    for (const step of page.steps) {
      const out = byData('count-for', step.dataset.step);
      if (!out) continue;
      const asked = page.questions.filter((q) => step.contains(q.el) && isAsked(q));
      const done = asked.filter((q) => answers[q.id] && answers[q.id].value).length;
      out.textContent = text('count').replace('{n}', done).replace('{total}', asked.length);
    }
  }

  // ---- Result: un-hide the sentences of the ids the engine returns.

  function showOnly(attr, ids) {
    const set = new Set(ids);
    all('[data-' + attr + ']').forEach((el) => { el.hidden = !set.has(el.getAttribute('data-' + attr)); });
  }

  function renderResult(res) {
    showOnly('outcome', res.outcomes);
    showOnly('reason', res.reasons);
    showOnly('open', res.open);
    showOnly('route', res.route);
    all('[data-open-group]').forEach((g) => { g.hidden = all('[data-open]', g).every((li) => li.hidden); });
    all('[data-empty-for]').forEach((p) => {
      p.hidden = all('[data-reason], [data-open]', byId(p.dataset.emptyFor)).some((li) => !li.hidden);
    });
    byId('sc-fingerprint').textContent = res.fingerprint;
    byId('sc-print-fingerprint').textContent = res.fingerprint;
  }

  // The compact result at the end of each page: the outcome of each part,
  // or a neutral sentence while nothing is answered. The live region speaks
  // only when an outcome changes.
  function renderLive(res, empty) {
    byId('sc-live-empty').hidden = !empty;
    const parts = byId('sc-live-parts');
    parts.hidden = empty;
    const key = empty ? '' : res.outcomes.join(' ');
    if (key === page.lastOutcomes) return;
    page.lastOutcomes = key;
    parts.textContent = '';
    if (empty) return;
    all('[data-part]').forEach((part, i) => {
      const dt = document.createElement('dt');
      dt.textContent = part.querySelector('.sc-part-title').textContent;
      const dd = document.createElement('dd');
      dd.textContent = byData('outcome', res.outcomes[i]).querySelector('.sc-outcome-title').textContent;
      parts.append(dt, dd);
    });
  }

  // ---- The case file: page 1 and the header every printed page carries.

  function isoDate(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
  }

  function cssString(s) { return '"' + s.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ') + '"'; }

  function renderCase(answers, fingerprint) {
    const idents = all('[data-ident]');
    idents.forEach((dd) => { dd.textContent = (answers[dd.dataset.ident] || {}).value || ''; });
    byId('sc-print-date').textContent = isoDate(page.changedAt);
    const running = idents.map((dd) => dd.textContent).filter(Boolean);
    running.push(text('running_fingerprint') + ' ' + fingerprint.slice(0, 23) + '…');
    document.documentElement.style.setProperty('--sc-running', cssString(running.join(' · ')));
  }

  // Calls the module; a thrown error (e.g. the Go program exited) becomes
  // an error code like the ones the module returns itself.
  function call(fn, ...args) {
    try {
      const res = page.engine[fn](...args);
      return res && typeof res === 'object' ? res : { error: 'other' };
    } catch (e) {
      return { error: 'other' };
    }
  }

  function update() {
    showAsked();
    showNotes();
    const answers = readAnswers();
    const json = JSON.stringify(answers);
    store(page.storageKey, json === '{}' ? null : json);
    store(storageFor('changed'), page.changedAt || null);
    renderSummary(answers);
    if (!page.engine) return;
    const res = call('evaluate', json);
    if (res.error) return; // answers come from the form, so an error is the module failing
    renderResult(res);
    renderLive(res, json === '{}');
    renderCase(answers, res.fingerprint);
  }

  function changed() {
    page.changedAt = new Date().toISOString();
    update();
  }

  function warnPersonal(field) {
    const out = byId('w-' + field.name);
    if (!out) return;
    const msg = personal.some((re) => re.test(field.value)) ? text('pii') : '';
    if (out.textContent !== msg) out.textContent = msg;
  }

  // ---- Pages (GOV.UK question pages and "check your answers").

  function stepIndex(id) { return page.steps.findIndex((s) => s.dataset.step === id); }

  function showStep(i, focus) {
    page.current = Math.max(0, Math.min(page.steps.length - 1, i));
    const step = page.steps[page.current];
    if (step.dataset.step === 'summary') ensureSummary();
    page.steps.forEach((s) => { s.hidden = s !== step; });
    all('#sc-nav [data-goto]').forEach((a) => {
      if (a.dataset.goto === step.dataset.step) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
    });
    // The compact result closes each question page; the summary has the whole.
    const live = byId('sc-live');
    const nav = step.querySelector('.sc-step-nav');
    if (step.dataset.step !== 'summary') step.insertBefore(live, nav);
    live.classList.toggle('sc-live--off', step.dataset.step === 'summary');
    store(storageFor('step'), step.dataset.step);
    if (focus) step.querySelector('h2').focus();
  }

  // data-steps on the root ends the CSS that shows the first page as the
  // steps will before this runs (selfcheck.css, "Paint first").
  function setWizard(on) {
    page.wizard = on;
    page.root.toggleAttribute('data-steps', on);
    all('[data-js-only]').forEach((el) => { el.hidden = !on; });
    if (on) showStep(page.current, false);
    else page.steps.forEach((s) => { s.hidden = s.dataset.step === 'summary'; }); // the paper checklist
  }

  // "Ändra" and the open items: back to the question, focus on its answer.
  function goToQuestion(id) {
    const q = page.questions.find((x) => x.id === id);
    if (!q) return;
    showStep(page.steps.indexOf(q.el.closest('[data-step]')), false);
    const target = q.el.querySelector('input:checked') || q.el.querySelector('input, textarea');
    if (target) target.focus();
  }

  // ---- Messages: the error summary (GOV.UK pattern) and announcements.

  function showError(code) {
    const item = byData('message', code) || byData('message', 'other');
    all('[data-message]').forEach((li) => { li.hidden = li !== item; });
    const inline = byId('sc-import-error');
    inline.textContent = item.textContent;
    inline.hidden = item.dataset.message === 'other';
    byId('sc-import').classList.toggle('sc-import--error', !inline.hidden);
    byId('sc-error').hidden = false;
    byId('sc-error').focus();
  }

  function hideMessages() {
    byId('sc-error').hidden = true;
    byId('sc-import-error').hidden = true;
    byId('sc-import').classList.remove('sc-import--error');
    byId('sc-reask').hidden = true;
  }

  function announce(msg) {
    // Clear first so that the same message is announced again.
    const out = byId('sc-announce');
    out.textContent = '';
    window.setTimeout(() => { out.textContent = msg; }, 50);
  }

  // ---- Save, read in, print, clear.

  function download(name, body) {
    // A Blob URL is same-origin, so the download works under the strict CSP.
    const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  function exportFile() {
    hideMessages();
    const now = new Date().toISOString();
    const res = call('exportFile', JSON.stringify(readAnswers()), now);
    if (res.error || typeof res.json !== 'string') { showError('other'); return; }
    const name = 'sjalvskattning-' + isoDate(now) + '.json';
    download(name, res.json);
    page.changedAt = now;
    update();
    announce(text('export_done').replace('{file}', name));
  }

  // Reads the file as bytes and decodes strict UTF-8 (a BOM is kept for the
  // module to strip), so the page refuses what cmd/selfcheck refuses.
  async function readFileText(file) {
    const bytes = await file.arrayBuffer();
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  }

  async function importFile(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    const action = ++page.action;
    hideMessages();
    let res;
    if (file.size > page.fileBytes) res = { error: 'too-large' }; // before reading a byte
    else {
      try { res = call('importFile', await readFileText(file)); } catch (e) { res = { error: 'not-json' }; }
    }
    if (action !== page.action) return; // a later import or a clear came first: it has the last word
    input.value = '';
    if (res.error) { showError(res.error); return; } // the answers on screen stay as they are
    applyAnswers(JSON.parse(res.answers));
    page.changedAt = res.exportedAt;
    update();
    if (page.wizard) showStep(stepIndex('summary'), !res.from);
    if (res.from) showReask(res.reask);
    announce(text(res.from ? 'import_older' : 'import_done'));
  }

  // An older file: what must be answered again, each with the earlier
  // answer and comment as text, so that nothing is lost without a word.
  function showReask(reask) {
    const list = byId('sc-reask-list');
    list.textContent = '';
    const tpl = byId('sc-reask-row');
    for (const r of reask) {
      const q = page.questions.find((x) => x.id === r.id);
      const row = tpl.content.firstElementChild.cloneNode(true);
      const link = row.querySelector('[data-change]');
      link.textContent = q ? q.el.dataset.short : r.id;
      link.setAttribute('href', '#sc-q-' + r.id);
      link.setAttribute('data-change', r.id);
      const earlier = [];
      if (r.value) earlier.push(text('reask_earlier') + ' ' + (q ? answerText(q, r.value) : r.value));
      if (r.note) earlier.push(text('reask_note') + ' ' + r.note);
      row.querySelector('[data-reask-earlier]').textContent = earlier.length ? ' (' + earlier.join(' ') + ')' : '';
      list.appendChild(row);
    }
    byData('reask-intro', '').hidden = reask.length === 0;
    byId('sc-reask').hidden = false;
    byId('sc-reask').focus();
  }

  // Clears the form and everything this page keeps in the browser's storage.
  function clearAll() {
    page.action++;
    byId('sc-import-file').value = '';
    page.form.reset();
    all('.sc-warn').forEach((w) => { w.textContent = ''; });
    page.opened.clear();
    page.changedAt = '';
    hideMessages();
    update();
    toggleConfirm(false);
    if (page.wizard) showStep(0, true);
    [page.storageKey, storageFor('changed'), storageFor('step')].forEach((k) => store(k, null));
    announce(text('clear_done'));
  }

  function toggleConfirm(open) {
    byId('sc-clear-confirm').hidden = !open;
    byId('sc-clear').setAttribute('aria-expanded', String(open));
    (open ? byId('sc-clear-confirm') : byId('sc-clear')).focus();
  }

  // ---- Events (delegated; links keep working as anchors without wizard mode).

  function onClick(e) {
    const t = e.target.closest('a, button');
    if (!t || !page.root.contains(t)) return;
    const d = t.dataset;
    if (d.goto && page.wizard) { e.preventDefault(); showStep(stepIndex(d.goto), true); }
    else if (d.go) showStep(page.current + (d.go === 'next' ? 1 : -1), true);
    else if (d.change && page.wizard) { e.preventDefault(); goToQuestion(d.change); }
    else if (d.noteOpen) openNote(d.noteOpen);
    else if (t.hasAttribute('data-save-later') || t.id === 'sc-export') whenReady(exportFile);
    else if (t.closest('#sc-error') && t.hash) { e.preventDefault(); byId(t.hash.slice(1)).focus(); }
    else if (t.id === 'sc-print') window.print();
    else if (t.id === 'sc-clear') toggleConfirm(true);
    else if (t.id === 'sc-clear-yes') clearAll();
    else if (t.id === 'sc-clear-no') toggleConfirm(false);
  }

  // Runs fn now if the module is ready, else once it is ("Spara och
  // fortsätt senare" shows before the module has started).
  function whenReady(fn) {
    if (page.engine) fn();
    else engineReady.then(() => { if (page.engine) fn(); }, () => {});
  }

  function onInput(e) {
    if (e.target.matches('input[type="text"], textarea')) warnPersonal(e.target);
    changed();
  }

  function restore() {
    let answers = {};
    try { answers = JSON.parse(stored(page.storageKey) || '{}'); } catch (e) { /* a damaged copy */ }
    applyAnswers(answers);
    page.changedAt = stored(storageFor('changed')) || '';
    page.current = Math.max(0, stepIndex(stored(storageFor('step')) || ''));
  }

  function init() {
    page.root = byId('sjalvskattning');
    page.form = byId('sc-form');
    if (!page.root || !page.form) return;
    // Stored answers belong to one rules version: answers kept under other
    // rules are never read back as if they were today's.
    page.storageKey = page.root.dataset.storageKey + '.' + page.root.dataset.rulesVersion;
    page.fileBytes = Number(page.root.dataset.fileBytes);
    page.steps = all('[data-step]');
    page.questions = readQuestions();
    window.addEventListener('beforeprint', ensureSummary);

    page.root.addEventListener('click', onClick);
    page.form.addEventListener('input', onInput);
    page.form.addEventListener('change', changed);
    page.form.addEventListener('submit', (e) => e.preventDefault());
    byId('sc-import-file').addEventListener('change', (e) => importFile(e.target));

    setState('loading');
    restore();
    setWizard(true);
    // Conditional questions, notes and step counts as the steps show them,
    // before the first paint where possible. With no answers the counts in
    // the HTML are already right.
    if (Object.keys(readAnswers()).length > 0 || page.changedAt) { // answers to show: no waiting
      update();
      start();
    } else {
      showAsked();
      showNotes();
    }
    // The first update waits for the module (usually ready by now), so the
    // page is rendered once, not twice.
    engineReady.then((m) => {
      page.engine = m;
      if (call('evaluate', JSON.stringify(readAnswers())).error) {
        // Stored answers these rules refuse (a damaged copy): start afresh
        // and say so, rather than show no result at all.
        clearAll();
        byId('sc-restore-failed').hidden = false;
      }
      update(); // fills the live region while it is still hidden: no announcement on load
      all('[data-js-ready]').forEach((el) => { el.hidden = false; });
      setState('ready');
    }).catch(fail);
  }

  // Without the module the page is the whole paper checklist.
  function fail() {
    if (page.root.getAttribute('data-selfcheck') === 'failed') return;
    page.engine = null;
    setWizard(false);
    update();
    setState('failed');
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, { once: true });
  else init();
})();
