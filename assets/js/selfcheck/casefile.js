// The case file: page 1 of the printout (selfcheck/print-head.html) and the
// header every printed page carries (CSS @page margin boxes, selfcheck.css).

import { all, byId, text } from './dom.js';

// isoDate returns the local date (YYYY-MM-DD) of an ISO time, '' for none.
export function isoDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate());
}

// cssString quotes s as a CSS string (a custom property's value).
function cssString(s) { return '"' + s.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, ' ') + '"'; }

// renderCase fills what identifies the case ([data-ident]), the date of the
// self-check (changedAt: the last change, export or imported file; never the
// print date) and the running header, with the fingerprint cut short.
export function renderCase(answers, fingerprint, changedAt) {
  const idents = all('[data-ident]');
  idents.forEach((dd) => { dd.textContent = (answers[dd.dataset.ident] || {}).value || ''; });
  byId('sc-print-date').textContent = isoDate(changedAt);
  const running = idents.map((dd) => dd.textContent).filter(Boolean);
  running.push(text('running_fingerprint') + ' ' + fingerprint.slice(0, 23) + '…');
  document.documentElement.style.setProperty('--sc-running', cssString(running.join(' · ')));
}
