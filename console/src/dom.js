// A small element builder: text is always set as text, never parsed as HTML, so a value or
// key from the API cannot inject markup.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') el.className = value;
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the main area's content and moves focus to its heading, so keyboard and screen reader users land there. */
export function render(main, ...children) {
  main.replaceChildren();
  append(main, children);
  const heading = main.querySelector('h1');
  if (heading) {
    heading.setAttribute('tabindex', '-1');
    heading.focus();
  }
}

/** A status or error line that assistive technology reads out when it changes. */
export function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

export function when(timestamp) {
  return timestamp ? h('time', { datetime: timestamp }, timestamp.replace('T', ' ').replace('Z', ' UTC')) : 'never';
}

/** A link inside the console (hash routing). */
export function link(route, text, attrs = {}) {
  return h('a', { href: `#${route}`, ...attrs }, text);
}
