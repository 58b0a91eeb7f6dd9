// The list of files read in: one row per case, each cell text only, in the
// order of the table's column headings (data-col), sortable by any column
// (the heading's button; aria-sort says how the rows are sorted).

import { byId, el, message, outcome, parts, t } from './strings.js';
import { checksOut, status } from './files.js';

// cellText returns the text of a case in column col.
function cellText(c, col) {
  const r = c.res;
  if (col === 'file') return c.name;
  if (r.error) return col === 'status' ? t('status_refused') + ' ' + message(r.error) : '';
  if (col.startsWith('q-')) return r.identifies[col.slice(2)] || '';
  if (col === 'date') return r.exportedAt.slice(0, 10);
  if (col.startsWith('part-')) return outcome(r.outcomes[parts().indexOf(col.slice(5))]);
  if (col === 'open') return String(r.open);
  const s = status(c);
  if (s === 'ok') return t('status_ok');
  if (s === 'older') return t('status_older');
  return t(s === 'result-differs' ? 'status_differs' : 'status_other') + ' ' + message(s);
}

function columns() {
  return Array.from(byId('rc-table').tHead.rows[0].cells).filter((th) => th.dataset.col);
}

// row makes a case's row: its cells and controls (choose for comparison,
// open its decision record).
function row(c) {
  const tr = el('tr', '', { 'data-case': String(c.n) });
  columns().forEach((th) => {
    const cell = el(th.dataset.col === 'file' ? 'th' : 'td', cellText(c, th.dataset.col));
    if (th.dataset.col === 'file') cell.setAttribute('scope', 'row');
    if (th.dataset.col === 'status') cell.dataset.status = status(c);
    tr.appendChild(cell);
  });
  const actions = el('td', '', { class: 'rc-noprint rc-actions' });
  if (!c.res.error) {
    const id = 'rc-pick-' + c.n;
    const box = el('input', '', { type: 'checkbox', id, 'data-pick': String(c.n) });
    const name = c.res.identifies.namn || c.name;
    actions.append(box, el('label', t('select_row') + ' ' + name, { for: id }));
  }
  if (checksOut(c)) {
    const open = el('button', t('open_case'), { type: 'button', class: 'sc-button', 'data-open': String(c.n) });
    open.appendChild(el('span', ' ' + t('open_case_context') + ' ' + (c.res.identifies.namn || c.name), { class: 'sc-vh' }));
    actions.appendChild(open);
  }
  tr.appendChild(actions);
  return tr;
}

// render shows the cases, sorted as the table is.
export function render(cases) {
  const body = byId('rc-rows');
  body.replaceChildren(...cases.map(row));
  byId('rc-table').hidden = cases.length === 0;
  byId('rc-empty').hidden = cases.length > 0;
  const sorted = columns().find((th) => th.getAttribute('aria-sort') !== 'none');
  if (sorted) sortBy(sorted, sorted.getAttribute('aria-sort'));
}

// sortBy sorts the rows by the column of th, 'ascending' or 'descending'.
export function sortBy(th, dir) {
  columns().forEach((h) => h.setAttribute('aria-sort', h === th ? dir : 'none'));
  const i = Array.from(th.parentNode.cells).indexOf(th);
  const numeric = th.hasAttribute('data-numeric');
  const body = byId('rc-rows');
  const rows = Array.from(body.rows);
  const key = (tr) => tr.cells[i].textContent;
  rows.sort((a, b) => {
    const d = numeric ? Number(key(a) || -1) - Number(key(b) || -1) : key(a).localeCompare(key(b), 'sv');
    return dir === 'ascending' ? d : -d;
  });
  body.append(...rows);
}

// toggleSort sorts by the column whose heading button was pressed.
export function toggleSort(button) {
  const th = button.closest('th');
  sortBy(th, th.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
}
