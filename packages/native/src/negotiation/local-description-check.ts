import { RtcError } from '../errors/rtc-error.js';

/**
 * The description types `setLocalDescription` accepts.
 *
 * @example
 * ```ts
 * import type { LocalDescriptionType } from '@rxdc/native';
 * const type: LocalDescriptionType = 'offer';
 * ```
 */
export type LocalDescriptionType = 'offer' | 'answer' | 'pranswer' | 'rollback';

const localTypes: ReadonlySet<string> = new Set(['offer', 'answer', 'pranswer', 'rollback']);

/**
 * True for `'offer'`, `'answer'`, `'pranswer'` or `'rollback'`.
 *
 * @example
 * ```ts
 * import { isLocalDescriptionType } from '@rxdc/native';
 * isLocalDescriptionType('offer'); // true
 * ```
 */
export function isLocalDescriptionType(type: unknown): type is LocalDescriptionType {
  return typeof type === 'string' && localTypes.has(type);
}

/**
 * Refuses, with an {@link RtcError}, every `setLocalDescription` call that node-datachannel
 * would answer by aborting the process (measured on 0.33.4): nothing to negotiate, an answer
 * in the stable state, an offer while a remote offer or a local provisional answer is pending,
 * any type in a signaling state it does not know (a closed peer).
 *
 * @example
 * ```ts
 * import { checkLocalDescription } from '@rxdc/native';
 * checkLocalDescription('offer', 'stable', true);
 * ```
 */
export function checkLocalDescription(
  type: unknown,
  signalingState: string,
  hasSomethingToNegotiate: boolean,
): asserts type is LocalDescriptionType | undefined {
  if (type !== undefined && !isLocalDescriptionType(type)) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `setLocalDescription type must be 'offer', 'answer', 'pranswer', 'rollback' or left out, got ${JSON.stringify(type)}`,
    );
  }
  if (type === 'rollback') return;
  switch (signalingState) {
    case 'stable':
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
      return;
    case 'have-remote-offer':
    case 'have-local-pranswer':
      if (type === 'offer') {
        throw new RtcError(
          'INVALID_STATE',
          `cannot set a local offer in signaling state ${signalingState}: answer it first`,
        );
      }
      return;
    case 'have-local-offer':
    case 'have-remote-pranswer':
      return;
    default:
      throw new RtcError(
        'INVALID_STATE',
        `cannot set a local description in signaling state ${JSON.stringify(signalingState)}`,
      );
  }
}
