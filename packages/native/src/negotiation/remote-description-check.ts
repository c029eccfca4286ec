import { describeValue } from '../errors/describe-value.js';
import { RtcError } from '../errors/rtc-error.js';

/**
 * The types a remote description may have (`null`: let libdatachannel detect it, as the C API
 * allows: an offer in state `stable`, else an answer).
 *
 * @example
 * ```ts
 * import type { RemoteDescriptionType } from '@rxdc/native';
 * const type: RemoteDescriptionType = 'answer';
 * ```
 */
export type RemoteDescriptionType = 'offer' | 'answer' | 'pranswer' | 'rollback';

const remoteTypes: ReadonlySet<unknown> = new Set(['offer', 'answer', 'pranswer', 'rollback']);

/**
 * Checks a remote description before it reaches node-datachannel: an object with a string
 * `sdp`, a known `type` (or `null` to detect), and SDP that starts with `v=` (except for a
 * rollback, which carries none).
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for a wrong shape, `INVALID_SDP` for an unknown
 * type or text that is not SDP.
 * @example
 * ```ts
 * import { checkRemoteDescription } from '@rxdc/native';
 * const { sdp, type } = checkRemoteDescription({ type: 'offer', sdp: 'v=0\r\n' });
 * ```
 */
export function checkRemoteDescription(description: unknown): {
  sdp: string;
  type: RemoteDescriptionType | null;
} {
  if (
    typeof description !== 'object' ||
    description === null ||
    typeof (description as { sdp?: unknown }).sdp !== 'string'
  ) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `setRemoteDescription takes { type, sdp }, got ${describeValue(description)}`,
    );
  }
  const { sdp, type } = description as { sdp: string; type?: unknown };
  if (type !== null && !remoteTypes.has(type)) {
    throw new RtcError(
      'INVALID_SDP',
      `remote description type must be offer, answer, pranswer or rollback, got ${JSON.stringify(type)}`,
    );
  }
  if (type !== 'rollback' && !sdp.trimStart().startsWith('v=')) {
    throw new RtcError('INVALID_SDP', 'remote description is not SDP: it must start with "v="');
  }
  return { sdp, type: type as RemoteDescriptionType | null };
}

/**
 * Checks a remote ICE candidate before it reaches node-datachannel: a string that reads
 * `candidate:...` (with or without `a=`), and a `mid` that is a string or left out (`null` or
 * undefined: libdatachannel finds the media by itself).
 *
 * @throws {@link RtcError} `INVALID_ARGUMENT` for a wrong shape, `INVALID_CANDIDATE` for text
 * that is not a candidate.
 * @example
 * ```ts
 * import { checkRemoteCandidate } from '@rxdc/native';
 * checkRemoteCandidate({ candidate: 'candidate:1 1 UDP 1 127.0.0.1 9 typ host', mid: '0' });
 * ```
 */
export function checkRemoteCandidate(candidate: unknown): { candidate: string; mid: string } {
  const mid = (candidate as { mid?: unknown } | null)?.mid;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof (candidate as { candidate?: unknown }).candidate !== 'string' ||
    !(mid === undefined || mid === null || typeof mid === 'string')
  ) {
    throw new RtcError(
      'INVALID_ARGUMENT',
      `addRemoteCandidate takes { candidate, mid } strings, got ${describeValue(candidate)}`,
    );
  }
  const text = (candidate as { candidate: string }).candidate;
  if (!/^(a=)?candidate:\S/.test(text)) {
    throw new RtcError(
      'INVALID_CANDIDATE',
      `not an ICE candidate: ${JSON.stringify(text)} (expected "candidate:...")`,
    );
  }
  return { candidate: text, mid: mid ?? '' };
}
