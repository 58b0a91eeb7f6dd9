// The warning beside a free-text field that seems to hold personal data.

import { all, byId, text } from './dom.js';

// Personnummer (YYMMDD-NNNN, YYYYMMDDNNNN, ...) and e-mail addresses.
const personal = [/\b\d{6}(\d{2})?[-+]?\d{4}\b/, /[^\s@]+@[^\s@]+\.[^\s@]{2,}/];

// The free-text fields.
export const freeText = 'input[type="text"], textarea';

// warnPersonal writes or clears the warning of one field (#w-<name>).
export function warnPersonal(field) {
  const out = byId('w-' + field.name);
  if (!out) return;
  const msg = personal.some((re) => re.test(field.value)) ? text('pii') : '';
  if (out.textContent !== msg) out.textContent = msg;
}

export function warnAll(form) {
  all(freeText, form.el).forEach(warnPersonal);
}

export function clearWarnings() {
  all('.sc-warn').forEach((w) => { w.textContent = ''; });
}
