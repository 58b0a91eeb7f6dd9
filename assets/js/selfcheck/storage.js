// Storage: the answers kept in the browser, so that a reload, a new tab or
// the next day can pick the self-check up again. Nothing is sent anywhere.
//
// Where (names from the root's data-storage-key and data-rules-version):
//   Cache Storage "<storage-key>.<rules-version>"  one entry per self-check,
//       keyed "<page path>?selfcheck=<id>" (a random id), whose body is JSON:
//       {answers, step, changed, saved} (saved: ms since 1970, for expiry)
//   sessionStorage "<prefix>tab"  this tab's self-check id (prefix: the
//       storage key up to its first dot and the dot, "molnkollen.")
//   Web Locks "<prefix><id>"  held by the tab that has the self-check open,
//       so that another tab neither offers nor takes it
// Why Cache Storage: sessionStorage and localStorage (LevelDB) keep deleted
// values in their log files on disk, while a deleted cache entry's file is
// removed (internal/sitetest's profile test looks at the files). Where
// Cache Storage is missing (http:, private windows), the entry is kept in
// sessionStorage under "<storage-key>.<rules-version>" (this tab only,
// mode "session"); where that fails too, nowhere (mode "none"). A write that
// fails sets failed and calls onFail: the page then says that a reload
// loses the answers. Entries not changed for data-storage-days days are
// deleted on load, in every cache whose name starts with the prefix.

import { empty, fail, heldLocks, lock, newId, requestFor, session } from './keep.js';
import { expire } from './forget.js';

export { drop, forgetAll } from './forget.js';
export { lock, unlock } from './keep.js';

// createStorage returns the storage of the page whose root is given; the
// functions below take it as s. entry is what is kept for this tab.
export function createStorage(root, onFail) {
  const key = root.dataset.storageKey;
  return {
    prefix: key.slice(0, key.indexOf('.') + 1), name: key + '.' + root.dataset.rulesVersion,
    days: Number(root.dataset.storageDays) || 0, mode: 'opening', failed: false, onFail,
    id: '', release: null, cache: null, entry: empty(), writing: null, dirty: false,
  };
}


// The entry as it is kept (answers as an object) and as the page holds it
// (answers as the JSON string the form gives).
function body(entry) {
  return JSON.stringify(Object.assign({ saved: Date.now() }, entry, { answers: JSON.parse(entry.answers) }));
}
function inPage(e) {
  const answers = e.answers && typeof e.answers === 'object' ? JSON.stringify(e.answers) : null;
  return { answers, step: typeof e.step === 'string' ? e.step : null, changed: typeof e.changed === 'string' ? e.changed : null };
}

// The key of what is kept: '' for the answers (a JSON string), 'changed' or 'step'.
const fields = { '': 'answers', changed: 'changed', step: 'step' };

// store keeps value under what; null removes it. The write follows
// (asynchronously, the last value wins).
export function store(s, what, value) {
  if (s.entry[fields[what]] === value) return;
  s.entry[fields[what]] = value;
  persist(s);
}

// stored returns what is kept under what, or null.
export function stored(s, what) { return s.entry[fields[what]]; }

// adopt makes entry (with its id) the self-check of this tab.
export function adopt(s, entry) {
  s.id = entry.id;
  s.entry = inPage(entry);
  session('set', s.prefix + 'tab', s.id);
}

// persist writes the entry: one write at a time, the last value last.
function persist(s) {
  if (s.mode === 'opening' || s.mode === 'none') { s.dirty = true; return; }
  if (s.mode === 'session') {
    if (session('set', s.name, s.entry.answers === null ? null : body(s.entry)) === null) fail(s);
    return;
  }
  s.dirty = true;
  if (s.writing) return;
  s.writing = (async () => {
    while (s.dirty) {
      s.dirty = false;
      try { await writeEntry(s); } catch (e) { fail(s); }
    }
    s.writing = null;
  })();
}

async function writeEntry(s) {
  if (s.entry.answers === null) {
    if (s.id) await s.cache.delete(requestFor(s.id));
    return;
  }
  if (!s.id) {
    s.id = newId();
    session('set', s.prefix + 'tab', s.id);
    await lock(s, s.id);
  }
  await s.cache.put(requestFor(s.id), new Response(body(s.entry), { headers: { 'Content-Type': 'application/json' } }));
}

// openStorage finds where the browser lets the page keep answers, deletes
// what has expired and resolves with {own, offer}: the entry of this tab's
// self-check (a reload), taken into use, and the newest unfinished
// self-check no open tab holds, to offer; each null when there is none.
export async function openStorage(s) {
  const none = { own: null, offer: null };
  const tabId = session('get', s.prefix + 'tab');
  const typed = s.entry.answers !== null; // answered before the storage opened: kept, nothing offered
  try {
    if (typeof caches === 'undefined') throw new Error('no Cache Storage');
    s.cache = await caches.open(s.name);
    s.mode = 'cache';
  } catch (e) {
    s.mode = session('set', s.prefix + 'probe', '1') ? 'session' : 'none';
    session('set', s.prefix + 'probe', null);
    if (s.mode === 'none') { fail(s); return none; }
    if (typed) { persist(s); return none; }
    return openSession(s);
  }
  let entries;
  try { entries = await expire(s); } catch (e) { fail(s); return none; }
  if (typed) { persist(s); return none; }
  const own = tabId ? entries.find((e) => e.id === tabId) || null : null;
  if (own) {
    // A tab duplicated from this one has its id too: the copy gets an id of its own.
    if (await lock(s, own.id)) adopt(s, own);
    else {
      adopt(s, Object.assign({}, own, { id: newId() }));
      await lock(s, s.id);
      persist(s);
    }
  }
  const held = await heldLocks();
  const free = entries.filter((e) => e !== own && !held.has(s.prefix + e.id));
  free.sort((a, b) => b.saved - a.saved);
  return { own, offer: free[0] || null };
}

function openSession(s) {
  let own = null;
  try { own = JSON.parse(session('get', s.name) || 'null'); } catch (e) { /* a damaged copy */ }
  if (!own || typeof own !== 'object') return { own: null, offer: null };
  s.entry = inPage(own);
  return { own, offer: null };
}

