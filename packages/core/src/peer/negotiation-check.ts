import { RtcError } from '../errors/rtc-error.js';
import type { SignalingState } from './peer-states.js';

/** The description types `setLocalDescription` accepts. */
export type LocalDescriptionType = 'offer' | 'answer' | 'pranswer' | 'rollback';

const localTypes: ReadonlySet<string> = new Set(['offer', 'answer', 'pranswer', 'rollback']);

/**
 * Refuses, with an {@link RtcError}, every `setLocalDescription` call that node-datachannel
 * would answer by aborting the process (measured on 0.33.4): nothing to negotiate, an answer
 * in the stable state, an offer while a remote offer is pending.
 *
 * @internal
 */
export function checkLocalDescription(
  type: unknown,
  signalingState: SignalingState,
  hasSomethingToNegotiate: boolean,
): asserts type is LocalDescriptionType | undefined {
  if (type !== undefined && (typeof type !== 'string' || !localTypes.has(type))) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `setLocalDescription type must be 'offer', 'answer', 'pranswer', 'rollback' or left out, got ${JSON.stringify(type)}`,
    );
  }
  if (type === 'rollback') return;
  if (signalingState === 'stable') {
    if (type === 'answer' || type === 'pranswer') {
      throw new RtcError(
        'INVALID_STATE',
        `cannot set a local ${type} in signaling state stable: there is no remote offer to answer`,
      );
    }
    if (!hasSomethingToNegotiate) {
      throw new RtcError(
        'NOTHING_TO_NEGOTIATE',
        'setLocalDescription has nothing to negotiate: create a data channel or add a track first',
      );
    }
  }
  if (signalingState === 'have-remote-offer' && type === 'offer') {
    throw new RtcError(
      'INVALID_STATE',
      'cannot set a local offer while a remote offer is pending: answer it first',
    );
  }
}
