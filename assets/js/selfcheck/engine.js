// Starting the module: the Go engine compiled to WebAssembly (global
// `molnkollen`, registered by wasm/), downloaded, compiled and run once, at
// the first interaction with the page or when the page asks (main.js), and
// called safely.
//
// The module is downloaded only when it starts: nothing it does competes
// with the first screen, and a reader who never answers never downloads it.
// Compiling it once the first screen had painted, before anyone answered,
// cost the page 3-10 points in Lighthouse's mobile audit (5 runs each on 2
// cores), in V8's streaming-compile tasks on the main thread or, with a
// worker, in CPU taken from it; on the intranet the download and compilation
// take a fraction of a second once someone starts answering, and answers
// given meanwhile are kept (README.md, "Benchmarks").

// The events that start the module, anywhere on the page.
const startEvents = ['pointerdown', 'keydown', 'focusin', 'touchstart'];

// No `integrity` here, unlike the page's scripts: a fetch with integrity
// hands over the body only once all of it has arrived and been checked, so
// the module could not compile while it downloads (measured: about 120 ms
// more to ready on the bench, and one long main-thread task instead of many
// short ones). The module comes from the page's own origin under a name
// that is its SHA-384 fingerprint; integrity adds nothing against anyone
// who could change it there, as they could change this page too.
async function fetchOK(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error('HTTP ' + res.status);
  return res;
}

// Compiles straight from the download; servers that send the module with
// the wrong Content-Type make compileStreaming fail: compile from bytes.
function compileModule(url) {
  if (!url || typeof WebAssembly !== 'object') return Promise.reject(new Error('unsupported'));
  const streaming = typeof WebAssembly.compileStreaming === 'function'
    ? WebAssembly.compileStreaming(fetchOK(url)) : Promise.reject(new Error('no compileStreaming'));
  return streaming.catch(() => fetchOK(url).then((res) => res.arrayBuffer()).then((b) => WebAssembly.compile(b)));
}

// Runs the module (Go's start-up: the one long task on the page). wasm_exec.js
// is deferred, so it has run once the document is parsed. main() registers
// `molnkollen` synchronously before it blocks.
async function runModule(module, parsed) {
  if (typeof window.Go !== 'function') await parsed;
  if (typeof window.Go !== 'function') throw new Error('wasm_exec.js missing');
  const go = new window.Go();
  go.run(await WebAssembly.instantiate(module, go.importObject));
  if (!window.molnkollen || typeof window.molnkollen.evaluate !== 'function') throw new Error('not registered');
  return window.molnkollen;
}

// createEngine returns the module, not yet started: ready resolves with its
// functions once it runs (and rejects if it cannot); start() starts it, once.
// api stays null until the page takes the functions into use (main.js), and
// becomes null again if the page gives up on them.
export function createEngine(url) {
  const parsed = document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();
  let begin = null;
  const ready = new Promise((resolve, reject) => {
    begin = () => compileModule(url).then((module) => runModule(module, parsed)).then(resolve, reject);
  });
  ready.catch(() => { /* the page reports it as data-selfcheck="failed" */ });
  const start = () => {
    startEvents.forEach((ev) => document.removeEventListener(ev, start, true));
    if (begin) { begin(); begin = null; }
  };
  startEvents.forEach((ev) => document.addEventListener(ev, start, { capture: true, passive: true }));
  return { api: null, ready, start };
}

// call calls one of the module's functions; a thrown error (e.g. the Go
// program exited) becomes an error code like the ones the module returns.
export function call(engine, fn, ...args) {
  try {
    const res = engine.api[fn](...args);
    return res && typeof res === 'object' ? res : { error: 'other' };
  } catch (e) {
    return { error: 'other' };
  }
}

// whenReady runs fn now if the module is in use, else once it is (the
// button to save and continue later shows before the module has started).
export function whenReady(engine, fn) {
  if (engine.api) fn();
  else engine.ready.then(() => { if (engine.api) fn(); }, () => {});
}
