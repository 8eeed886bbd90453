// Small DOM builders: elements are made with properties, never from HTML strings (except the
// server-sanitized enrichment and overlay HTML), so no inline style can sneak in.

type Attributes = Readonly<Record<string, string>>;

/** An element with a class name, attributes and children (strings become text). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className: string,
  attributes: Attributes = {},
  children: readonly (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className) element.className = className;
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** Text only screen readers read (e.g. "(opens in a new tab)"). */
export function visuallyHidden(text: string): HTMLElement {
  return h('span', 'lectern-visually-hidden', {}, [text]);
}

/** A page-unique id for aria-labelledby and friends. */
let counter = 0;
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}
