// The watch as Server-Sent Events read through fetch: EventSource cannot send an
// Authorization header. Behind API Gateway each answer is one batch (docs/api.md#watch), so
// the loop asks again at once with the last event's id as Last-Event-ID, as EventSource would.

import { nsPath, openStream, ApiError } from './api.js';

/** Parses an event stream's text into events {id, event, data}; returns the unfinished rest. */
export function parseEvents(buffer, emit) {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop();
  for (const block of blocks) {
    const event = { id: null, event: 'message', data: [] };
    for (const line of block.split(/\r?\n/)) {
      if (!line || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') event.data.push(value);
      else if (field === 'id') event.id = value;
      else if (field === 'event') event.event = value;
    }
    if (event.data.length) emit({ ...event, data: event.data.join('\n') });
  }
  return rest;
}

/**
 * Watches the namespace's changes under {@code prefix} until {@code signal} aborts; calls
 * onChange(item, settled) per change and onStatus(text, isError) as the connection goes. With
 * {@code pending} the watch also hands over changes that have not settled yet (settled = false,
 * ADR 0060): at least once, each again later settled; the caller drops what it already showed.
 */
export async function watch(ns, prefix, { signal, onChange, onStatus, pending = false }) {
  let cursor = null;
  let failures = 0;
  while (!signal.aborted) {
    try {
      const response = await openStream(`${nsPath(ns)}/changes`, { prefix, waitSeconds: 8, pending: pending || undefined },
        cursor ? { 'Last-Event-ID': cursor } : {}, signal);
      if (!response.ok) {
        let problem = null;
        try { problem = await response.json(); } catch { /* the gateway's own answers may not be problems */ }
        throw new ApiError(response.status, problem, response.headers);
      }
      onStatus('Watching', false);
      failures = 0;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer = parseEvents(buffer + value, (event) => {
          if (event.event === 'change') onChange(JSON.parse(event.data), true);
          else if (event.event === 'pending') onChange(JSON.parse(event.data), false);
          // Resume from the last event handled, so a batch read halfway is not lost or repeated.
          if (event.id) cursor = event.id;
        });
      }
    } catch (error) {
      if (signal.aborted) return;
      // A refused token or a bad request does not get better by asking again.
      if (error instanceof ApiError && error.status < 500 && error.status !== 429) {
        onStatus(error.message, true);
        return;
      }
      failures += 1;
      onStatus(`Reconnecting after an error: ${error.message}`, true);
      await new Promise((resolve) => setTimeout(resolve, Math.min(1000 * failures, 10000)));
    }
  }
}
