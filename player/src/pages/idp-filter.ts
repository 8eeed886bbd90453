/** Lower case, without accents: as the server compares institution names (sso-choices.ts searchable). */
function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();
}

/**
 * The IdP discovery page's search (a GET form that works without JavaScript) filters the list
 * as one types, and announces how many institutions remain.
 */
export function enhanceIdpFilter(root: Document): void {
  const form = root.querySelector<HTMLFormElement>('form[data-idp-filter]');
  const input = form?.querySelector<HTMLInputElement>('input[type="search"]');
  const list = form ? root.getElementById(form.dataset.idpFilter ?? '') : null;
  const status = root.getElementById('idp-count');
  if (!form || !input || !list) return;
  const items = [...list.querySelectorAll<HTMLLIElement>('li[data-idp-name]')];
  const noMatch = root.createElement('p');
  noMatch.className = 'empty';
  noMatch.textContent = form.dataset.noMatch ?? '';
  noMatch.hidden = true;
  list.after(noMatch);
  const filter = () => {
    const wanted = searchable(input.value);
    let shown = 0;
    for (const item of items) {
      item.hidden = wanted !== '' && !(item.dataset.idpName ?? '').includes(wanted);
      if (!item.hidden) shown += 1;
    }
    noMatch.hidden = shown > 0;
    if (status) status.textContent = (status.dataset.template ?? '{count}').replace('{count}', String(shown));
  };
  input.addEventListener('input', filter);
  // Enter keeps working as a search (the server filters too), without reloading the page.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filter();
  });
}

/** Inside a frame (an LMS page), the login page offers to open Lectern in a tab: IdPs usually refuse to be framed. */
export function enhanceFramedLogin(root: Document): void {
  if (window.self === window.top) return;
  for (const element of root.querySelectorAll<HTMLElement>('[data-in-frame]')) element.hidden = false;
}
