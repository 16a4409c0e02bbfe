import { api, ApiError } from '../api.js';
import { h, render, link, when, pretty, notice } from '../dom.js';

const enc = encodeURIComponent;

function crumbs(ns, key) {
  return h('nav', { class: 'crumbs', 'aria-label': 'Breadcrumb' },
    link('/', 'Namespaces'), ' / ', link(`/ns/${enc(ns)}/keys`, ns), key ? [' / ', key] : null);
}

/** Reads a JSON document from a textarea, or says plainly what is wrong with it. */
function parseValue(textarea, errorSlot) {
  try {
    const value = JSON.parse(textarea.value);
    textarea.removeAttribute('aria-invalid');
    errorSlot.replaceChildren();
    return { ok: true, value };
  } catch (error) {
    textarea.setAttribute('aria-invalid', 'true');
    errorSlot.replaceChildren(notice('error', `Not JSON: ${error.message}`));
    textarea.focus();
    return { ok: false };
  }
}

/** One key: its value, version, timestamps and expiry; edit and delete with If-Match. */
export async function keyView(main, { args: [ns, key], onFailure }) {
  let current;
  try {
    current = (await api.get(ns, key)).body;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    render(main, crumbs(ns, key), h('h1', {}, key), notice('error', error.message),
      h('p', {}, link(`/ns/${enc(ns)}/history/${enc(key)}`, 'History'), ' (a deleted key can be restored from it)'));
    return;
  }
  showKey(main, ns, key, current, onFailure);
}

function details(item) {
  return h('dl', { class: 'facts' },
    h('dt', {}, 'Version'), h('dd', { id: 'version' }, String(item.version)),
    h('dt', {}, 'Created'), h('dd', {}, when(item.createdAt)),
    h('dt', {}, 'Updated'), h('dd', {}, when(item.updatedAt)),
    h('dt', {}, 'Expires'), h('dd', {}, item.expiresAt ? when(item.expiresAt) : 'never'));
}

function showKey(main, ns, key, item, onFailure, message) {
  const errors = h('div');
  const editor = h('textarea', { id: 'value-editor', rows: 14, spellcheck: 'false', 'aria-describedby': 'edit-hint' }, pretty(item.value));
  const edit = h('form', { class: 'card', hidden: true, onsubmit: async (event) => {
    event.preventDefault();
    const parsed = parseValue(editor, errors);
    if (parsed.ok) await save(main, ns, key, item, editor.value, parsed.value, onFailure);
  } },
  h('label', { for: 'value-editor' }, 'Value (JSON)'), editor,
  h('p', { id: 'edit-hint', class: 'hint' }, `Saved only if the key is still at version ${item.version} (If-Match).`),
  errors,
  h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save'), ' ',
    h('button', { type: 'button', onclick: () => { edit.hidden = true; editButton.focus(); } }, 'Cancel')));
  const editButton = h('button', { type: 'button', id: 'edit', onclick: () => { edit.hidden = false; editor.focus(); } }, 'Edit');
  const confirm = h('div', { class: 'card danger', hidden: true, role: 'group', 'aria-label': 'Confirm delete' },
    h('p', {}, `Delete ${key} at version ${item.version}?`),
    h('button', { type: 'button', id: 'confirm-delete', class: 'danger', onclick: async () => {
      try {
        await api.remove(ns, key, item.version);
        location.hash = `#/ns/${enc(ns)}/keys`;
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          return showKey(main, ns, key, item, onFailure, 'Not deleted: the key changed meanwhile (412). Reload to see the newer version.');
        }
        onFailure(error);
      }
    } }, 'Delete'), ' ',
    h('button', { type: 'button', onclick: () => { confirm.hidden = true; } }, 'Cancel'));
  render(main, crumbs(ns, key), h('h1', {}, key),
    message ? notice('info', message) : null,
    details(item),
    h('p', { class: 'actions' }, editButton, ' ',
      h('button', { type: 'button', id: 'delete', onclick: () => { confirm.hidden = false; confirm.querySelector('button').focus(); } }, 'Delete'), ' ',
      h('button', { type: 'button', id: 'reload', onclick: () => keyView(main, { args: [ns, key], onFailure }) }, 'Reload'), ' ',
      link(`/ns/${enc(ns)}/history/${enc(key)}`, 'History', { id: 'history-link' })),
    confirm,
    h('h2', {}, 'Value'), h('pre', { id: 'value', class: 'json', tabindex: 0 }, pretty(item.value)),
    edit);
}

