import { CHANNEL_NAMES, wireChannel } from '@shared/ipc/contract';
import { ipcError, type IpcResult } from '@shared/ipc/errors';
import { isAppUrl } from '../security/app-origin';
import type { Logger } from '../services/log';
import { dispatch, type ChannelHandlers } from './dispatch';

/** The parts of an IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<unknown>): void;
}

export interface SenderPolicy {
  /** webContents ids of the windows this app created. */
  isOwnWindow(webContentsId: number): boolean;
  devServerOrigin?: string;
}

/** Only the app's own top-level frame, in a window the app created, may call main. */
export function isTrustedSender(event: InvokeEventLike, policy: SenderPolicy): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  if (!isAppUrl(frame.url, policy.devServerOrigin)) return false;
  return policy.isOwnWindow(event.sender.id);
}

/**
 * Registers every contract channel, each through the same wrapper: check the
 * sender, then dispatch. Returns the channels registered (tests compare them
 * with the contract).
 */
export function registerIpcHandlers(
  ipcMain: IpcMainLike,
  handlers: ChannelHandlers,
  policy: SenderPolicy,
  log: Logger,
): string[] {
  return CHANNEL_NAMES.map((name) => {
    const channel = wireChannel(name);
    ipcMain.handle(channel, async (event, payload): Promise<IpcResult<unknown>> => {
      if (!isTrustedSender(event, policy)) {
        log.warn('IPC call from an untrusted sender refused', { channel: name });
        return { ok: false, error: ipcError('FORBIDDEN_SENDER') };
      }
      return dispatch(handlers, name, payload, log);
    });
    return channel;
  });
}
