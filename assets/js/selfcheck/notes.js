// The notes (a comment, or a step's reference): step by step, an empty
// note hides behind its button [data-note-open] until it is opened, has text
// or the answer needs a motivation (data-motivate), which is then required;
// on paper it is always there.

import { all, byData, setOff } from './dom.js';
import { value } from './form.js';

// createNotes returns the notes of the form; opened holds the ids of those
// opened by hand.
export function createNotes(form) {
  return { form, opened: new Set() };
}

function needsNote(form, id) {
  const checked = form.el.querySelector('input[name="q-' + CSS.escape(id) + '"]:checked');
  return !!(checked && checked.hasAttribute('data-motivate'));
}

export function showNotes(notes, wizard) {
  all('[data-note]', notes.form.el).forEach((box) => {
    const id = box.dataset.note;
    const open = !wizard || notes.opened.has(id) || value(notes.form, 'n-' + id) !== '' || needsNote(notes.form, id);
    setOff(box, !open);
    const button = byData('note-open', id);
    button.hidden = open;
    button.setAttribute('aria-expanded', String(open));
    markRequired(notes.form, id, wizard && needsNote(notes.form, id));
  });
}

// markRequired marks the note of question id required (the answer needs
// why): the field's required state and the "(krävs)" of its label.
function markRequired(form, id, on) {
  const field = form.el.elements['n-' + id];
  field.required = on;
  const mark = byData('required-for', id);
  if (mark) mark.hidden = !on;
}

export function openNote(notes, id, wizard) {
  notes.opened.add(id);
  showNotes(notes, wizard);
  notes.form.el.elements['n-' + id].focus();
}
