// The decision document: the case, the result and each role's entry with
// a line for the name and the signature. It shows only on paper, when the
// page prints it (data-print="doc" on the root; print CSS).

import { byId, el, outcome, partTitle, parts, questionLabel, questions, t } from './strings.js';
import { entryItem } from './case.js';

function pairs(dl, rows) {
  dl.replaceChildren();
  rows.forEach(([term, value]) => { if (value) dl.append(el('dt', term), el('dd', value)); });
}

// fillDoc writes case c into the decision document.
export function fillDoc(c) {
  const r = c.res;
  pairs(byId('rc-doc-case'), questions().map((id) => [questionLabel(id), r.identifies[id] || ''])
    .concat([[t('doc_date'), r.exportedAt.slice(0, 10)], [t('doc_fingerprint'), r.fingerprint]]));
  pairs(byId('rc-doc-result'), parts().map((id, i) => [partTitle(id), outcome(r.outcomes[i])]));
  const doc = byId('rc-doc');
  doc.querySelectorAll('.rc-doc-entries').forEach((x) => x.remove());
  const list = el('ol', '', { class: 'rc-doc-entries' });
  r.decisions.forEach((d) => {
    const li = entryItem(d);
    const sign = el('dl', '', { class: 'rc-sign' });
    sign.append(el('dt', t('doc_name')), el('dd', ''), el('dt', t('doc_signature')), el('dd', ''));
    li.appendChild(sign);
    list.appendChild(li);
  });
  doc.appendChild(list);
}

// printDoc prints the decision document alone.
export function printDoc(root) {
  root.dataset.print = 'doc';
  const done = () => { delete root.dataset.print; window.removeEventListener('afterprint', done); };
  window.addEventListener('afterprint', done);
  window.print();
}
