import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

import type { IpcResult } from '@shared/ipc/errors';
import { remembered } from '../../src/renderer/src/settled';
import { useApiQuery } from '../../src/renderer/src/use-api-query';

// Calls whose answer is hidden from the first look: as if it landed just after the first render.
const landsAfterFirstLook = vi.hoisted(() => new Set<Promise<unknown>>());
vi.mock('../../src/renderer/src/settled', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/renderer/src/settled')>();
  return {
    ...real,
    settledValue: <T,>(promise: Promise<T> | undefined) => {
      if (promise && landsAfterFirstLook.delete(promise)) return undefined;
      return real.settledValue(promise);
    },
  };
});

const answer: IpcResult<string> = { ok: true, value: 'settings' };
const neverAskedAgain = () => Promise.reject(new Error('the call under way should have been used'));

describe('useApiQuery with a call already under way', () => {
  it('starts from the answer when the call settled before the first render', async () => {
    const initial = remembered(Promise.resolve(answer));
    await initial;
    await Promise.resolve();
    const { result } = renderHook(() => useApiQuery(neverAskedAgain, initial));
    expect(result.current).toMatchObject({ status: 'done', result: answer });
  });

  it('takes the answer of a call that settles after the first render', async () => {
    let settle!: (value: IpcResult<string>) => void;
    const initial = remembered(new Promise<IpcResult<string>>((resolve) => (settle = resolve)));
    const { result } = renderHook(() => useApiQuery(neverAskedAgain, initial));
    expect(result.current.status).toBe('loading');
    await act(async () => settle(answer));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'done', result: answer }));
  });

  it('takes the answer of a call that settles between the first render and its effect', async () => {
    // A slow main: the window first shows "loading", and the answer lands before React runs the
    // effect that would take it. The screen must not stay on "loading" for good.
    const initial = remembered(Promise.resolve(answer));
    await initial;
    await Promise.resolve();
    landsAfterFirstLook.add(initial);
    const { result } = renderHook(() => useApiQuery(neverAskedAgain, initial));
    await waitFor(() => expect(result.current).toMatchObject({ status: 'done', result: answer }));
  });
});
