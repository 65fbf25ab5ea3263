import {
  contract,
  parseChannelInput,
  type ChannelName,
  type ChannelOutput,
  type ChannelParsedInput,
} from '@shared/ipc/contract';
import { AppError, ipcError, type IpcResult } from '@shared/ipc/errors';
import { isBusyError } from '../services/store/errors';
import type { Logger } from '../services/log';

/** One handler per channel, taking the parsed input. */
export type ChannelHandlers = {
  [C in ChannelName]: (input: ChannelParsedInput<C>) => ChannelOutput<C> | Promise<ChannelOutput<C>>;
};

/**
 * Runs one channel call: parse the payload with the channel's strict schema
 * (nothing runs on invalid input), call the handler, check the output against
 * its schema, and turn any failure into a code. Stack traces, paths, SQL and
 * secrets never leave: unknown failures are logged (redacted) and become INTERNAL.
 */
export async function dispatch(
  handlers: ChannelHandlers,
  channel: string,
  payload: unknown,
  log: Logger,
): Promise<IpcResult<unknown>> {
  if (!Object.hasOwn(contract, channel)) return { ok: false, error: ipcError('INVALID_INPUT') };
  const name = channel as ChannelName;
  const parsed = parseChannelInput(name, payload);
  if (!parsed.success) return { ok: false, error: ipcError('INVALID_INPUT') };
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    const value = await handler(parsed.data);
    const output = contract[name].output.safeParse(value);
    if (!output.success) {
      log.error('IPC output did not match its schema', { channel: name });
      return { ok: false, error: ipcError('INTERNAL') };
    }
    return { ok: true, value: output.data };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: ipcError(error.code, retryAtOf(error)) };
    if (isBusyError(error)) return { ok: false, error: ipcError('DB_BUSY') };
    log.error('IPC handler failed', { channel: name, error });
    return { ok: false, error: ipcError('INTERNAL') };
  }
}

/** The instant a provider's Retry-After points to, for the renderer to say "try again at…". */
function retryAtOf(error: AppError): string | undefined {
  return error.retryAfterMs === undefined
    ? undefined
    : new Date(Date.now() + error.retryAfterMs).toISOString();
}
