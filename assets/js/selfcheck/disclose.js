// Disclosure buttons ([data-disclose], aria-expanded, aria-controls): a
// click opens or closes what the button controls. CSS hides it while
// aria-expanded is "false" (selfcheck.css), so the page can show it
// collapsed before this runs. A button with data-label-open and
// data-label-closed says which it does; {step} in them is the page shown
// (steps.js sets data-step-name).

// labelDisclosure writes button's text for its state.
export function labelDisclosure(button) {
  const open = button.getAttribute('aria-expanded') === 'true';
  const label = button.getAttribute(open ? 'data-label-open' : 'data-label-closed');
  if (label) button.textContent = label.replace('{step}', button.dataset.stepName || '');
}

export function toggleDisclosure(button) {
  button.setAttribute('aria-expanded', String(button.getAttribute('aria-expanded') !== 'true'));
  labelDisclosure(button);
}

// listenOutside opens and closes the disclosures outside root (the page's
// intro): clicks inside it go through the click table (actions.js).
export function listenOutside(root) {
  document.addEventListener('click', (e) => {
    const button = e.target.closest('[data-disclose]');
    if (button && !root.contains(button)) toggleDisclosure(button);
  });
}
