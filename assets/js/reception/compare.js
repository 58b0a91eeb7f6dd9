// Comparing the two cases chosen in the list (the module's compareFiles):
// which answers changed, and how the result changed, in words.

import { call } from '../selfcheck/engine.js';
import { byId, el, t } from './strings.js';

function change(title, old, now) {
  const li = el('li', '');
  li.appendChild(el('p', title, { class: 'rc-change-title' }));
  li.appendChild(el('p', t('compare_old') + ' ' + (old || t('compare_empty'))));
  li.appendChild(el('p', t('compare_new') + ' ' + (now || t('compare_empty'))));
  return li;
}

// compare shows how case b differs from case a, or says that two files
// that check out must be chosen.
export function compare(engine, picked) {
  const out = byId('rc-compare-out');
  if (picked.length !== 2) {
    byId('rc-errors').replaceChildren(el('p', t('compare_need_two')));
    return;
  }
  byId('rc-errors').replaceChildren();
  const res = call(engine, 'compareFiles', picked[0].text, picked[1].text);
  if (res.error) return;
  byId('rc-compare-answers').replaceChildren(...res.answers.map((a) => change(a.short, a.old, a.new)));
  byId('rc-compare-result').replaceChildren(...res.result.map((d) => change(d.title, d.old.join(', '), d.new.join(', '))));
  byId('rc-compare-answers-h').hidden = res.answers.length === 0;
  byId('rc-compare-result-h').hidden = res.result.length === 0;
  byId('rc-compare-none').hidden = res.answers.length + res.result.length > 0;
  out.hidden = false;
  out.focus();
}
