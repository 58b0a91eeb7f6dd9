// Starting the module: the Go engine compiled to WebAssembly (global
// `molnkollen`, registered by wasm/), and calling it safely.
//
// Two steps, so that the first screen gets the line and the main thread to
// itself, the page works offline once it has loaded, and the first answer
// gets its result at once:
// - right after the first frame (soon), the module's bytes are fetched and
//   compiled as they arrive (V8's streaming compilation, mostly off the
//   main thread), so that a network that drops before the first answer
//   changes nothing;
// - it is run (Go's start-up and the first evaluation: the page's one long
//   task) at the first interaction with the page, or when the page asks
//   (main.js: answers to show). Running it before anyone answered would put
//   that task where Lighthouse counts blocking time; fetching it before the
//   first paint made Lighthouse's simulated largest paint 2-3 s later
//   (README.md, "Benchmarks").
// A download that gets no bytes for the page's time limit (the script's
// data-wasm-stall, in seconds, from content) is given up, and the page says
// why the module could not start: Failure's reason.

import { mark } from './timing.js';

// The events that start the module, anywhere on the page.
const startEvents = ['pointerdown', 'keydown', 'focusin', 'touchstart'];

// Failure says why the module did not start: 'network' (it could not be
// downloaded), 'stalled' (the download stopped sending) or 'unsupported'
// (the browser could not compile or run it).
class Failure extends Error {
  constructor(reason) { super(reason); this.reason = reason; }
}

// download fetches url into memory, chunk by chunk. No `integrity`, unlike
// the page's scripts: with it, the body arrives only once complete, so the
// module could not compile while it downloads (measured: about 120 ms more
// to ready); the module comes from the page's own origin under a name that
// is its SHA-384 fingerprint, so integrity adds nothing here.
function download(url, stallMs) {
  const chunks = [];
  let done = false;
  let error = null;
  let waiters = [];
  let timer = 0;
  const ctrl = typeof AbortController === 'function' ? new AbortController() : null;
  const wake = () => { const w = waiters; waiters = []; w.forEach((f) => f()); };
  const stop = (e) => {
    if (done || error) return;
    error = e;
    window.clearTimeout(timer);
    if (ctrl) ctrl.abort();
    wake();
  };
  const arm = () => { window.clearTimeout(timer); timer = window.setTimeout(() => stop(new Failure('stalled')), stallMs); };
  const add = (b) => { if (!error) { chunks.push(b); arm(); wake(); } };
  const finish = () => { if (!error) { done = true; window.clearTimeout(timer); wake(); } };
  const read = (reader) => reader.read().then((r) => {
    if (error) return undefined;
    if (r.done) return finish();
    add(r.value);
    return read(reader);
  });
  arm();
  fetch(url, { credentials: 'same-origin', signal: ctrl ? ctrl.signal : undefined })
    .then((res) => {
      if (!res.ok) throw new Failure('network');
      if (res.body && typeof res.body.getReader === 'function') return read(res.body.getReader());
      return res.arrayBuffer().then((b) => { add(new Uint8Array(b)); finish(); });
    })
    .catch((e) => stop(e instanceof Failure ? e : new Failure('network')));
  // chunk(i) resolves with the i-th chunk once it is there, null after the
  // last, and rejects with the Failure if the download fails first.
  const chunk = (i) => new Promise((resolve, reject) => {
    const look = () => {
      if (i < chunks.length) resolve(chunks[i]);
      else if (error) reject(error);
      else if (done) resolve(null);
      else waiters.push(look);
    };
    look();
  });
  return { chunk, failed: () => error !== null };
}

// stream replays a download, from its first byte, as a ReadableStream.
function stream(dl) {
  let i = 0;
  return new ReadableStream({
    pull: (c) => dl.chunk(i).then((b) => { if (b) { i += 1; c.enqueue(b); } else c.close(); }),
  });
}

// bytes waits for the whole download and joins its chunks.
async function bytes(dl) {
  const parts = [];
  for (let b = await dl.chunk(0); b; b = await dl.chunk(parts.length)) parts.push(b);
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  parts.reduce((at, b) => { out.set(b, at); return at + b.length; }, 0);
  return out;
}

