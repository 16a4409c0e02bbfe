import { watch } from '../watch.js';
import { h, render, link, when } from '../dom.js';

const TYPES = ['created', 'updated', 'deleted', 'expired'];
const KEEP = 200;

/** The namespace's changes as they are committed (the watch, about 8 s behind: ADR 0037). */
export async function feedView(main, { args: [ns] }) {
  let controller = null;
  const status = h('p', { id: 'feed-status', role: 'status' }, 'Stopped');
  const list = h('ol', { id: 'feed', class: 'feed', 'aria-live': 'polite', reversed: true });
  const prefix = h('input', { id: 'feed-prefix', name: 'prefix', placeholder: 'all keys' });
  const boxes = TYPES.map((type) => h('input', { type: 'checkbox', id: `type-${type}`, value: type, checked: true }));
  const toggle = h('button', { type: 'submit', class: 'primary', id: 'feed-toggle' }, 'Start');
  const stop = () => {
    controller?.abort();
    controller = null;
    toggle.textContent = 'Start';
    status.textContent = 'Stopped';
    prefix.disabled = false;
  };
  const start = () => {
    controller = new AbortController();
    toggle.textContent = 'Stop';
    status.textContent = 'Connecting…';
    // The prefix is the watch's own filter (its cursor is bound to it); the types filter what is shown.
    prefix.disabled = true;
    watch(ns, prefix.value, {
      signal: controller.signal,
      onStatus: (text, isError) => { status.textContent = text; status.className = isError ? 'notice error' : ''; },
      onChange: (item) => {
        if (!boxes.find((box) => box.value === item.change)?.checked) return;
        list.prepend(h('li', { class: `change ${item.change}`, 'data-key': item.key },
          h('strong', {}, item.change), ' ', link(`/ns/${encodeURIComponent(ns)}/key/${encodeURIComponent(item.key)}`, item.key),
          ` v${item.version} `, when(item.committedAt),
          'value' in item ? h('code', {}, ` ${JSON.stringify(item.value).slice(0, 120)}`) : null));
        while (list.children.length > KEEP) list.lastChild.remove();
      },
    });
  };
  render(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/', 'Namespaces'), ' / ', link(`/ns/${encodeURIComponent(ns)}/keys`, ns), ' / live feed'),
    h('h1', {}, `Live changes in ${ns}`),
    h('p', { class: 'hint' }, 'Changes show about 8 seconds after their commit: the watch serves a change once it has settled, so it can resume without gaps.'),
    h('form', { class: 'inline', onsubmit: (event) => { event.preventDefault(); if (controller) stop(); else start(); } },
      h('label', { for: 'feed-prefix' }, 'Prefix'), prefix,
      h('fieldset', {}, h('legend', {}, 'Show'),
        boxes.map((box) => h('label', { class: 'check', for: box.id }, box, ` ${box.value}`))),
      toggle),
    status, list);
  start();
  return stop;
}
