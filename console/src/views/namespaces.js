import { api } from '../api.js';
import { h, render, link, when } from '../dom.js';

/** The tenant's namespaces with their settings, a page at a time. */
export async function namespacesView(main, { params }) {
  const cursor = params.get('cursor');
  const { body } = await api.namespaces(cursor);
  const rows = body.namespaces.map((ns) => {
    const s = ns.settings;
    const enc = encodeURIComponent(ns.name);
    return h('tr', {},
      h('th', { scope: 'row' }, link(`/ns/${enc}/keys`, ns.name)),
      h('td', { 'data-label': 'Status' }, ns.status),
      h('td', { 'data-label': 'Keys (approx.)' }, String(ns.approximateKeyCount)),
      h('td', { 'data-label': 'Default TTL' }, s.defaultTtlSeconds == null ? 'none' : `${s.defaultTtlSeconds} s`),
      h('td', { 'data-label': 'Max value' }, `${s.maxValueBytes} bytes`),
      h('td', { 'data-label': 'Event values' }, s.eventValues ? 'yes' : 'no'),
      h('td', { 'data-label': 'History' }, `${s.changeRetentionDays} days`),
      h('td', { 'data-label': 'Updated' }, when(ns.updatedAt)),
      h('td', { class: 'actions' }, link(`/ns/${enc}/feed`, 'Live feed'), ' ', link(`/ns/${enc}/subscriptions`, 'Subscriptions')));
  });
  render(main,
    h('h1', {}, 'Namespaces'),
    rows.length ? h('table', {},
      h('caption', {}, 'Namespaces of this tenant, in name order'),
      h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Keys (approx.)', 'Default TTL', 'Max value', 'Event values', 'History',
        'Updated', 'Open'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))
      : h('p', {}, 'No namespaces yet: the first write of a key creates one.'),
    h('form', { class: 'inline', onsubmit: (event) => {
      event.preventDefault();
      const name = new FormData(event.target).get('ns').trim();
      if (name) location.hash = `#/ns/${encodeURIComponent(name)}/keys`;
    } },
    h('label', { for: 'open-ns' }, 'Open a namespace by name'),
    h('input', { id: 'open-ns', name: 'ns', pattern: '[a-z0-9][a-z0-9._-]{0,62}', required: true }),
    h('button', { type: 'submit' }, 'Open')),
    body.nextCursor ? h('p', {}, link(`/?cursor=${encodeURIComponent(body.nextCursor)}`, 'Next page', { class: 'button' })) : null);
}
