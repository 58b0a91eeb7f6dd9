// The result: the page holds every sentence the result can show, hidden;
// this un-hides those of the ids the module returns, and keeps the compact
// result at the end of each page.

import { all, byData, byId } from './dom.js';

function showOnly(attr, ids) {
  const set = new Set(ids);
  all('[data-' + attr + ']').forEach((el) => { el.hidden = !set.has(el.getAttribute('data-' + attr)); });
}

// renderResult shows the result res of the module's evaluate: the outcomes
// and what follows from them (data-when-outcome), the grounds, assumptions,
// reasons, open items, the route and its roles' blocks (data-role).
export function renderResult(res) {
  showOnly('outcome', res.outcomes);
  showOnly('when-outcome', res.outcomes);
  showOnly('ground', res.grounds);
  showOnly('assumption', res.assumptions);
  showOnly('reason', res.reasons);
  showOnly('open', res.open);
  showOnly('route', res.route);
  showOnly('role', res.route);
  all('[data-ground-group]').forEach((g) => { g.hidden = all('[data-ground]', g).every((li) => li.hidden); });
  all('[data-open-group]').forEach((g) => { g.hidden = all('[data-open]', g).every((li) => li.hidden); });
  all('[data-empty-for]').forEach((p) => {
    p.hidden = all('[data-reason], [data-open]', byId(p.dataset.emptyFor)).some((li) => !li.hidden);
  });
  byId('sc-fingerprint').textContent = res.fingerprint;
  byId('sc-print-fingerprint').textContent = res.fingerprint;
}

// createLive returns the state of the compact result (#sc-live): shown is
// the outcomes it shows, armed whether it has been rendered once.
export function createLive() {
  return { shown: '', armed: false };
}

// renderLive shows the outcome of each part, or a neutral sentence while
// nothing is answered (empty). #sc-live-result becomes a polite live
// region once its first rendering is on screen (the page's load, shown
// when the root is "ready": not announced), and speaks only when an
// outcome changes.
export function renderLive(live, res, empty) {
  const key = empty ? '' : res.outcomes.join(' ');
  if (live.armed && key === live.shown) return;
  live.shown = key;
  fillLive(res, empty);
  if (live.armed) return;
  live.armed = true;
  const region = byId('sc-live-result');
  requestAnimationFrame(() => requestAnimationFrame(() => region.setAttribute('aria-live', 'polite')));
}

function fillLive(res, empty) {
  byId('sc-live-empty').hidden = !empty;
  const parts = byId('sc-live-parts');
  parts.hidden = empty;
  parts.textContent = '';
  if (empty) return;
  all('[data-part]').forEach((part, i) => {
    const dt = document.createElement('dt');
    dt.textContent = part.querySelector('.sc-part-title').textContent;
    const dd = document.createElement('dd');
    dd.textContent = byData('outcome', res.outcomes[i]).querySelector('.sc-outcome-title').textContent;
    parts.append(dt, dd);
  });
}
