// @ts-check
// The one way the views build DOM. Texts go in as text nodes or through textContent,
// attributes through setAttribute, so nothing a person typed is ever parsed as HTML.
// There is deliberately no way to set innerHTML, event-handler attributes (on*), inline
// styles or URLs with a scheme other than http(s) through this module.

/** @typedef {Node|string|number|null|undefined|false|any[]} Child arrays may nest */
/**
 * @typedef {object} Props
 * @property {string|Array<string|false|null|undefined>} [class] class names; falsy entries are skipped
 * @property {string} [text] the element's text (textContent)
 * @property {Record<string, string|number|boolean|null|undefined>} [attrs] attributes;
 *   true sets an empty attribute, false/null/undefined leaves it out (aria-* booleans
 *   become "true"/"false")
 * @property {Record<string, EventListener>} [on] event listeners
 * @property {Record<string, string>} [dataset] data-* attributes
 * @property {string} [id]
 * @property {string} [type]
 * @property {string} [value]
 * @property {string} [name]
 * @property {string} [placeholder]
 * @property {string} [title]
 * @property {string} [htmlFor]
 * @property {string} [autocomplete]
 * @property {boolean} [disabled]
 * @property {boolean} [hidden]
 * @property {boolean} [checked]
 * @property {boolean} [selected]
 * @property {boolean} [required]
 * @property {boolean} [draggable]
 * @property {number} [maxLength]
 * @property {number} [rows]
 * @property {number} [tabIndex]
 */

/** DOM properties that may be set directly; anything else goes through attrs. */
const PROPERTY_KEYS = new Set(['id', 'type', 'value', 'name', 'placeholder', 'title', 'htmlFor',
  'autocomplete', 'disabled', 'hidden', 'checked', 'selected', 'required', 'draggable',
  'maxLength', 'rows', 'tabIndex']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction']);
const FORBIDDEN_ATTRIBUTES = new Set(['style', 'srcdoc']);

/**
 * Creates an element.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Props|null} [props]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  if (props) applyProps(el, props);
  append(el, children);
  return el;
}

/**
 * Sets props on an existing element (the same props as h()).
 * @param {HTMLElement} el
 * @param {Props} props
 */
export function applyProps(el, props) {
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined) continue;
    if (key === 'class') {
      const names = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      el.className = names;
    } else if (key === 'text') {
      el.textContent = String(value);
    } else if (key === 'attrs') {
      for (const [name, v] of Object.entries(/** @type {Record<string, unknown>} */ (value))) setAttr(el, name, v);
    } else if (key === 'on') {
      for (const [name, fn] of Object.entries(/** @type {Record<string, EventListener>} */ (value))) {
        el.addEventListener(name, fn);
      }
    } else if (key === 'dataset') {
      for (const [name, v] of Object.entries(/** @type {Record<string, string>} */ (value))) el.dataset[name] = String(v);
    } else if (PROPERTY_KEYS.has(key)) {
      /** @type {any} */ (el)[key] = value;
    } else {
      throw new Error('dom.h: unknown prop ' + key);
    }
  }
}

/**
 * Sets or removes one attribute, refusing the dangerous ones.
 * @param {Element} el
 * @param {string} name
 * @param {unknown} value
 */
export function setAttr(el, name, value) {
  const lower = name.toLowerCase();
  if (lower.startsWith('on') || FORBIDDEN_ATTRIBUTES.has(lower)) {
    throw new Error('dom.setAttr: refusing attribute ' + name);
  }
  if (lower.startsWith('aria-') && typeof value === 'boolean') {
    el.setAttribute(name, String(value)); // ARIA states are "true"/"false", not present/absent
    return;
  }
  if (value === false || value === null || value === undefined) {
    el.removeAttribute(name);
    return;
  }
  const text = value === true ? '' : String(value);
  if (URL_ATTRIBUTES.has(lower) && !isSafeUrl(text)) throw new Error('dom.setAttr: unsafe URL');
  el.setAttribute(name, text);
}

