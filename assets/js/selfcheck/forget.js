// Deleting what the browser keeps (storage.js says what that is): expired
// entries on load, a self-check the user starts afresh from, and
// everything at "Rensa alla svar".

import { empty, fail, heldLocks, requestFor, unlock } from './keep.js';

// expire deletes, in every cache of the page, the entries older than
// s.days days (and caches left empty), and returns this version's entries
// left, each with its id.
export async function expire(s) {
  const limit = Date.now() - s.days * 86400000;
  const out = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(s.prefix)) continue;
    const cache = name === s.name ? s.cache : await caches.open(name);
    const keys = await cache.keys();
    let left = 0;
    for (const req of keys) {
      const e = await readEntry(cache, req);
      if (!e || !(e.saved >= limit)) { await cache.delete(req); continue; }
      left++;
      if (name === s.name) out.push(e);
    }
    if (left === 0 && name !== s.name) await caches.delete(name);
  }
  return out;
}

async function readEntry(cache, req) {
  try {
    const res = await cache.match(req);
    const e = await res.json();
    e.id = new URL(req.url).searchParams.get('selfcheck') || '';
    return e.id && typeof e === 'object' ? e : null;
  } catch (e) { return null; }
}

// drop deletes the kept self-check id (one another tab does not hold).
export async function drop(s, id) {
  try { if (s.cache) await s.cache.delete(requestFor(id)); } catch (e) { fail(s); }
}

// forgetAll removes everything the page keeps or has ever kept in this
// browser: this tab's entry, every key of sessionStorage and localStorage
// that starts with the prefix (earlier versions' keys too), and every entry
// of its caches that no other open tab holds (caches left empty go too).
export async function forgetAll(s) {
  s.entry = empty();
  s.dirty = false;
  if (s.writing) await s.writing;
  const id = s.id;
  s.id = '';
  unlock(s);
  for (const area of ['sessionStorage', 'localStorage']) {
    try {
      const st = window[area];
      Object.keys(st).filter((k) => k.startsWith(s.prefix)).forEach((k) => st.removeItem(k));
    } catch (e) { /* blocked: nothing kept there */ }
  }
  if (typeof caches === 'undefined') return;
  try {
    const held = await heldLocks();
    for (const name of await caches.keys()) {
      if (!name.startsWith(s.prefix)) continue;
      const cache = await caches.open(name);
      const keys = (await cache.keys()).filter((req) => {
        const other = new URL(req.url).searchParams.get('selfcheck');
        return other === id || !held.has(s.prefix + other);
      });
      for (const req of keys) await cache.delete(req);
      if ((await cache.keys()).length === 0) await caches.delete(name);
    }
    // Later answers go to the cache as it is now, not to the deleted one.
    if (s.cache) s.cache = await caches.open(s.name);
  } catch (e) { fail(s); }
}
