import { diffLines } from 'diff';
import { api, ApiError } from '../api.js';
import { h, render, link, when, pretty, notice } from '../dom.js';

const enc = encodeURIComponent;

function text(item) {
  return item.change === 'deleted' ? '(deleted: no value)\n' : `${pretty(item.value)}\n`;
}

/** A line diff of two versions' formatted JSON: removed lines marked -, added +, as text and colour. */
export function diffView(older, newer) {
  const parts = diffLines(text(older), text(newer));
  return h('pre', { id: 'diff', class: 'diff', tabindex: 0, 'aria-label': `Changes from version ${older.version} to version ${newer.version}` },
    parts.flatMap((part) => part.value.replace(/\n$/, '').split('\n').map((line) => {
      const kind = part.added ? 'added' : part.removed ? 'removed' : 'same';
      const mark = part.added ? '+ ' : part.removed ? '- ' : '  ';
      return h(kind === 'same' ? 'span' : kind === 'added' ? 'ins' : 'del', { class: kind }, mark + line, '\n');
    })));
}

/** A key's recorded versions, a diff between any two, and restore of one. */
export async function historyView(main, { args: [ns, key], onFailure }) {
  const { body } = await api.history(ns, key);
  const items = body.items;
  let currentVersion = null;
  try {
    currentVersion = (await api.get(ns, key)).body.version;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  const heading = [h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' }, link('/', 'Namespaces'), ' / ',
    link(`/ns/${enc(ns)}/keys`, ns), ' / ', link(`/ns/${enc(ns)}/key/${enc(key)}`, key)), h('h1', {}, `History of ${key}`)];
  if (!items.length) {
    render(main, ...heading, h('p', {}, 'No recorded changes yet (the history follows writes within a second or two).'));
    return;
  }
  const options = (selected) => items.map((item) => h('option', { value: item.version, selected: item.version === selected },
    `v${item.version} ${item.change} ${item.committedAt}`));
  const from = h('select', { id: 'diff-from' }, options(items[Math.min(1, items.length - 1)].version));
  const to = h('select', { id: 'diff-to' }, options(items[0].version));
  const slot = h('div', { 'aria-live': 'polite' });
  const byVersion = new Map(items.map((item) => [item.version, item]));
  const showDiff = () => slot.replaceChildren(diffView(byVersion.get(Number(from.value)), byVersion.get(Number(to.value))));
  from.addEventListener('change', showDiff);
  to.addEventListener('change', showDiff);
  const rows = items.map((item) => h('tr', {},
    h('th', { scope: 'row' }, `v${item.version}`),
    h('td', { 'data-label': 'Change' }, item.change),
    h('td', { 'data-label': 'Committed' }, when(item.committedAt)),
    h('td', { 'data-label': 'Value' }, item.change === 'deleted' ? '—' : h('code', {}, JSON.stringify(item.value).slice(0, 80))),
    h('td', { class: 'actions' }, item.change === 'deleted' || item.version === currentVersion ? '' :
      h('button', { type: 'button', class: 'restore', 'data-version': item.version, onclick: () => restore(item.version) },
        `Restore v${item.version}`))));
  async function restore(version) {
    try {
      const { body: restored } = await api.restore(ns, key, version, currentVersion);
      location.hash = `#/ns/${enc(ns)}/key/${enc(key)}`;
      return restored;
    } catch (error) {
      if (error instanceof ApiError && error.status === 412) {
        main.querySelector('.notice')?.remove();
        main.querySelector('h1').after(notice('error', 'Not restored: the key changed meanwhile (412). Nothing was written; the history is reloaded.'));
        return;
      }
      onFailure(error);
    }
  }
  render(main, ...heading,
    h('p', {}, currentVersion ? `The key is at version ${currentVersion}.` : 'The key is deleted; restore a version to bring it back.'),
    h('table', { id: 'history' }, h('caption', {}, 'Recorded versions, newest first'),
      h('thead', {}, h('tr', {}, ...['Version', 'Change', 'Committed', 'Value', 'Restore'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows)),
    h('h2', {}, 'Compare two versions'),
    h('div', { class: 'inline' }, h('label', { for: 'diff-from' }, 'From'), from, h('label', { for: 'diff-to' }, 'To'), to),
    slot);
  showDiff();
}
