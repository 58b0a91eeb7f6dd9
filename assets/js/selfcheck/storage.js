// Storage: the answers kept in the browser, in sessionStorage only (this
// tab), never in cookies or localStorage; nothing is sent anywhere. Failures
// (private mode, a full quota) are harmless: the form still works.
//
// Keys, from the root's data-storage-key and data-rules-version:
//   <storage-key>.<rules-version>          the answers (JSON, as the module reads them)
//   <storage-key>.<rules-version>.changed  ISO time of the last change, export or imported file
//   <storage-key>.<rules-version>.step     the step shown
// Answers kept under other rules are never read back as if they were today's.

// storageKey returns the key of the answers of the page whose root is
// given; the functions below take it as storage.
export function storageKey(root) {
  return root.dataset.storageKey + '.' + root.dataset.rulesVersion;
}

// The key of what is kept: '' for the answers, 'changed' or 'step'.
function keyOf(storage, what) { return what ? storage + '.' + what : storage; }

// store keeps value under what; null removes it.
export function store(storage, what, value) {
  const key = keyOf(storage, what);
  try {
    if (value === null) sessionStorage.removeItem(key); else sessionStorage.setItem(key, value);
  } catch (e) { /* storage full or blocked: the form still works */ }
}

// stored returns what is kept under what, or null.
export function stored(storage, what) {
  try { return sessionStorage.getItem(keyOf(storage, what)); } catch (e) { return null; }
}

// forget removes everything the page keeps.
export function forget(storage) {
  ['', 'changed', 'step'].forEach((what) => store(storage, what, null));
}
