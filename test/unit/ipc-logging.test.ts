/**
 * What the log tells a support engineer when an IPC call fails or is refused: which channel and
 * why, with the cause redacted, while the renderer only ever receives a code.
 */
import { describe, expect, it } from 'vitest';

import { dispatch, type ChannelHandlers } from '../../src/main/ipc/dispatch';
import { registerIpcHandlers, type InvokeEventLike } from '../../src/main/ipc/register-handlers';
import { wireChannel } from '../../src/shared/ipc/contract';
import { captureLog } from './support/temp';

const handlers = (overrides: Partial<Record<keyof ChannelHandlers, () => unknown>>): ChannelHandlers =>
  overrides as unknown as ChannelHandlers;

describe('the log after a failed IPC call', () => {
  it('an unexpected failure: one error line naming the channel, saying the handler failed, with the cause redacted', async () => {
    const log = captureLog();
    const failing = handlers({
      listIntegrations: () => {
        throw new Error('disk I/O error reading /oauth/sage/callback?code=SECRET-CODE&state=S1');
      },
    });
    expect(await dispatch(failing, 'listIntegrations', undefined, log.logger)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', messageKey: 'errors.INTERNAL' },
    });
    expect(log.lines).toHaveLength(1);
    const [line] = log.lines;
    expect(line).toMatch(/^ERROR /);
    expect(line).toMatch(/handler failed/i);
    expect(line).toContain('listIntegrations');
    expect(line).toContain('disk I/O error');
    expect(line).not.toContain('SECRET-CODE');
  });

  it('an answer that breaks the contract: one error line naming the channel and the schema, never the value', async () => {
    const log = captureLog();
    const leaking = handlers({
      getStartupNotices: () => [{ kind: 'keychainUnavailable', refreshToken: 'rt-LEAKED-VALUE' }],
    });
    expect(await dispatch(leaking, 'getStartupNotices', undefined, log.logger)).toMatchObject({
      ok: false,
      error: { code: 'INTERNAL' },
    });
    expect(log.lines).toHaveLength(1);
    const [line] = log.lines;
    expect(line).toMatch(/^ERROR /);
    expect(line).toMatch(/did not match its schema/i);
    expect(line).toContain('getStartupNotices');
    expect(line).not.toContain('rt-LEAKED-VALUE');
  });
});

describe('the log after a refused sender', () => {
  it('one warning naming the channel and saying an untrusted sender was refused', async () => {
    const log = captureLog();
    const registered = new Map<string, (event: InvokeEventLike, payload: unknown) => Promise<unknown>>();
    registerIpcHandlers(
      { handle: (channel, listener) => void registered.set(channel, listener) },
      handlers({}),
      { isOwnWindow: () => true },
      log.logger,
    );
    const foreign: InvokeEventLike = {
      sender: { id: 1 },
      senderFrame: { url: 'https://evil.example/', parent: null },
    };
    expect(await registered.get(wireChannel('revealSecret'))!(foreign, {})).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(log.lines).toHaveLength(1);
    const [line] = log.lines;
    expect(line).toMatch(/^WARN /);
    expect(line).toMatch(/untrusted sender refused/i);
    expect(line).toContain('revealSecret');
  });
});
