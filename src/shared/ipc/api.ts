import type {
  ChannelInput,
  ChannelName,
  ChannelOutput,
  EventName,
  EventPayload,
  SubscriberName,
} from './contract';
import type { IpcResult } from './errors';

/** The shape of `window.api` in the renderer: one function per channel, one subscriber per event. */
export type DeskApi = {
  [C in ChannelName]: undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>;
} & EventSubscribers;

/** `onMenuCommand(listener)`…: the listener gets only payloads that passed the event's schema. */
export type EventSubscribers = {
  [E in EventName as SubscriberName<E>]: (listener: (payload: EventPayload<E>) => void) => () => void;
};
