import type { ChannelInput, ChannelName, ChannelOutput } from './contract';
import type { IpcResult } from './errors';

/** The shape of `window.api` in the renderer: one function per channel. */
export type DeskApi = {
  [C in ChannelName]: undefined extends ChannelInput<C>
    ? (input?: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>
    : (input: ChannelInput<C>) => Promise<IpcResult<ChannelOutput<C>>>;
};
