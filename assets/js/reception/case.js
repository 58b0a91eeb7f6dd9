// One case's decision record: the entries in the file, a form for each role
// the module lets record now (verifyFile's mayRecord: the route computed
// for the case and the data's order), recording an entry (the module's
// recordDecision writes the new file text, kept in memory), and saving it.

import { call } from '../selfcheck/engine.js';
import { verify } from './files.js';
import { announce, byId, download, el, label, optionLabel, roleTitle, t, today } from './strings.js';
import { fillDoc } from './doc.js';

// entryItem is one recorded entry, in words.
export function entryItem(d) {
  const li = el('li', '', { 'data-entry-role': d.role });
  li.appendChild(el('p', roleTitle(d.role), { class: 'rc-entry-role' }));
  const dl = el('dl');
  const add = (term, value) => { if (value) dl.append(el('dt', term), el('dd', value)); };
  add(label('option'), optionLabel(d.role, d.option));
  add(label(d.role + ':motivation'), d.motivation);
  add(label(d.role + ':conditions'), d.conditions);
  add(label('date'), d.date);
  add(label('followUp'), d.followUp);
  add(label('fingerprint'), d.fingerprint);
  li.appendChild(dl);
  li.appendChild(el('p', t(d.onOther ? 'decision_on_other' : 'decision_ok'), { class: d.onOther ? 'rc-entry-other' : 'rc-entry-ok' }));
  return li;
}

// showCase fills the panel for case c and shows it.
export function showCase(c) {
  const r = c.res;
  byId('rc-case').dataset.case = String(c.n);
  byId('rc-case-h').textContent = t('case_title').replace('{service}', r.identifies.namn || c.name);
  byId('rc-decisions').replaceChildren(...r.decisions.map(entryItem));
  byId('rc-decisions-none').hidden = r.decisions.length > 0;
  let any = false;
  document.querySelectorAll('.rc-form').forEach((f) => {
    f.hidden = !r.mayRecord.includes(f.dataset.role);
    any = any || !f.hidden;
    f.reset();
    f.querySelector('.rc-form-error').hidden = true;
    f.elements.date.value = today();
  });
  byId('rc-forms-none').hidden = any;
  fillDoc(c);
  byId('rc-case').hidden = false;
}

// entryOf reads a role's form; null when something the option needs is
// missing (the form says so).
function entryOf(form) {
  const chosen = form.querySelector('input[name="option"]:checked');
  const value = (name) => (form.elements[name] ? form.elements[name].value.trim() : '');
  const needs = chosen ? chosen.dataset.needs.split(' ').filter(Boolean) : [];
  const ok = chosen && value('date') && needs.every((n) => value(n));
  form.querySelector('.rc-form-error').hidden = !!ok;
  if (!ok) return null;
  return { role: form.dataset.role, option: chosen.value, motivation: value('motivation'), conditions: value('conditions'),
    date: value('date'), followUp: value('followUp') };
}

// record records the form's entry in case c; returns whether it did.
export function record(engine, c, form) {
  const entry = entryOf(form);
  if (!entry) { form.querySelector('input, textarea').focus(); return false; }
  const res = call(engine, 'recordDecision', c.text, JSON.stringify(entry));
  if (res.error) {
    const err = form.querySelector('.rc-form-error');
    err.hidden = false;
    return false;
  }
  c.text = res.json;
  c.res = verify(engine, c.text);
  c.recorded = true;
  announce(t('recorded'));
  return true;
}

// save downloads case c's file with its decision record.
export function save(c) {
  const name = t('export_file').replace('{date}', today());
  download(name, c.text);
  announce(t('export_done').replace('{file}', name));
}
