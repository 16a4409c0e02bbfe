import { api } from '../api.js';
import { h, render, link, when } from '../dom.js';

const count = (n) => (n === null || n === undefined ? '—' : String(n));

/** The namespace's subscriptions, each with its queue's backlog and its dead-letter depth. */
export async function subscriptionsView(main, { args: [ns] }) {
  const { body } = await api.subscriptions(ns);
  const described = await Promise.all(body.subscriptions.map((s) => api.subscription(ns, s.name).then((r) => r.body)));
  const rows = described.map((s) => h('tr', {},
    h('th', { scope: 'row' }, s.name),
    h('td', { 'data-label': 'Status' }, s.status),
    h('td', { 'data-label': 'Prefix' }, s.filter?.prefix || '(all keys)'),
    h('td', { 'data-label': 'Types' }, (s.filter?.types || ['all']).join(', ')),
    h('td', { 'data-label': 'Backlog', class: s.backlog ? 'warn' : '' }, count(s.backlog)),
    h('td', { 'data-label': 'Oldest (s)' }, count(s.oldestMessageAgeSeconds)),
    h('td', { 'data-label': 'DLQ depth', class: s.deadLetterDepth ? 'bad' : '' }, count(s.deadLetterDepth)),
    h('td', { 'data-label': 'Created' }, when(s.createdAt))));
  render(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/', 'Namespaces'), ' / ', link(`/ns/${encodeURIComponent(ns)}/keys`, ns), ' / subscriptions'),
    h('h1', {}, `Subscriptions of ${ns}`),
    rows.length ? h('table', { id: 'subscriptions' }, h('caption', {}, 'Each subscription’s queue: messages waiting or in flight, and in its dead-letter queue'),
      h('thead', {}, h('tr', {}, ...['Name', 'Status', 'Prefix', 'Types', 'Backlog', 'Oldest (s)', 'DLQ depth', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))
      : h('p', {}, 'No subscriptions (docs/api.md: POST /v1/namespaces/{ns}/subscriptions).'),
    h('p', {}, h('button', { type: 'button', onclick: () => subscriptionsView(main, { args: [ns] }) }, 'Refresh')));
}
