// Messages: the state of the page (data-selfcheck and its messages), the
// error summary for a refused file (GOV.UK pattern), announcements to
// screen readers and the confirmation before clearing.

import { all, byData, byId, setOff } from './dom.js';

// setState sets data-selfcheck on the root ("loading", "ready", "failed")
// and shows the message [data-state-msg] of that state only; of the failed
// ones, the one whose data-fail is reason ("network", "stalled"), else
// "unsupported".
export function setState(root, state, reason) {
  root.setAttribute('data-selfcheck', state);
  const why = ['network', 'stalled'].includes(reason) ? reason : 'unsupported';
  all('[data-state-msg]').forEach((el) => {
    const off = el.dataset.stateMsg !== state || (el.dataset.fail !== undefined && el.dataset.fail !== why);
    // The no-JavaScript message by data-off: an MHTML copy, which leaves out
    // elements with hidden, must still say it (selfcheck.css, "A saved copy").
    if (el.dataset.stateMsg === 'nojs') setOff(el, off); else el.hidden = off;
  });
}

// showError shows the message [data-message] of an error code (or "other")
// in the error summary, and beside the file field unless it is "other".
// args fill its placeholders ([data-fill], e.g. the organisation a file is
// from), as text.
export function showError(code, args) {
  const item = byData('message', code) || byData('message', 'other');
  all('[data-message]').forEach((li) => { li.hidden = li !== item; });
  all('[data-fill]', item).forEach((el) => { el.textContent = (args && args[el.dataset.fill]) || ''; });
  const inline = byId('sc-import-error');
  inline.textContent = item.textContent;
  inline.hidden = item.dataset.message === 'other';
  byId('sc-import').classList.toggle('sc-import--error', !inline.hidden);
  if (!inline.hidden) byId('sc-resume-file').open = true;
  byId('sc-error').hidden = false;
  byId('sc-error').focus();
}

// showUpdateError shows, beside the compact result, why the result no
// longer follows the answers (the module refused them: code), or hides it
// (no code).
export function showUpdateError(code) {
  const box = byId('sc-update-error');
  const item = code && (byData('update-message', code) || byData('update-message', 'other'));
  all('[data-update-message]').forEach((el) => { el.hidden = el !== item; });
  box.hidden = !item;
}

export function hideMessages() {
  byId('sc-error').hidden = true;
  byId('sc-import-error').hidden = true;
  byId('sc-import').classList.remove('sc-import--error');
  byId('sc-reask').hidden = true;
  byId('sc-differs').hidden = true;
  const decisions = byId('sc-decisions');
  if (decisions) decisions.hidden = true;
  byId('sc-done').hidden = true;
  byId('sc-resume-offer').hidden = true;
}

// showDone shows msg, the visible confirmation of a save or a read
// (#sc-done), right after the element where, and says it to screen readers.
export function showDone(where, msg) {
  const done = byId('sc-done');
  done.textContent = msg;
  where.after(done);
  done.hidden = false;
  announce(msg);
}

// showStorage shows what the storage s says about itself: answers kept for
// this tab only (mode "session"), or not kept ("failed": a reload loses them).
export function showStorage(s) {
  const state = s.failed ? 'failed' : s.mode === 'session' ? 'session' : '';
  all('[data-storage-msg]').forEach((el) => { el.hidden = el.dataset.storageMsg !== state; });
}

// announce says msg in the polite status region; it is cleared first, so
// that the same message is announced again.
export function announce(msg) {
  const out = byId('sc-announce');
  out.textContent = '';
  window.setTimeout(() => { out.textContent = msg; }, 50);
}

// toggleConfirm opens or closes the question before clearing, and moves
// focus into it or back to its button.
export function toggleConfirm(open) {
  byId('sc-clear-confirm').hidden = !open;
  byId('sc-clear').setAttribute('aria-expanded', String(open));
  (open ? byId('sc-clear-confirm') : byId('sc-clear')).focus();
}
