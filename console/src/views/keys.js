import { api } from '../api.js';
import { h, render, link, when } from '../dom.js';

/** The namespace's keys under a prefix, a page at a time (the API's signed cursor). */
export async function keysView(main, { args: [ns], params }) {
  const prefix = params.get('prefix') || '';
  const cursor = params.get('cursor');
  const enc = encodeURIComponent(ns);
  const { body } = await api.keys(ns, prefix, cursor);
  const base = `/ns/${enc}/keys?prefix=${encodeURIComponent(prefix)}`;
  const rows = body.items.map((item) => h('tr', {},
    h('th', { scope: 'row' }, link(`/ns/${enc}/key/${encodeURIComponent(item.key)}`, item.key)),
    h('td', { 'data-label': 'Version' }, String(item.version)),
    h('td', { 'data-label': 'Updated' }, when(item.updatedAt)),
    h('td', { 'data-label': 'Expires' }, when(item.expiresAt))));
  render(main,
    h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/', 'Namespaces'), ' / ', ns),
    h('h1', {}, `Keys in ${ns}`),
    h('p', { class: 'actions' }, link(`/ns/${enc}/new`, 'New key', { class: 'button' }), ' ',
      link(`/ns/${enc}/feed`, 'Live feed'), ' ', link(`/ns/${enc}/subscriptions`, 'Subscriptions')),
    h('form', { class: 'inline', role: 'search', onsubmit: (event) => {
      event.preventDefault();
      const value = new FormData(event.target).get('prefix');
      location.hash = `#/ns/${enc}/keys?prefix=${encodeURIComponent(value)}`;
    } },
    h('label', { for: 'prefix' }, 'Prefix'),
    h('input', { id: 'prefix', name: 'prefix', value: prefix, placeholder: 'e.g. users/' }),
    h('button', { type: 'submit' }, 'List')),
    rows.length ? h('table', { id: 'keys' },
      h('caption', {}, prefix ? `Keys starting with “${prefix}”` : 'All keys', cursor ? ' (a later page)' : ''),
      h('thead', {}, h('tr', {}, ...['Key', 'Version', 'Updated', 'Expires'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))
      : h('p', {}, 'No keys on this page.'),
    h('p', { class: 'actions' },
      cursor ? link(base, 'First page', { class: 'button' }) : null, ' ',
      body.nextCursor ? link(`${base}&cursor=${encodeURIComponent(body.nextCursor)}`, 'Next page', { class: 'button', id: 'next-page' }) : null));
}
