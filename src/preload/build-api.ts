import type { DeskApi } from '@shared/ipc/api';
import {
  CHANNEL_NAMES,
  contract,
  EVENT_NAMES,
  events,
  parseChannelInput,
  subscriberName,
  wireChannel,
  wireEvent,
  type ChannelName,
} from '@shared/ipc/contract';
import { ipcError, ISO_INSTANT, type IpcResult } from '@shared/ipc/errors';
import { parsesToItsInput } from './as-received';

/** Sends one call to main; the Electron preload uses ipcRenderer.invoke, the test harness HTTP. */
export type Invoke = (wireChannel: string, payload: unknown) => Promise<unknown>;

/**
 * Listens to one main → renderer event; returns the function that stops listening. The Electron
 * preload uses ipcRenderer.on, the test harness a server-sent event stream.
 */
export type Subscribe = (wireEvent: string, listener: (payload: unknown) => void) => () => void;

/**
 * Builds `window.api`: one named function per contract channel, one `on<Event>` per contract
 * event, and nothing else. Input is checked before it is sent and output when it comes back,
 * so a bad call fails fast in the renderer and a bad reply never reaches React; an event's
 * payload is checked before its listener sees it.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe = () => () => undefined): DeskApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) api[name] = (input?: unknown) => call(invoke, name, input);
  for (const name of EVENT_NAMES) {
    api[subscriberName(name)] = (listener: unknown) => {
      if (typeof listener !== 'function') return () => undefined;
      return subscribe(wireEvent(name), (payload) => {
        const parsed = events[name].payload.safeParse(payload);
        if (parsed.success) (listener as (value: unknown) => void)(parsed.data);
      });
    };
  }
  return Object.freeze(api) as unknown as DeskApi;
}

async function call(invoke: Invoke, name: ChannelName, input: unknown): Promise<IpcResult<unknown>> {
  const parsed = parseChannelInput(name, input);
  if (!parsed.success) return { ok: false, error: ipcError('INVALID_INPUT') };
  let reply: unknown;
  try {
    reply = await invoke(wireChannel(name), parsed.data);
  } catch {
    return { ok: false, error: ipcError('INTERNAL') };
  }
  return checkReply(name, reply);
}

function checkReply(name: ChannelName, reply: unknown): IpcResult<unknown> {
  const r = reply as {
    ok?: unknown;
    value?: unknown;
    error?: { code?: unknown; retryAt?: unknown };
  } | null;
  if (r?.ok === true) {
    const schema = contract[name].output;
    const output = schema.safeParse(r.value);
    if (!output.success) return { ok: false, error: ipcError('INTERNAL') };
    // Checked as strictly either way; the reply as received when zod's copy would be equal to it.
    return { ok: true, value: parsesToItsInput(schema) ? r.value : output.data };
  }
  const code = r?.error?.code;
  if (r?.ok === false && typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code)) {
    // Only an instant in main's own format crosses with it; anything else is dropped.
    const retryAt = r.error?.retryAt;
    const when = typeof retryAt === 'string' && ISO_INSTANT.test(retryAt) ? retryAt : undefined;
    return { ok: false, error: ipcError(code as Parameters<typeof ipcError>[0], when) };
  }
  return { ok: false, error: ipcError('INTERNAL') };
}
