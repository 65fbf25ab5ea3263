// Runs in the page served by the harness: builds `window.api` from the same
// contract as the Electron preload, sending each call over HTTP to the harness.
import { buildApi } from '../../src/preload/build-api';

declare const HARNESS_TOKEN: string;

(window as unknown as { api: unknown }).api = buildApi(async (channel, payload) => {
  const response = await fetch(`/__ipc/${encodeURIComponent(channel)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-harness-token': HARNESS_TOKEN },
    body: JSON.stringify(payload ?? null),
  });
  return response.json();
});
