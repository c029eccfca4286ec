import { RtcError } from '@rxdc/core';

/**
 * True when `error`, thrown by a channel's `send`, means the channel is closed: it says so
 * (`isClosed`), or `@rxdc/core` refused the send with `CLOSED` because the remote side closed
 * it natively before core delivered `closed$` (a race seen in about 1 of 10 transfers whose
 * remote side closes mid-transfer). Every rx sender turns both into its own `CHANNEL_CLOSED`,
 * so one package surface speaks one error vocabulary.
 *
 * @internal
 */
export function isClosedFailure(channel: { readonly isClosed: boolean }, error: unknown): boolean {
  return channel.isClosed || (error instanceof RtcError && error.code === 'CLOSED');
}
