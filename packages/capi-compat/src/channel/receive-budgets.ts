// rxdc's own: the receive budgets above a channel's own queue limit (rtcSetReceiveLimits). A
// remote that opens many channels cannot make the process hold channels × the channel limit:
// every queue of a peer also charges the peer's budget, and every queue the process's.
import { RtcError, setMaxProcessHeldBytes } from '@rxdc/native';
import { RTC_ERR_INVALID, RTC_ERR_SUCCESS } from '../constants.js';
import { peerEntry } from '../handles.js';

/**
 * rxdc's own: sets how much all the channels and tracks of a peer queue together for
 * rtcReceiveMessage while nobody polls (default 64 MiB). A message that does not fit is handled
 * as one over the channel's own limit (see rtcSetReceiveLimits): the error callback names the
 * limit, and the channel closes. Bytes already queued stay queued. RTC_ERR_INVALID for a bad
 * id or a limit that is not a whole number >= 1.
 *
 * @example
 * ```ts
 * import { RTC_ERR_SUCCESS, rtcCreatePeerConnection, rtcSetPeerReceiveLimit } from '@rxdc/capi-compat';
 * const pc = rtcCreatePeerConnection({ iceServers: [] });
 * if (rtcSetPeerReceiveLimit(pc, 32 * 1024 * 1024) !== RTC_ERR_SUCCESS) console.error('bad limit');
 * ```
 */
export function rtcSetPeerReceiveLimit(pc: number, maxBytes: number): number {
  const entry = peerEntry(pc);
  if (!entry || !isLimit(maxBytes)) return RTC_ERR_INVALID;
  entry.holdBudget.maxBytes = maxBytes;
  return RTC_ERR_SUCCESS;
}

/**
 * rxdc's own: sets how much the whole process queues for rtcReceiveMessage (and for every other
 * rxdc reader) at most (default 256 MiB). RTC_ERR_INVALID for a limit that is not a whole
 * number >= 1.
 *
 * @example
 * ```ts
 * import { rtcSetProcessReceiveLimit } from '@rxdc/capi-compat';
 * rtcSetProcessReceiveLimit(1024 * 1024 * 1024);
 * ```
 */
export function rtcSetProcessReceiveLimit(maxBytes: number): number {
  if (!isLimit(maxBytes)) return RTC_ERR_INVALID;
  try {
    setMaxProcessHeldBytes(maxBytes);
  } catch (error) {
    if (error instanceof RtcError) return RTC_ERR_INVALID;
    throw error;
  }
  return RTC_ERR_SUCCESS;
}

function isLimit(value: unknown): value is number {
  return (
    typeof value === 'number' && value >= 1 && (Number.isSafeInteger(value) || value === Infinity)
  );
}
