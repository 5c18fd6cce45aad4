// Small DOM helpers. Every text from the API goes in through textContent (h's string
// children), never through innerHTML, so partner data cannot inject markup.

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

// h('button', {class: 'x', onclick: f}, 'Save'): an element with attributes, listeners
// (on...) and children. Attributes false/null/undefined are left out; true sets "".
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'value' && 'value' in el) {
      (el as HTMLInputElement).value = String(value);
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? text(String(c)) : c);
  }
}

export function text(s: string): Text {
  return document.createTextNode(s);
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function replace(el: Element, ...children: (Child | Child[])[]): void {
  clear(el);
  append(el, children);
}

let idCounter = 0;
// A unique id for label/for and aria-describedby pairs.
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

// A labelled <select> of `options` ([value, label]); calls onChange with the new value.
export function select(
  label: string,
  options: [string, string][],
  value: string,
  onChange: (value: string) => void,
  name?: string,
): HTMLElement {
  const id = uid('sel');
  const s = h(
    'select',
    { id, name: name ?? id, onchange: () => onChange(s.value) },
    options.map(([v, l]) => h('option', { value: v, selected: v === value }, l)),
  );
  s.value = value;
  return h('span', { class: 'field' }, h('label', { for: id }, label), s);
}

// A table from a header row and body rows; cells may be nodes or text.
export function table(
  caption: string | null,
  head: string[],
  rows: Child[][],
  opts: { numeric?: number[]; className?: string } = {},
): HTMLTableElement {
  const numeric = new Set(opts.numeric ?? []);
  return h(
    'table',
    { class: opts.className ?? 'data' },
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, head.map((c, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : null }, c)))),
    h(
      'tbody',
      {},
      rows.map((r) =>
        h('tr', {}, r.map((c, i) => (i === 0 ? h('th', { scope: 'row', class: numeric.has(0) ? 'num' : null }, c) : h('td', { class: numeric.has(i) ? 'num' : null }, c)))),
      ),
    ),
  );
}

// A message box: role=alert for errors so screen readers announce it.
export function message(kind: 'error' | 'info' | 'ok', ...children: Child[]): HTMLElement {
  return h('div', { class: `msg msg-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, ...children);
}
