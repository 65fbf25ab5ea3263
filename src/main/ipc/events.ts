import { events, wireEvent, type EventName, type EventPayload } from '@shared/ipc/contract';

/** The part of a WebContents that sends to its page (structural, so tests need no Electron). */
export interface EventTarget {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Sends one contract event to a window's page. The payload is checked against the event's
 * schema first (the preload checks it again), so main cannot send what the contract does not
 * declare. Returns whether it was sent.
 */
export function sendEvent<E extends EventName>(
  target: EventTarget,
  name: E,
  payload: EventPayload<E>,
): boolean {
  const parsed = events[name].payload.safeParse(payload);
  if (!parsed.success || target.isDestroyed()) return false;
  target.send(wireEvent(name), parsed.data);
  return true;
}