/**
 * True for URLs of this page's own origin or of http(s), and for the page's own blob:
 * URLs (a file made in memory to download, URL.createObjectURL); never javascript: or data:.
 * @param {string} url
 */
export function isSafeUrl(url) {
  try {
    const parsed = new URL(url, document.baseURI);
    if (parsed.protocol === 'blob:') return parsed.origin === location.origin;
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Appends children: nodes as they are, strings and numbers as text nodes; nested
 * arrays are flattened and null/undefined/false skipped.
 * @param {Node} parent
 * @param {Child[]} children
 */
export function append(parent, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else if (typeof child === 'string' || typeof child === 'number') parent.appendChild(document.createTextNode(String(child)));
    else parent.appendChild(child);
  }
}

/**
 * Replaces all children of an element.
 * @param {Element} parent
 * @param {...Child} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Sets an element's text only when it differs, so that a re-render does not disturb a
 * selection or a screen reader.
 * @param {Node} el
 * @param {string} text
 */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Puts `child` at position `index` among parent's children, moving it only if it is
 * not there already (moving a node that holds the focus would lose the focus).
 * @param {Element} parent
 * @param {Element} child
 * @param {number} index
 */
export function placeChild(parent, child, index) {
  const there = parent.children[index];
  if (there !== child) parent.insertBefore(child, there || null);
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'rect', 'path', 'g', 'title', 'text', 'tspan', 'line']);

/**
 * Creates an SVG element (for the QR code, small icons and the outcome's charts). Only a
 * few shapes and texts, and attributes through setAttr's rules, so nothing here can run
 * script either; texts go in as text nodes.
 * @param {string} tag one of svg, rect, path, g, title, text, tspan, line
 * @param {Record<string, string|number>} [attrs]
 * @param {...(Node|string)} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs = {}, ...children) {
  if (!SVG_TAGS.has(tag)) throw new Error('dom.svg: unknown tag ' + tag);
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  for (const child of children) el.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  return /** @type {SVGElement} */ (el);
}

/**
 * Keeps the children of a container in step with a list of keyed items: an element
 * per key, made once by `create` and kept for the item's whole life (so focus, open
 * editors and typed text survive updates), brought up to date by its `update`, placed
 * in the list's order; elements of keys no longer listed are removed.
 * @template T, K
 * @param {Element} container
 * @param {(item: T) => {el: Element, update: (item: T) => void, destroy?: () => void}} create
 * @returns {{sync: (items: T[], key: (item: T) => K) => void, get: (key: K) => ({el: Element, update: (item: T) => void}|undefined), clear: () => void}}
 */
export function keyedList(container, create) {
  /** @type {Map<K, {el: Element, update: (item: T) => void, destroy?: () => void}>} */
  const views = new Map();
  return {
    sync(items, key) {
      const seen = new Set();
      items.forEach((item, i) => {
        const k = key(item);
        seen.add(k);
        let view = views.get(k);
        if (!view) {
          view = create(item);
          views.set(k, view);
        }
        placeChild(container, view.el, i);
        view.update(item);
      });
      for (const [k, view] of views) {
        if (seen.has(k)) continue;
        view.el.remove();
        if (view.destroy) view.destroy();
        views.delete(k);
      }
    },
    get(k) {
      return views.get(k);
    },
    clear() {
      for (const view of views.values()) {
        view.el.remove();
        if (view.destroy) view.destroy();
      }
      views.clear();
    },
  };
}

/**
 * Saves a file fetched into memory (an export fetched with the token in a header, which a
 * plain link could not send) through a hidden link to a blob: URL of this page, freed a
 * minute later.
 * @param {{blob: Blob, name: string}} file
 */
export function saveFile(file) {
  const url = URL.createObjectURL(file.blob);
  const a = h('a', { attrs: { href: url, download: file.name }, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
