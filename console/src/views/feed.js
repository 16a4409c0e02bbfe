import { watch } from '../watch.js';
import { h, render, link, when } from '../dom.js';

const TYPES = ['created', 'updated', 'deleted', 'expired'];
const KEEP = 200;

/**
 * A change's identity: a key's versions only go up, but an expiry carries the version that
 * expired, so the change type is part of it.
 */
const changeId = (item) => `${item.key}\u0000${item.version}\u0000${item.change}`;

/**
 * The namespace's changes as they are committed: each shown once, as soon as the watch has it
 * pending (about a second after its commit, ADR 0060), and marked settled when it comes again
 * from the settled feed (about 8 s, ADR 0037); one that comes settled first is shown then.
 */
export async function feedView(main, { args: [ns] }) {
  let controller = null;
  const shown = new Map();
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
      pending: true,
      onChange: (item, settled) => {
        const id = changeId(item);
        const known = shown.get(id);
        if (known) {
          if (settled) settle(known);
          return;
        }
        if (!boxes.find((box) => box.value === item.change)?.checked) return;
        const li = h('li', { class: `change ${item.change}`, 'data-key': item.key, 'data-version': item.version,
          'data-settled': String(settled), 'data-shown-at': String(Date.now()),
          'data-settled-at': settled ? String(Date.now()) : null },
        h('strong', {}, item.change), ' ', link(`/ns/${encodeURIComponent(ns)}/key/${encodeURIComponent(item.key)}`, item.key),
        ` v${item.version} `, when(item.committedAt),
        'value' in item ? h('code', {}, ` ${JSON.stringify(item.value).slice(0, 120)}`) : null,
        settled ? null : h('span', { class: 'badge pending', title: 'Not settled yet: the watch\'s cursor has not passed it' }, ' pending'));
        shown.set(id, li);
        list.prepend(li);
        while (list.children.length > KEEP) list.lastChild.remove();
        // Remembered a while longer than shown, so a settled copy of a change scrolled off is not shown again.
        for (const old of shown.keys()) {
          if (shown.size <= KEEP * 5) break;
          shown.delete(old);
        }
      },
    });
  };
  const settle = (li) => {
    li.setAttribute('data-settled', 'true');
    li.setAttribute('data-settled-at', String(Date.now()));
    li.querySelector('.badge.pending')?.remove();
  };
  render(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/', 'Namespaces'), ' / ', link(`/ns/${encodeURIComponent(ns)}/keys`, ns), ' / live feed'),
    h('h1', {}, `Live changes in ${ns}`),
    h('p', { class: 'hint' }, 'Changes show about a second after their commit, marked pending until they have settled (about 8 seconds later), which is what the watch resumes from without gaps.'),
    h('form', { class: 'inline', onsubmit: (event) => { event.preventDefault(); if (controller) stop(); else start(); } },
      h('label', { for: 'feed-prefix' }, 'Prefix'), prefix,
      h('fieldset', {}, h('legend', {}, 'Show'),
        boxes.map((box) => h('label', { class: 'check', for: box.id }, box, ` ${box.value}`))),
      toggle),
    status, list);
  start();
  return stop;
}
