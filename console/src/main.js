// The console's shell: configuration, sign-in, and hash routes to the screens.

import { loadConfig, request, session, ApiError } from './api.js';
import { h, render, notice } from './dom.js';
import { namespacesView } from './views/namespaces.js';
import { keysView } from './views/keys.js';
import { keyView, newKeyView } from './views/key.js';
import { historyView } from './views/history.js';
import { feedView } from './views/feed.js';
import { subscriptionsView } from './views/subscriptions.js';

const main = document.getElementById('main');
const nav = document.getElementById('session');
let leaving = null;

/** A link with #token=... signs in, and the token leaves the address bar and the history at once. */
function takeTokenFromFragment() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match) return false;
  session.signIn(decodeURIComponent(match[1]));
  history.replaceState(null, '', location.pathname + location.search + '#/');
  return true;
}

function signInView(message) {
  const input = h('textarea', { id: 'token', name: 'token', rows: 4, required: true, autocomplete: 'off', spellcheck: 'false' });
  const form = h('form', { class: 'card', onsubmit: async (event) => {
    event.preventDefault();
    session.signIn(input.value);
    await check(form);
  } },
  h('label', { for: 'token' }, 'Token (a JWT; ', h('code', {}, 'make run'), ' prints one, ', h('code', {}, 'make token'), ' makes more)'),
  input,
  h('p', { class: 'hint' }, 'Kept in this tab only (sessionStorage), sent as Authorization: Bearer to the API.'),
  h('button', { type: 'submit', class: 'primary' }, 'Sign in'));
  render(main, h('h1', {}, 'Sign in'), message ? notice('error', message) : null, form);
  input.focus();
}

/** Asks the API whether the token is good before showing anything, so a bad one is named as such. */
async function check(form) {
  try {
    await request('GET', '/v1/namespaces', { params: { limit: 1 } });
    updateSession();
    if (location.hash === '#/') await route();
    else location.hash = '#/';
  } catch (error) {
    session.signOut();
    updateSession();
    const text = error instanceof ApiError ? error.message : `The API could not be reached: ${error.message}`;
    form?.querySelector('.notice')?.remove();
    signInView(text);
  }
}

function updateSession() {
  nav.replaceChildren(session.token
    ? h('button', { type: 'button', onclick: () => { session.signOut(); updateSession(); signInView(); } }, 'Sign out')
    : '');
}

const routes = [
  [/^\/?$/, () => namespacesView],
  [/^\/ns\/([^/]+)\/keys$/, () => keysView],
  [/^\/ns\/([^/]+)\/new$/, () => newKeyView],
  [/^\/ns\/([^/]+)\/key\/(.+)$/, () => keyView],
  [/^\/ns\/([^/]+)\/history\/(.+)$/, () => historyView],
  [/^\/ns\/([^/]+)\/feed$/, () => feedView],
  [/^\/ns\/([^/]+)\/subscriptions$/, () => subscriptionsView],
];

async function route() {
  leaving?.();
  leaving = null;
  if (!session.token) return signInView();
  // Each route renders into a view of its own: a slow earlier screen that answers late lands in
  // a detached view, never over the screen asked for since.
  const view = document.createElement('div');
  main.replaceChildren(view);
  const [path, search] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(search || '');
  for (const [pattern, screen] of routes) {
    const match = pattern.exec(path);
    if (!match) continue;
    const args = match.slice(1).map(decodeURIComponent);
    try {
      const stop = await screen()(view, { args, params, onFailure: (error) => failed(error, view) });
      if (view.isConnected) leaving = stop;
      else stop?.();
    } catch (error) {
      failed(error, view);
    }
    return;
  }
  render(view, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the namespaces')));
}

/** A 401 anywhere means the token stopped being good (expired): back to sign-in, saying so. */
function failed(error, view) {
  if (!view.isConnected) return;
  if (error instanceof ApiError && error.status === 401) {
    session.signOut();
    updateSession();
    return signInView(error.message);
  }
  view.querySelector('.notice.error')?.remove();
  view.prepend(notice('error', error.message));
}

async function start() {
  takeTokenFromFragment();
  updateSession();
  try {
    await loadConfig();
  } catch (error) {
    render(main, h('h1', {}, 'Not configured'), notice('error', error.message));
    return;
  }
  window.addEventListener('hashchange', () => (takeTokenFromFragment() ? check(null) : route()));
  if (session.token) await check(null);
  else signInView();
}

start();
