/** Forms with data-confirm ask before submitting (delete buttons). */
export function enhanceConfirmForms(root: Document): void {
  for (const form of root.querySelectorAll<HTMLFormElement>('form[data-confirm]')) {
    form.addEventListener('submit', (event) => {
      if (!window.confirm(form.dataset.confirm ?? '')) event.preventDefault();
    });
  }
}
