// The case file: page 1 of the printout (selfcheck/print-head.html) and the
// header every printed page carries (CSS @page margin boxes, selfcheck.css).

import { all, byId, text } from './dom.js';

// now returns the time of the computer's clock (or of d) in RFC 3339, in local time
// with its offset ("2026-11-27T10:30:00.000+01:00"), so that its date is
// the local one; '' for a clock outside the years 0000-9999, which no file
// can hold (the module then refuses to export, and the page says why).
export function now(d = new Date()) {
  const year = d.getFullYear();
  if (!(year >= 0 && year <= 9999)) return '';
  const pad = (n, w) => String(n).padStart(w || 2, '0');
  const off = -d.getTimezoneOffset();
  return pad(year, 4) + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) +
    'T' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3) +
    (off < 0 ? '-' : '+') + pad(Math.floor(Math.abs(off) / 60)) + ':' + pad(Math.abs(off) % 60);
}

// isoDate returns the date (YYYY-MM-DD) an RFC 3339 time is written with,
// '' for none. It reads the string, never a Date of it: the times are the
// page's own (now) or a file's, as the module checked and returned it.
export function isoDate(time) { return time ? time.slice(0, 10) : ''; }

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
