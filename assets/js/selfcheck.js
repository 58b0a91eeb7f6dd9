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
// neither blocks the parser, and the module compiles from the network while
// the rest of the page is parsed. wasm_exec.js has run by DOMContentLoaded
// at the latest; the module runs after both. Everything that touches the
// page waits for DOMContentLoaded (this script may also run after it).
(function () {
  'use strict';

  const script = document.currentScript;
  const wasmURL = script ? script.dataset.wasm : '';
  const wasmIntegrity = script ? script.dataset.wasmIntegrity : '';
  // The root's start tag is already parsed (this script sits inside it).
  const early = script && script.closest('[data-selfcheck]');
  if (early) early.setAttribute('data-selfcheck', 'loading');

  async function fetchOK() {
    const res = await fetch(wasmURL, { integrity: wasmIntegrity || '', credentials: 'same-origin' });
    if (!res.ok) throw new Error('HTTP ' + res.status);
    return res;
  }

  // Compiles straight from the network; servers that send the module with
  // the wrong Content-Type make compileStreaming fail: compile from bytes.
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

  // Compile now, then instantiate and run the module once Go's loader is
  // there; main() registers `molnkollen` synchronously before it blocks.
  const engineReady = compileModule().then(async (module) => {
    if (typeof window.Go !== 'function') await parsed;
    if (typeof window.Go !== 'function') throw new Error('wasm_exec.js missing');
    const go = new window.Go();
    go.run(await WebAssembly.instantiate(module, go.importObject));
    if (!window.molnkollen || typeof window.molnkollen.evaluate !== 'function') throw new Error('not registered');
    return window.molnkollen;
  });
  engineReady.catch(() => { /* reported by init() as data-selfcheck="failed" */ });

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init, { once: true });
  else init();

  function init() {
    const root = document.getElementById('sjalvskattning');
    const form = document.getElementById('sc-form');
    if (!root || !form) return;

    const $$ = (sel, el) => Array.from((el || root).querySelectorAll(sel));
    // Elements by data attribute value, indexed once (the page does not change shape).
    const index = {};
    const byData = (attr, value) => {
      if (!index[attr]) {
        index[attr] = new Map();
        $$('[data-' + attr + ']').forEach((el) => index[attr].set(el.getAttribute('data-' + attr), el));
      }
      return index[attr].get(value);
    };
    const text = (key) => { const el = byData('text', key); return el ? el.textContent : ''; };

    const steps = $$('[data-step]');
    const questions = $$('[data-q]').map((el) => ({ id: el.dataset.q, kind: el.dataset.kind, el }));
    buildSummary();
    const stepQuestions = new Map(steps.map((s) => [s, $$('[data-q]', s).map((el) => el.dataset.q)]));
    const storageKey = root.dataset.storageKey || 'molnkollen.answers';
    const stepKey = storageKey.replace(/\.[^.]*$/, '') + '.step';
    const fileBytes = Number(root.dataset.fileBytes) || 262144;
    const live = document.getElementById('sc-live-verdict');
    const announcer = document.getElementById('sc-announce');
    // Personnummer (YYMMDD-NNNN, YYYYMMDDNNNN, ...) and e-mail addresses.
    const personal = [/\b\d{6}(\d{2})?[-+]?\d{4}\b/, /[^\s@]+@[^\s@]+\.[^\s@]{2,}/];

    let engine = null; // window.molnkollen once the module runs
    let wizard = false; // one step at a time (JS running) or the whole checklist
    let current = 0;
    let lastVerdict = null;

    // ---- Storage: this tab only, and failures (private mode, quota) are harmless.

    const storage = (() => { try { return window.sessionStorage; } catch (e) { return null; } })();
    function store(key, value) {
      if (!storage) return;
      try {
        if (value === null) storage.removeItem(key); else storage.setItem(key, value);
      } catch (e) { /* storage full or blocked: the form still works */ }
    }
    function stored(key) {
      try { return storage ? storage.getItem(key) : null; } catch (e) { return null; }
    }

    // ---- State of the page: data-selfcheck="loading" | "ready" | "failed".

    function setState(state) {
      root.setAttribute('data-selfcheck', state);
      $$('[data-state-msg]').forEach((el) => { el.hidden = el.dataset.stateMsg !== state; });
    }

    // ---- Answers: the form is the truth; this reads and writes the
    // {"<id>": {"value": "...", "note": "..."}} object the engine takes.

    function readAnswers() {
      const out = {};
      for (const q of questions) {
        const field = form.elements['q-' + q.id];
        const value = field ? field.value.trim() : '';
        const noteField = form.elements['n-' + q.id];
        const note = noteField ? noteField.value.trim() : '';
        if (value || note) out[q.id] = note ? { value, note } : { value };
      }
      return out;
    }

    function applyAnswers(answers) {
      for (const q of questions) {
        const a = (answers && answers[q.id]) || {};
        const field = form.elements['q-' + q.id];
        if (field && q.kind === 'text') field.value = typeof a.value === 'string' ? a.value : '';
        else if (field) Array.from(field).forEach((r) => { r.checked = r.value === a.value; });
        const noteField = form.elements['n-' + q.id];
        if (noteField) noteField.value = typeof a.note === 'string' ? a.note : '';
      }
      $$('input[type="text"], textarea', form).forEach(warnPersonal);
    }

    // One summary row per question, cloned from the page's template (see
    // layouts/_partials/selfcheck/summary.html); texts set as textContent.
    function buildSummary() {
      const tpl = document.getElementById('sc-summary-row');
      if (!tpl) return;
      for (const q of questions) {
        const list = root.querySelector('[data-summary-for="' + q.el.closest('[data-step]').dataset.step + '"]');
        if (!list) continue;
        const row = tpl.content.firstElementChild.cloneNode(true);
        const short = q.el.dataset.short || q.id;
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

    function answerText(q, value) {
      if (q.kind === 'text') return value;
      const input = document.getElementById('q-' + q.id + '-' + value);
      return input && input.labels.length ? input.labels[0].textContent : value;
    }

    // ---- Rendering (textContent and hidden only).

    function renderSummary(answers) {
      for (const q of questions) {
        const a = answers[q.id] || {};
        const out = byData('answer-for', q.id);
        if (out) out.textContent = a.value ? answerText(q, a.value) : text('not_answered');
        const noteRow = byData('note-row', q.id);
        if (noteRow) {
          noteRow.hidden = !a.note;
          byData('note-for', q.id).textContent = a.note || '';
        }
      }
      // "3 av 6 besvarade" beside each step in the step list.
      for (const step of steps) {
        const out = byData('count-for', step.dataset.step);
        if (!out) continue;
        const ids = stepQuestions.get(step);
        const done = ids.filter((id) => answers[id] && answers[id].value).length;
        out.textContent = text('count').replace('{n}', done).replace('{total}', ids.length);
      }
    }

    function showOnly(attr, ids) {
      const set = new Set(Array.from(ids || []));
      $$('[data-' + attr + ']').forEach((el) => { el.hidden = !set.has(el.getAttribute('data-' + attr)); });
    }

    function renderResult(res) {
      showOnly('verdict', [res.verdict]);
      showOnly('reason', res.reasons);
      showOnly('open', res.open);
      showOnly('route', res.route);
      $$('[data-empty-for]').forEach((p) => {
        p.hidden = $$('li', document.getElementById(p.dataset.emptyFor)).some((li) => !li.hidden);
      });
      document.getElementById('sc-fingerprint').textContent = res.fingerprint || '';
      // The live region says only the verdict, and only when it changes.
      if (res.verdict !== lastVerdict) {
        lastVerdict = res.verdict;
        const v = byData('verdict', res.verdict);
        live.textContent = v ? v.querySelector('.sc-verdict-title').textContent : '';
      }
    }

    // Calls the module; a thrown error (e.g. the Go program exited) becomes
    // an error code like the ones the module returns itself.
    function call(fn, ...args) {
      try {
        const res = engine[fn](...args);
        return res && typeof res === 'object' ? res : { error: 'other' };
      } catch (e) {
        return { error: 'other' };
      }
    }

    function update() {
      const answers = readAnswers();
      const json = JSON.stringify(answers);
      store(storageKey, json === '{}' ? null : json);
      renderSummary(answers);
      if (!engine) return;
      const res = call('evaluate', json);
      if (!res.error) renderResult(res); // answers come from the form, so an error is the module failing
    }

    // ---- Personal data warning on free text (a hint, not a block).

    function warnPersonal(field) {
      const out = document.getElementById('w-' + field.name);
      if (!out) return;
      const msg = personal.some((re) => re.test(field.value)) ? text('pii') : '';
      if (out.textContent !== msg) out.textContent = msg;
    }

    // ---- Steps (GOV.UK question pages and "check your answers").

    function showStep(i, focus) {
      current = Math.max(0, Math.min(steps.length - 1, i));
      const id = steps[current].dataset.step;
      steps.forEach((s, j) => { s.hidden = j !== current; });
      $$('#sc-nav [data-goto]').forEach((a) => {
        if (a.dataset.goto === id) a.setAttribute('aria-current', 'step'); else a.removeAttribute('aria-current');
      });
      store(stepKey, id);
      if (focus) steps[current].querySelector('h2').focus();
    }

    function setWizard(on) {
      wizard = on;
      $$('[data-js-only]').forEach((el) => { el.hidden = !on; });
      if (on) {
        showStep(current, false);
      } else {
        // The whole checklist, as without JavaScript (the summary needs the engine).
        steps.forEach((s) => { s.hidden = s.dataset.step === 'summary'; });
        $$('#sc-nav [aria-current]').forEach((a) => a.removeAttribute('aria-current'));
      }
    }

    function stepIndex(id) { return steps.findIndex((s) => s.dataset.step === id); }

    // "Ändra" and the open items: back to the question, focus on its answer.
    function goToQuestion(id) {
      const q = questions.find((x) => x.id === id);
      if (!q) return;
      showStep(steps.indexOf(q.el.closest('[data-step]')), false);
      const target = q.el.querySelector('input:checked') || q.el.querySelector('input, textarea');
      if (target) target.focus();
    }

    // ---- Error summary (GOV.UK pattern) and polite announcements.

    function showError(code) {
      const summary = document.getElementById('sc-error');
      const item = byData('message', code) || byData('message', 'other');
      $$('[data-message]').forEach((li) => { li.hidden = li !== item; });
      const inline = document.getElementById('sc-import-error');
      inline.textContent = item.textContent;
      inline.hidden = item.dataset.message === 'other';
      document.getElementById('sc-import').classList.toggle('sc-import--error', !inline.hidden);
      summary.hidden = false;
      summary.focus();
    }

    function hideError() {
      document.getElementById('sc-error').hidden = true;
      document.getElementById('sc-import-error').hidden = true;
      document.getElementById('sc-import').classList.remove('sc-import--error');
    }

    function announce(msg) {
      // Clear first so that the same message is announced again.
      announcer.textContent = '';
      window.setTimeout(() => { announcer.textContent = msg; }, 50);
    }

    function localDate() {
      const d = new Date();
      const pad = (n) => String(n).padStart(2, '0');
      return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
    }

    // ---- Export, import, clear.

    function exportFile() {
      hideError();
      const res = call('exportFile', JSON.stringify(readAnswers()), new Date().toISOString());
      if (res.error || typeof res.json !== 'string') { showError('other'); return; }
      const name = 'sjalvskattning-' + localDate() + '.json';
      // A Blob URL is same-origin, so the download works under the strict CSP.
      const url = URL.createObjectURL(new Blob([res.json], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.hidden = true;
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      announce(text('export_done').replace('{file}', name));
    }

    async function importFile(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      hideError();
      let code = '';
      let answers = null;
      if (file.size > fileBytes) {
        code = 'too-large'; // checked before reading a byte
      } else {
        try {
          const res = call('importFile', await file.text());
          if (res.error) code = res.error; else answers = JSON.parse(res.answers);
        } catch (e) {
          code = 'not-json';
        }
      }
      input.value = '';
      if (code) { showError(code); return; } // the answers on screen stay as they are
      applyAnswers(answers);
      update();
      if (wizard) showStep(stepIndex('summary'), true);
      announce(text('import_done'));
    }

    function clearAll() {
      form.reset();
      $$('.sc-warn').forEach((w) => { w.textContent = ''; });
      store(storageKey, null);
      hideError();
      update();
      document.getElementById('sc-clear-confirm').hidden = true;
      document.getElementById('sc-clear').setAttribute('aria-expanded', 'false');
      if (wizard) showStep(0, true);
      announce(text('clear_done'));
    }

    // ---- Events (delegated; links keep working as anchors without wizard mode).

    root.addEventListener('click', (e) => {
      const t = e.target.closest('a, button');
      if (!t || !root.contains(t)) return;
      const confirmBox = document.getElementById('sc-clear-confirm');
      if (t.dataset.goto && wizard) {
        e.preventDefault();
        showStep(stepIndex(t.dataset.goto), true);
      } else if (t.dataset.go) {
        showStep(current + (t.dataset.go === 'next' ? 1 : -1), true);
      } else if (t.dataset.change && wizard) {
        e.preventDefault();
        goToQuestion(t.dataset.change);
      } else if (t.closest('#sc-error') && t.hash) {
        e.preventDefault();
        const target = document.getElementById(t.hash.slice(1));
        if (target) target.focus();
      } else if (t.id === 'sc-export') {
        exportFile();
      } else if (t.id === 'sc-print') {
        window.print();
      } else if (t.id === 'sc-clear') {
        confirmBox.hidden = false;
        t.setAttribute('aria-expanded', 'true');
        confirmBox.focus();
      } else if (t.id === 'sc-clear-yes') {
        clearAll();
      } else if (t.id === 'sc-clear-no') {
        confirmBox.hidden = true;
        document.getElementById('sc-clear').setAttribute('aria-expanded', 'false');
        document.getElementById('sc-clear').focus();
      }
    });

    form.addEventListener('input', (e) => {
      if (e.target.matches('input[type="text"], textarea')) warnPersonal(e.target);
      update();
    });
    form.addEventListener('change', update);
    form.addEventListener('submit', (e) => e.preventDefault());
    document.getElementById('sc-import-file').addEventListener('change', (e) => importFile(e.target));

    setState('loading');
    let restored = {};
    try { restored = JSON.parse(stored(storageKey) || '{}'); } catch (e) { /* ignore a damaged copy */ }
    applyAnswers(restored);
    const savedStep = stepIndex(stored(stepKey) || '');
    current = savedStep > 0 ? savedStep : 0;
    setWizard(true);

    // The first update waits for the module (usually ready by now), so the
    // page is rendered once, not twice.
    engineReady.then((m) => {
      engine = m;
      document.getElementById('sc-print-date').textContent = localDate();
      update(); // fills the live region while it is still hidden: no announcement on load
      $$('[data-js-ready]').forEach((el) => { el.hidden = false; });
      setState('ready');
    }).catch(() => {
      engine = null;
      setWizard(false);
      update();
      setState('failed');
    });
  }
})();
