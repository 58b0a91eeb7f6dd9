// A copy of the page: saved with the browser ("Webpage, complete"; the
// document then holds the state the script left, not "nojs") or opened from
// a file (file:). The module and the storage belong to the page as served,
// so a copy is the paper checklist again, with a message that says why
// ([data-state-msg="copy"]). A copy whose scripts do not run (MHTML) is the
// paper checklist by CSS alone (selfcheck.css, "A saved copy").

import { all, byId } from './dom.js';
import { showAsked } from './form.js';
import { showNotes } from './notes.js';
import { setWizard } from './steps.js';
import { hideMessages, setState } from './messages.js';

// isCopy says whether the root, as the script finds it at start, is a copy.
export function isCopy(root) {
  return root.getAttribute('data-selfcheck') !== 'nojs' || location.protocol === 'file:';
}

// toPaper makes the page whatever state it was saved in the paper checklist.
export function toPaper(page) {
  setWizard(page.steps, false);
  showAsked(page.form, false);
  showNotes(page.notes, false);
  all('[data-js-ready], [data-storage-msg]').forEach((el) => { el.hidden = true; });
  hideMessages();
  byId('sc-restore-failed').hidden = true;
  setState(page.root, 'copy');
}