// compile compiles the module as its bytes arrive (or once all are there,
// in browsers without compileStreaming or ReadableStream).
function compile(dl) {
  if (typeof WebAssembly !== 'object') return Promise.reject(new Failure('unsupported'));
  const streaming = typeof WebAssembly.compileStreaming === 'function' && typeof ReadableStream === 'function';
  const compiled = streaming
    ? WebAssembly.compileStreaming(new Response(stream(dl), { headers: { 'Content-Type': 'application/wasm' } }))
    : bytes(dl).then((b) => WebAssembly.compile(b));
  // A failed download explains a failed compilation; else it is the browser.
  return compiled.catch(() => bytes(dl).then(() => { throw new Failure('unsupported'); }));
}

// Runs the module (Go's start-up: the one long task on the page). wasm_exec.js
// is deferred, so it has run once the document is parsed. main() registers
// `molnkollen` synchronously before it blocks.
async function runModule(module, parsed) {
  if (typeof window.Go !== 'function') await parsed;
  if (typeof window.Go !== 'function') throw new Failure('unsupported');
  const go = new window.Go();
  go.run(await WebAssembly.instantiate(module, go.importObject));
  mark('run');
  if (!window.molnkollen || typeof window.molnkollen.evaluate !== 'function') throw new Failure('unsupported');
  return window.molnkollen;
}

// soon runs fn once: right after the first frame the browser renders once
// this script has run (a message posted from a frame callback arrives when
// that frame is done, so the first screen has had the main thread and the
// line to itself), or once the page has loaded and the browser is idle,
// whichever comes first (a tab in the background renders no frames).
export function soon(fn) {
  let done = false;
  const once = () => { if (!done) { done = true; fn(); } };
  if (typeof window.requestAnimationFrame === 'function' && typeof MessageChannel === 'function') {
    window.requestAnimationFrame(() => {
      const ch = new MessageChannel();
      ch.port1.onmessage = once;
      ch.port2.postMessage(0);
    });
  }
  const idle = () => (typeof window.requestIdleCallback === 'function'
    ? window.requestIdleCallback(once, { timeout: 2000 }) : window.setTimeout(once, 0));
  if (document.readyState === 'complete') idle();
  else window.addEventListener('load', idle, { once: true });
}

// createEngine returns the module of the page script's element (data-wasm,
// data-wasm-stall), not yet started: right after the first frame (soon) its
// bytes are fetched and compiled as they arrive; ready resolves with its functions
// once it runs (and rejects with a Failure if it cannot); start() runs it,
// once, fetching and compiling again if the early attempt failed. api stays
// null until the page takes the functions into use (main.js), and becomes
// null again if the page gives up on them.
export function createEngine(script) {
  const url = script ? script.dataset.wasm : '';
  // Read when the download starts, so that a test can shorten it first.
  const stallMs = () => (Number(script && script.dataset.wasmStall) || 15) * 1000;
  const parsed = document.readyState === 'loading'
    ? new Promise((resolve) => document.addEventListener('DOMContentLoaded', resolve, { once: true }))
    : Promise.resolve();
  let dl = null;
  const fetchModule = () => {
    if (!dl || dl.failed()) { mark('request'); dl = download(url, stallMs()); }
    return dl;
  };
  const compileModule = () => (url
    ? compile(fetchModule()).then((m) => { mark('compiled'); return m; })
    : Promise.reject(new Failure('unsupported')));
  let early = null;
  let begin = null;
  const ready = new Promise((resolve, reject) => {
    begin = () => (early ? early.catch(compileModule) : compileModule())
      .then((module) => { dl = null; return runModule(module, parsed); }).then(resolve, reject);
  });
  ready.catch(() => { /* the page reports it as data-selfcheck="failed" */ });
  const start = () => {
    startEvents.forEach((ev) => document.removeEventListener(ev, start, true));
    if (begin) { begin(); begin = null; }
  };
  startEvents.forEach((ev) => document.addEventListener(ev, start, { capture: true, passive: true }));
  soon(() => {
    if (!begin || !url) return;
    early = compileModule();
    // The compiled module is kept; its bytes are not needed any more.
    early.then(() => { dl = null; }, () => { /* start() tries once more */ });
  });
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
