import type { DeskApi } from '@shared/ipc/api';
import {
  CHANNEL_NAMES,
  EVENT_NAMES,
  subscriberName,
  wireChannel,
  wireEvent,
  type ChannelName,
} from '@shared/ipc/channel-names';
import { ipcError, isErrorCode, ISO_INSTANT, type IpcResult } from '@shared/ipc/errors';
import type { z } from '@shared/ipc/zod';
import { parsesToItsInput } from './as-received';

/**
 * The contract's schemas, evaluated on first use rather than when the preload loads: the preload
 * runs before the page's HTML is parsed, and building every schema there (about a fifth of the
 * first screen's start-up, measured by `npm run bench`) would hold the page's requests for its
 * scripts back. The bundler keeps the module lazy (the preload stays one file).
 */
type ContractModule = typeof import('@shared/ipc/contract');
let contractModule: Promise<ContractModule> | undefined;
/** The schemas once built: a call made then goes out before its caller's script returns. */
let builtContract: ContractModule | undefined;
export function loadContract(): Promise<ContractModule> {
  contractModule ??= import('@shared/ipc/contract').then((module) => (builtContract = module));
  return contractModule;
}

/** What this needs of the page's document (main's and the preload's types have no DOM). */
interface ParsingDocument {
  readonly readyState: string;
  addEventListener(type: 'readystatechange', listener: () => void, options: { once: true }): void;
}

/**
 * Builds the schemas once the page's HTML is parsed (readyState `interactive`), while its scripts
 * are still on their way, so the first call finds them ready. A call made earlier builds them itself.
 */
export function loadContractOnceParsed(document: ParsingDocument): void {
  if (document.readyState !== 'loading') {
    void loadContract();
    return;
  }
  document.addEventListener('readystatechange', () => void loadContract(), { once: true });
}

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
export function buildApi(invoke: Invoke, subscribe: Subscribe): DeskApi {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) api[name] = (input?: unknown) => call(invoke, name, input);
  for (const name of EVENT_NAMES) {
    api[subscriberName(name)] = (listener: unknown) => {
      if (typeof listener !== 'function') return () => undefined;
      let listening = true;
      const stop = subscribe(wireEvent(name), (payload) => {
        // In order of arrival, once the schemas are in; none after the listener has stopped.
        void loadContract().then(({ events }) => {
          const parsed = events[name].payload.safeParse(payload);
          if (listening && parsed.success) (listener as (value: unknown) => void)(parsed.data);
        });
      });
      return () => {
        listening = false;
        stop();
      };
    };
  }
  return Object.freeze(api) as unknown as DeskApi;
}

/**
 * Once the schemas are built, the input is checked and the call sent synchronously: the first
 * screen's calls, made while the page's bundle is still being evaluated, reach main then, not
 * after the whole bundle has run (an `await` would hold them until the script returns).
 */
function call(invoke: Invoke, name: ChannelName, input: unknown): Promise<IpcResult<unknown>> {
  if (builtContract) return send(builtContract, invoke, name, input);
  return loadContract().then((module) => send(module, invoke, name, input));
}

async function send(
  { contract, parseChannelInput }: ContractModule,
  invoke: Invoke,
  name: ChannelName,
  input: unknown,
): Promise<IpcResult<unknown>> {
  const parsed = parseChannelInput(name, input);
  if (!parsed.success) return { ok: false, error: ipcError('INVALID_INPUT') };
  // A call that failed on the way (main gone, a reply that could not be cloned) is, like any reply
  // that is neither of main's two shapes, INTERNAL.
  const reply = await invoke(wireChannel(name), parsed.data).catch(() => undefined);
  return checkReply(contract[name].output, reply);
}

function checkReply(schema: z.ZodType, reply: unknown): IpcResult<unknown> {
  const r = reply as {
    ok?: unknown;
    value?: unknown;
    error?: { code?: unknown; retryAt?: unknown } | null;
  } | null;
  if (r?.ok === true) {
    const output = schema.safeParse(r.value);
    if (!output.success) return { ok: false, error: ipcError('INTERNAL') };
    // Checked as strictly either way; the reply as received when zod's copy would be equal to it.
    return { ok: true, value: parsesToItsInput(schema) ? r.value : output.data };
  }
  // Only a failure with a code main sends crosses; anything else is an internal failure.
  const error = r?.ok === false ? r.error : undefined;
  const code = error?.code;
  if (!isErrorCode(code)) return { ok: false, error: ipcError('INTERNAL') };
  // Only an instant in main's own format crosses with it; anything else is dropped.
  const retryAt = error!.retryAt;
  const when = typeof retryAt === 'string' && ISO_INSTANT.test(retryAt) ? retryAt : undefined;
  return { ok: false, error: ipcError(code, when) };
}
