// The page's words and small DOM helpers. Every text comes from the page
// (layouts/_partials/reception/strings.html): no Swedish lives in JS.

function find(attr, value) {
  const el = document.querySelector('.rc-strings [data-' + attr + '="' + CSS.escape(value) + '"]');
  return el ? el.textContent : '';
}

export const t = (key) => find('text', key);
export const message = (code) => find('message', code) || find('message', 'not-json');
export const outcome = (id) => find('outcome', id);
export const partTitle = (id) => find('part', id);
export const questionLabel = (id) => find('question', id);
export const roleTitle = (role) => find('role-title', role);
export const optionLabel = (role, option) => find('option', role + ':' + option);
export const label = (key) => find('label', key);

// parts lists the part ids in page order (the table's part columns).
export function parts() {
  return Array.from(document.querySelectorAll('.rc-strings [data-part]')).map((el) => el.dataset.part);
}

// questions lists the identifying questions' ids in page order.
export function questions() {
  return Array.from(document.querySelectorAll('.rc-strings [data-question]')).map((el) => el.dataset.question);
}

export const byId = (id) => document.getElementById(id);

// el makes an element with text content (never HTML) and attributes.
export function el(tag, textContent, attrs) {
  const e = document.createElement(tag);
  if (textContent) e.textContent = textContent;
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

// announce says something to screen readers (a polite live region).
export function announce(s) {
  const live = byId('rc-announce');
  live.textContent = '';
  window.setTimeout(() => { live.textContent = s; }, 50);
}

// download saves body as a file (a Blob URL: same-origin under the CSP).
export function download(name, body) {
  const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
  const a = el('a', '', { href: url, download: name });
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// today is the computer's local date, YYYY-MM-DD.
export function today() {
  const d = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  return String(d.getFullYear()).padStart(4, '0') + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}
