// Resuming in the same browser: what this tab kept comes back on a reload,
// and a new tab offers the newest unfinished self-check no other tab has
// open ("Fortsätt" / "Börja om", #sc-resume-offer). The storage itself is
// storage.js; what it says about itself, messages.js (showStorage).

import { byId } from './dom.js';
import { adopt, drop, lock, openStorage, unlock } from './storage.js';
import { showStep } from './steps.js';
import { isoDate, now } from './casefile.js';
import { showStorage } from './messages.js';
import { restore, update } from './page.js';

// startStorage opens the storage of the page and puts back this tab's
// self-check, or offers an unfinished one; it resolves when done.
export async function startStorage(page) {
  const found = await openStorage(page.storage);
  showStorage(page.storage);
  if (found.own) resumeHere(page);
  else if (found.offer) offer(page, found.offer);
}

// resumeHere shows the self-check the storage now holds for this tab.
function resumeHere(page) {
  restore(page);
  if (page.steps.wizard) showStep(page.steps, page.steps.current, false);
  update(page);
  page.engine.start();
}

function offer(page, entry) {
  const box = byId('sc-resume-offer');
  box.querySelector('[data-resume-date]').textContent = isoDate(now(new Date(entry.saved)));
  box.hidden = false;
  const hide = () => {
    box.hidden = true;
    page.offer = null;
  };
  page.offer = { entry, hide };
  // Answering here starts afresh: the unfinished one stays for another time.
  page.form.el.addEventListener('input', hide, { once: true });
  page.form.el.addEventListener('change', hide, { once: true });
}

// takeOffer answers the offer: yes continues the unfinished self-check in
// this tab, no ("Börja om") deletes it; either way focus moves to the
// step's heading. Another tab that took it first wins: nothing changes.
export async function takeOffer(page, yes) {
  const o = page.offer;
  if (!o) return;
  o.hide();
  const s = page.storage;
  if (await lock(s, o.entry.id)) {
    if (yes) {
      adopt(s, o.entry);
      resumeHere(page);
    } else {
      await drop(s, o.entry.id);
      unlock(s);
    }
  }
  const step = page.steps.list[page.steps.current];
  if (step) step.querySelector('h2').focus();
}
