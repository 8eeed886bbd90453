/**
 * "Copy" buttons (`data-copy="<id of a field>"`, `data-copied="<confirmation text>"`): copy the
 * field's value and announce it in the nearest `.copy-status` live region. Without the
 * Clipboard API (insecure origins, some LMS iframes), select the text so Ctrl+C works.
 */
export function enhanceCopyButtons(root: Document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('button[data-copy]')) {
    button.addEventListener('click', () => {
      const field = root.getElementById(button.dataset.copy ?? '');
      if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement)) return;
      const status = button.closest('details, section, form, div')?.querySelector<HTMLElement>('.copy-status') ?? null;
      const announce = () => {
        if (status) status.textContent = button.dataset.copied ?? '';
      };
      field.select();
      if (navigator.clipboard) {
        navigator.clipboard.writeText(field.value).then(announce, () => field.select());
      }
    });
  }
}
