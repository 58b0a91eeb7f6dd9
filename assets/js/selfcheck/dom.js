// Finding the self-check's elements: under its root (bind), by id, or by
// the value of a data attribute through an index.

let root = document;
let index = new Map();

// bind makes root the element every look-up below starts from.
export function bind(el) {
  root = el;
  reindex();
}

// reindex drops the index; call it after adding elements that carry
// indexed attributes (the summary's rows), so that they are found too.
export function reindex() { index = new Map(); }

// all lists the elements under el (the root by default) that match sel.
export function all(sel, el) { return Array.from((el || root).querySelectorAll(sel)); }

export function byId(id) { return document.getElementById(id); }

// byData returns the element whose data-<attr> is value. Each attribute is
// indexed the first time it is asked for.
export function byData(attr, value) {
  if (!index.has(attr)) {
    const map = new Map();
    all('[data-' + attr + ']').forEach((el) => map.set(el.getAttribute('data-' + attr), el));
    index.set(attr, map);
  }
  return index.get(attr).get(value);
}

// setOff shows or hides a page, a question, a note or a hint of the paper
// checklist by data-off, not by the hidden attribute: a browser that saves
// the page as MHTML leaves out every element with hidden, and the copy must
// still hold the whole checklist (selfcheck.css shows it where no script runs).
export function setOff(el, off) { el.toggleAttribute('data-off', off); }

// text returns one of the page's own texts (data-text, rendered from
// layouts/_partials/selfcheck/script-texts.html): no Swedish lives in JS.
export function text(key) { return byData('text', key).textContent; }
