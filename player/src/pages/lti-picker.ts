import { fill } from './format.js';

/**
 * The LTI deep-linking picker (lti/picker.view.ts), which works as plain forms: this adds the
 * live selection count, selects a video uploaded from the picker (the list is reloaded with it
 * ticked), and submits the answer form to the platform (CSP: no inline script).
 */
export function enhanceLtiPicker(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('#lti-picker');
  if (!form) return;
  const count = root.querySelector<HTMLElement>('#picker-count');
  const template = form.dataset.countText ?? '{count}';
  const selected = () => form.querySelectorAll('input[name=video]:checked, input[type=hidden][name=video]').length;
  form.addEventListener('change', (event) => {
    if (!(event.target instanceof HTMLInputElement) || event.target.name !== 'video' || !count) return;
    count.textContent = fill(template, { count: selected() });
  });

  root.querySelector('#upload-form')?.addEventListener('lectern:uploaded', (event) => {
    const videoId = (event as CustomEvent<{ videoId: string }>).detail.videoId;
    const keep = root.createElement('input');
    keep.type = 'hidden';
    keep.name = 'video';
    keep.value = videoId;
    form.append(keep);
    const search = form.querySelector<HTMLInputElement>('#picker-q');
    if (search) search.value = '';
    const filter = form.querySelector<HTMLSelectElement>('#picker-filter');
    if (filter) filter.value = 'all';
    form.requestSubmit(form.querySelector<HTMLButtonElement>('#picker-search'));
  });
}

/** Forms marked data-autosubmit (the deep-linking answer) go at once; their button stays for browsers without scripts. */
export function enhanceAutoSubmit(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('form[data-autosubmit]');
  if (form) form.submit();
}
