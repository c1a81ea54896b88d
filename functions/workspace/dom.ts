/** The one DOM helper of the workspace: an element with attributes, properties and children. */
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string | number | boolean | EventListener | undefined>> = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name in element && !name.includes('-') && name !== 'list') (element as unknown as Record<string, unknown>)[name] = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) element.append(child);
  return element;
}

/** Chinese with its English alongside, as the archive page writes both. */
export function bilingual(zh: string, en: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(zh, ' ', h('span', { lang: 'en' }, en));
  return fragment;
}