/** A PUT on the version shown; a lost race (412) shows both sides and writes nothing. */
async function save(main, ns, key, base, text, value, onFailure, precondition) {
  try {
    const { body } = await api.put(ns, key, value, precondition || { 'If-Match': `"${base.version}"` });
    showKey(main, ns, key, body, onFailure, `Saved as version ${body.version}.`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 412) return conflict(main, ns, key, base, text, value, onFailure, error.problem);
    onFailure(error);
  }
}

/** The newer state: the 412's own `current` (null: deleted), or a GET for a token without state:read (ADR 0051). */
async function newerState(ns, key, problem) {
  if (problem && 'current' in problem) return problem.current;
  try {
    return (await api.get(ns, key)).body;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

async function conflict(main, ns, key, base, text, value, onFailure, problem) {
  let newer;
  try {
    newer = await newerState(ns, key, problem);
  } catch (error) {
    return onFailure(error);
  }
  const overwrite = newer
    // On purpose: the PUT names the newer version, so it still fails if yet another write came.
    ? () => save(main, ns, key, newer, text, value, onFailure, { 'If-Match': `"${newer.version}"` })
    : () => save(main, ns, key, base, text, value, onFailure, { 'If-None-Match': '*' });
  render(main, crumbs(ns, key), h('h1', {}, `Conflict on ${key}`),
    h('p', { role: 'alert', class: 'notice error', id: 'conflict' }, newer
      ? `Not saved: someone else changed the key to version ${newer.version} after you read version ${base.version}. Nothing was written.`
      : `Not saved: the key was deleted after you read version ${base.version}. Nothing was written.`),
    h('div', { class: 'side-by-side' },
      h('section', { 'aria-labelledby': 'theirs-h' }, h('h2', { id: 'theirs-h' }, newer ? `Newer value (version ${newer.version})` : 'Newer value: deleted'),
        newer ? h('pre', { id: 'newer-value', class: 'json', tabindex: 0 }, pretty(newer.value)) : h('p', {}, 'The key is absent.')),
      h('section', { 'aria-labelledby': 'yours-h' }, h('h2', { id: 'yours-h' }, 'Your edit (not saved)'),
        h('pre', { id: 'your-value', class: 'json', tabindex: 0 }, pretty(value)))),
    h('p', { class: 'actions' },
      h('button', { type: 'button', id: 'conflict-reload', onclick: () => keyView(main, { args: [ns, key], onFailure }) }, 'Reload (drop my edit)'), ' ',
      h('button', { type: 'button', id: 'conflict-overwrite', class: 'danger', onclick: overwrite },
        newer ? `Overwrite version ${newer.version} with my edit` : 'Create it again with my edit')));
}

/** A new key: If-None-Match: * so an existing key is never replaced by accident. */
export async function newKeyView(main, { args: [ns], onFailure }) {
  const errors = h('div');
  const keyInput = h('input', { id: 'new-key', name: 'key', required: true, maxlength: 1024, autocomplete: 'off' });
  const valueInput = h('textarea', { id: 'new-value', name: 'value', rows: 10, required: true, spellcheck: 'false' }, '{\n  \n}');
  const ttlInput = h('input', { id: 'new-ttl', name: 'ttl', type: 'number', min: 1, max: 316224000, inputmode: 'numeric' });
  render(main, crumbs(ns, 'new key'), h('h1', {}, `New key in ${ns}`),
    h('form', { class: 'card', onsubmit: async (event) => {
      event.preventDefault();
      const parsed = parseValue(valueInput, errors);
      if (!parsed.ok) return;
      const key = keyInput.value;
      try {
        await api.put(ns, key, parsed.value, { 'If-None-Match': '*' }, ttlInput.value ? Number(ttlInput.value) : undefined);
        location.hash = `#/ns/${enc(ns)}/key/${enc(key)}`;
      } catch (error) {
        if (error instanceof ApiError && error.status === 412) {
          errors.replaceChildren(notice('error', 'Not created: the key exists already.'), link(`/ns/${enc(ns)}/key/${enc(key)}`, 'Open it'));
          return;
        }
        onFailure(error);
      }
    } },
    h('label', { for: 'new-key' }, 'Key'), keyInput,
    h('label', { for: 'new-value' }, 'Value (JSON)'), valueInput,
    h('label', { for: 'new-ttl' }, 'Expires after (seconds, optional)'), ttlInput,
    errors,
    h('p', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'create' }, 'Create'))));
  keyInput.focus();
}
