// The storage's low-level parts, for storage.js and forget.js: sessionStorage
// that never throws, the cache's request for a self-check, ids, the locks
// between tabs, and a failure said once.

// empty is what a tab keeps before any answer.
export function empty() { return { answers: null, step: null, changed: null }; }

// session gets ('get') or sets (null removes) key in sessionStorage; null
// when the browser refuses.
export function session(op, key, value) {
  try {
    if (op === 'get') return sessionStorage.getItem(key);
    if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
    return true;
  } catch (e) { return null; }
}

// requestFor is the cache's request of self-check id (never fetched).
export function requestFor(id) { return location.pathname + '?selfcheck=' + encodeURIComponent(id); }

// newId returns a random id for a new self-check.
export function newId() {
  const b = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// lock takes the lock of self-check id for this tab, releasing the one it
// held; it resolves false when another tab holds it.
export function lock(s, id) {
  unlock(s);
  if (!navigator.locks) return Promise.resolve(true);
  return new Promise((resolve) => {
    navigator.locks.request(s.prefix + id, { ifAvailable: true }, (l) => {
      resolve(!!l);
      return l ? new Promise((release) => { s.release = release; }) : null;
    }).catch(() => resolve(true));
  });
}

// unlock lets go of the lock this tab holds.
export function unlock(s) {
  if (s.release) { s.release(); s.release = null; }
}

// heldLocks returns the names of the locks the tabs of this origin hold.
export async function heldLocks() {
  if (!navigator.locks) return new Set();
  return new Set((await navigator.locks.query()).held.map((l) => l.name));
}

// fail marks the storage s failed and says so, once (s.onFail).
export function fail(s) {
  if (s.failed) return;
  s.failed = true;
  s.onFail(s);
}
