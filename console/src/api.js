// Every request of the console goes through the public State API, as the SDK's do
// (docs/api.md), with the signed-in token as a Bearer credential.

const TOKEN_KEY = 'state-api-console.token';

/** The token lives in sessionStorage only: it is gone when the tab closes (ADR 0054). */
export const session = {
  get token() { return sessionStorage.getItem(TOKEN_KEY); },
  signIn(token) { sessionStorage.setItem(TOKEN_KEY, token.trim()); },
  signOut() { sessionStorage.removeItem(TOKEN_KEY); },
};

let baseUrl = '';

/** Reads config.json beside index.html: the API's base URL ("" locally: the same origin). */
export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`config.json could not be read (${response.status})`);
  const config = await response.json();
  baseUrl = (config.apiBaseUrl || '').replace(/\/+$/, '');
  return config;
}

/** An answer of the API that is not a success, with what a person needs to read it. */
export class ApiError extends Error {
  constructor(status, problem, headers) {
    super(describe(status, problem, headers));
    this.status = status;
    this.problem = problem;
    this.headers = headers;
  }
  get type() {
    return (this.problem?.type || '').replace('https://stateapi.io/problems/', '');
  }
}

function describe(status, problem, headers) {
  if (status === 401) {
    // The gateway's authorizer says why only in its challenge (docs/api.md#authentication).
    const reason = /error_description="([^"]*)"/.exec(headers?.get('www-authenticate') || '')?.[1];
    return `The token was refused (401 Unauthorized)${reason ? `: ${reason}` : ''}. Sign in again with a valid token.`;
  }
  if (status === 403) return `Not allowed (403): ${problem?.detail || 'the token lacks the scope or namespace grant'}.`;
  const title = problem?.title || problem?.message || 'Request failed';
  return `${title} (${status})${problem?.detail ? `: ${problem.detail}` : ''}`;
}

/** Encodes a key for the path as the SDK does: each segment percent-encoded, then every % once more. */
export function keyPath(key) {
  return key.split('/').map((segment) => strictEncode(segment).replaceAll('%', '%25')).join('/');
}

function strictEncode(text) {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function nsPath(ns) {
  return `/v1/namespaces/${encodeURIComponent(ns)}`;
}

function query(params) {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== '');
  return entries.length ? `?${new URLSearchParams(entries)}` : '';
}

/** Sends one request; resolves with {status, etag, body} or rejects with an ApiError. */
export async function request(method, path, { body, headers = {}, signal, params } = {}) {
  const init = { method, signal, headers: { Accept: 'application/json', ...headers } };
  const token = session.token;
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(baseUrl + path + query(params || {}), init);
  const text = await response.text();
  let parsed = null;
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = { detail: text }; }
  }
  if (!response.ok) throw new ApiError(response.status, parsed, response.headers);
  return { status: response.status, etag: response.headers.get('ETag'), body: parsed };
}

/** The raw fetch of the watch: the caller reads the event stream (watch.js). */
export function openStream(path, params, headers, signal) {
  const init = { signal, headers: { Accept: 'text/event-stream', Authorization: `Bearer ${session.token}`, ...headers } };
  return fetch(baseUrl + path + query(params), init);
}

export const api = {
  namespaces: (cursor) => request('GET', '/v1/namespaces', { params: { limit: 50, cursor } }),
  keys: (ns, prefix, cursor) => request('GET', `${nsPath(ns)}/keys`, { params: { prefix, cursor, limit: 25 } }),
  get: (ns, key) => request('GET', `${nsPath(ns)}/keys/${keyPath(key)}`),
  version: (ns, key, n) => request('GET', `${nsPath(ns)}/keys/${keyPath(key)}`, { params: { version: n } }),
  put: (ns, key, value, precondition, ttlSeconds) => request('PUT', `${nsPath(ns)}/keys/${keyPath(key)}`, {
    body: ttlSeconds ? { value, ttlSeconds } : { value }, headers: precondition,
  }),
  remove: (ns, key, version) => request('DELETE', `${nsPath(ns)}/keys/${keyPath(key)}`, {
    headers: { 'If-Match': `"${version}"` },
  }),
  history: (ns, key) => request('GET', `${nsPath(ns)}/keys/${keyPath(key)}/versions`, { params: { limit: 100 } }),
  restore: (ns, key, n, currentVersion) => request('POST', `${nsPath(ns)}/keys/${keyPath(key)}/versions/${n}/restore`, {
    headers: currentVersion ? { 'If-Match': `"${currentVersion}"` } : {},
  }),
  subscriptions: (ns) => request('GET', `${nsPath(ns)}/subscriptions`),
  subscription: (ns, name) => request('GET', `${nsPath(ns)}/subscriptions/${encodeURIComponent(name)}`),
};
