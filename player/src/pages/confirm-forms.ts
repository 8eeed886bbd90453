/**
 * Forms with data-confirm ask before submitting (delete buttons). Delegated from the document,
 * so that forms swapped in later (the live encoding rows) ask too.
 */
export function enhanceConfirmForms(root: Document): void {
  root.addEventListener('submit', (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm !== undefined && !window.confirm(form.dataset.confirm)) event.preventDefault();
  });
}
