// Runs in the page served by the harness: builds `window.api` from the same
// contract as the Electron preload, sending each call over HTTP to the harness.
import { buildApi, loadContractOnceParsed } from '../../src/preload/build-api';

declare const HARNESS_TOKEN: string;

// Main → renderer events arrive as server-sent events (the stream opens on the first subscriber).
let events: EventSource | undefined;

(window as unknown as { api: unknown }).api = buildApi(
  async (channel, payload) => {
    const response = await fetch(`/__ipc/${encodeURIComponent(channel)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-harness-token': HARNESS_TOKEN },
      body: JSON.stringify(payload ?? null),
    });
    return response.json();
  },
  (channel, listener) => {
    events ??= new EventSource(`/__harness/events?token=${encodeURIComponent(HARNESS_TOKEN)}`);
    const onMessage = (message: MessageEvent<string>) => {
      const frame = JSON.parse(message.data) as { channel: string; payload: unknown };
      if (frame.channel === channel) listener(frame.payload);
    };
    events.addEventListener('message', onMessage);
    return () => events?.removeEventListener('message', onMessage);
  },
);
loadContractOnceParsed(document);
