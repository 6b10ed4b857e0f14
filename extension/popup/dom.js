// Building the popup's DOM from data without ever parsing markup: every text
// that comes from a page, an extension or the background goes in through
// textContent or an attribute, so a hostile extension name stays text.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * A new element. `props`: className, text, title, hidden, testid, and
 * `attrs` (attribute name → value, null/undefined skipped). Children may be
 * nodes, strings (added as text) or falsy (skipped).
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text != null) node.textContent = String(props.text);
  if (props.title) node.title = props.title;
  if (props.hidden) node.hidden = true;
  if (props.testid) node.dataset.testid = props.testid;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value != null) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child == null || child === false || child === '') continue;
    node.append(child);
  }
  return node;
}

// Line icons on a 24-unit grid, drawn with the current text colour.
const ICONS = {
  alert: ['M12 3.5 2.5 20h19z', 'M12 10v4.5', 'M12 17.2v.1'],
  check: ['M12 2.5a9.5 9.5 0 1 0 0 19 9.5 9.5 0 0 0 0-19z', 'm7.8 12.3 2.9 2.9 5.6-6.2'],
  globe: [
    'M12 2.5a9.5 9.5 0 1 0 0 19 9.5 9.5 0 0 0 0-19z',
    'M2.5 12h19',
    'M12 2.5c2.5 2.6 3.8 5.8 3.8 9.5s-1.3 6.9-3.8 9.5c-2.5-2.6-3.8-5.8-3.8-9.5s1.3-6.9 3.8-9.5z',
  ],
  extension: ['M4 7h4a2.75 2.75 0 1 1 5.5 0h4v4a2.75 2.75 0 1 1 0 5.5v4H4z'],
  script: ['m8.5 7.5-4.5 4.5 4.5 4.5', 'm15.5 7.5 4.5 4.5-4.5 4.5'],
  blocked: ['M12 2.5a9.5 9.5 0 1 0 0 19 9.5 9.5 0 0 0 0-19z', 'm5.3 5.3 13.4 13.4'],
  clock: ['M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z', 'M12 7.5V12l3 2'],
  info: ['M12 2.5a9.5 9.5 0 1 0 0 19 9.5 9.5 0 0 0 0-19z', 'M12 11v5.5', 'M12 7.8v.1'],
  retry: ['M19.5 12a7.5 7.5 0 1 1-2.2-5.3', 'M19.5 4v4.5H15'],
  unknown: [
    'M12 2.5a9.5 9.5 0 1 0 0 19 9.5 9.5 0 0 0 0-19z',
    'M9.4 9.3a2.7 2.7 0 1 1 3.8 2.5c-.8.4-1.2.9-1.2 1.7v.5',
    'M12 17.2v.1',
  ],
  download: ['M12 4v10.5', 'm7.5 10 4.5 4.5 4.5-4.5', 'M5 19.5h14'],
  external: ['M13.5 4.5h6v6', 'M19.5 4.5 11 13', 'M17.5 14v5.5h-13v-13H10'],
  power: ['M12 3.5v8', 'M7.1 6.4a7.5 7.5 0 1 0 9.8 0'],
  send: ['M6.5 17.5 17.5 6.5', 'M8.5 6.5h9v9'],
};

/** A decorative icon (hidden from assistive technology). */
export function icon(name, className = 'icon') {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('class', className);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const d of ICONS[name] ?? []) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

/**
 * Fills static text from the locale: each `data-i18n="key"` element gets the
 * key's message. The English already in the markup stays where a key has no
 * translation.
 */
export function localizeStatic(root, t) {
  for (const node of root.querySelectorAll('[data-i18n]')) {
    const text = t(node.dataset.i18n);
    if (text) node.textContent = text;
  }
}
