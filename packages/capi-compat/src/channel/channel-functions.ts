// The common channel API of rtc.h: callbacks, send, polling receive, buffered amount, open and
// closed queries, close and delete. An id may be a data channel, a track or a WebSocket.
import { effectiveMessageLimit, resolveHoldLimits, sendBytes } from '@rxdc/native';
import { type IntPointer, isInt, isIntPointer, type MessageData, textUpToNul } from '../buffers.js';
import {
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
  RTC_ERR_TOO_SMALL,
} from '../constants.js';
import { toRtcErr } from '../error-codes.js';
import { callUser, isCallbackArg, tryRead } from '../guard.js';
import { type Callback, type ChannelEntry, channelEntry, isLive, unregister } from '../handles.js';
import { sendOnTrack } from '../media/media-call.js';
import {
  closeChannelNow,
  holdBudgetOf,
  messageSize,
  nativeIsClosed,
  peekMessage,
  resetChannelCallbacks,
  shiftMessage,
} from './channel-events.js';

/**
 * `void (*)(int id, void *user_ptr)`: the open, closed, bufferedAmountLow and available callbacks.
 *
 * @example
 * ```ts
 * import { type rtcOpenCallbackFunc, rtcSetOpenCallback } from '@rxdc/capi-compat';
 * const onOpen: rtcOpenCallbackFunc = (id, ptr) => console.log('open', id, ptr);
 * rtcSetOpenCallback(dc, onOpen);
 * ```
 */
export type rtcOpenCallbackFunc = (id: number, userPtr: unknown) => void;
/**
 * `void (*)(int id, void *user_ptr)`: called once when the channel is closed.
 *
 * @example
 * ```ts
 * import { type rtcClosedCallbackFunc, rtcSetClosedCallback } from '@rxdc/capi-compat';
 * const onClosed: rtcClosedCallbackFunc = (id) => console.log('closed', id);
 * rtcSetClosedCallback(dc, onClosed);
 * ```
 */
export type rtcClosedCallbackFunc = (id: number, userPtr: unknown) => void;
/**
 * `void (*)(int id, const char *error, void *user_ptr)`.
 *
 * @example
 * ```ts
 * import { type rtcErrorCallbackFunc, rtcSetErrorCallback } from '@rxdc/capi-compat';
 * const onError: rtcErrorCallbackFunc = (id, error) => console.error(id, error);
 * rtcSetErrorCallback(dc, onError);
 * ```
 */
export type rtcErrorCallbackFunc = (id: number, error: string, userPtr: unknown) => void;
/**
 * `void (*)(int id, const char *message, int size, void *user_ptr)`: text arrives as a `string`
 * with `size` = -(UTF-8 bytes + 1), binary as a `Uint8Array` with `size` = its length.
 *
 * @example
 * ```ts
 * import { type rtcMessageCallbackFunc, rtcSetMessageCallback } from '@rxdc/capi-compat';
 * const onMessage: rtcMessageCallbackFunc = (id, message, size) =>
 *   console.log(size < 0 ? `text ${message}` : `${size} bytes`);
 * rtcSetMessageCallback(dc, onMessage);
 * ```
 */
export type rtcMessageCallbackFunc = (
  id: number,
  message: string | Uint8Array,
  size: number,
  userPtr: unknown,
) => void;
/**
 * `void (*)(int id, void *user_ptr)`: the buffered amount went down to the threshold.
 *
 * @example
 * ```ts
 * import { type rtcBufferedAmountLowCallbackFunc, rtcSetBufferedAmountLowCallback } from '@rxdc/capi-compat';
 * const onLow: rtcBufferedAmountLowCallbackFunc = (id) => console.log('send more on', id);
 * rtcSetBufferedAmountLowCallback(dc, onLow);
 * ```
 */
export type rtcBufferedAmountLowCallbackFunc = (id: number, userPtr: unknown) => void;
/**
 * `void (*)(int id, void *user_ptr)`: messages became available to rtcReceiveMessage.
 *
 * @example
 * ```ts
 * import { type rtcAvailableCallbackFunc, rtcSetAvailableCallback } from '@rxdc/capi-compat';
 * const onAvailable: rtcAvailableCallbackFunc = (id) => console.log('poll', id);
 * rtcSetAvailableCallback(dc, onAvailable);
 * ```
 */
export type rtcAvailableCallbackFunc = (id: number, userPtr: unknown) => void;

/** The callbacks whose one stored event (it happened while none was set) is replayed when set. */
type ReplayedSlot = 'open' | 'closed' | 'bufferedAmountLow' | 'available';

/** The one setter of the callbacks in {@link ReplayedSlot}. */
function setReplayedCallback(id: number, slot: ReplayedSlot, cb: unknown): number {
  const entry = channelEntry(id);
  if (!entry || !isCallbackArg(cb)) return RTC_ERR_INVALID;
  entry.cbs[slot] = (cb as Callback | null | undefined) ?? null;
  if (cb && entry.stored[slot]) {
    entry.stored[slot] = false;
    callUser(slot, cb as Callback, entry.id, entry.userPtr);
  }
  return RTC_ERR_SUCCESS;
}

/**
 * Sets (or with `null` unsets) the open callback of a data channel, track or WebSocket. An
 * open that happened while none was set is delivered once, at once.
 *
 * @example
 * ```ts
 * import { rtcSetOpenCallback } from '@rxdc/capi-compat';
 * rtcSetOpenCallback(dc, (id, ptr) => console.log('channel', id, 'open'));
 * ```
 */
export function rtcSetOpenCallback(id: number, cb: rtcOpenCallbackFunc | null): number {
  return setReplayedCallback(id, 'open', cb);
}

/**
 * Sets (or unsets) the closed callback of a channel. It fires once; a close that happened
 * while none was set is delivered at once.
 *
 * @example
 * ```ts
 * import { rtcSetClosedCallback } from '@rxdc/capi-compat';
 * rtcSetClosedCallback(dc, (id) => console.log('channel', id, 'closed'));
 * ```
 */
export function rtcSetClosedCallback(id: number, cb: rtcClosedCallbackFunc | null): number {
  return setReplayedCallback(id, 'closed', cb);
}

/**
 * Sets (or unsets) the error callback of a channel; stored errors are delivered at once.
 *
 * @example
 * ```ts
 * import { rtcSetErrorCallback } from '@rxdc/capi-compat';
 * rtcSetErrorCallback(ws, (id, error) => console.error('channel', id, error));
 * ```
 */
export function rtcSetErrorCallback(id: number, cb: rtcErrorCallbackFunc | null): number {
  const entry = channelEntry(id);
  if (!entry || !isCallbackArg(cb)) return RTC_ERR_INVALID;
  entry.cbs.error = cb ?? null;
  if (cb && entry.stored.errors.length > 0) {
    const errors = entry.stored.errors;
    entry.stored.errors = [];
    for (const error of errors)
      if (isLive(entry)) callUser('error', cb, entry.id, error, entry.userPtr);
  }
  return RTC_ERR_SUCCESS;
}

/**
 * Sets (or unsets) the message callback of a channel. Messages queued for rtcReceiveMessage
 * are delivered to it at once, in order; while it is set, nothing is queued.
 *
 * @example
 * ```ts
 * import { rtcSetMessageCallback } from '@rxdc/capi-compat';
 * rtcSetMessageCallback(dc, (id, message, size) => {
 *   if (size < 0) console.log('text', message);
 *   else console.log('binary', size, 'bytes');
 * });
 * ```
 */
export function rtcSetMessageCallback(id: number, cb: rtcMessageCallbackFunc | null): number {
  const entry = channelEntry(id);
  if (!entry || !isCallbackArg(cb)) return RTC_ERR_INVALID;
  entry.cbs.message = cb ?? null;
  // Reading: the lifetime hands what it held to the callback first, in order.
  entry.lifetime.setReading(entry.cbs.message !== null);
  return RTC_ERR_SUCCESS;
}

/**
 * Sets (or unsets) the bufferedAmountLow callback of a channel (never fires for a track, which
 * buffers nothing).
 *
 * @example
 * ```ts
 * import { rtcSetBufferedAmountLowCallback, rtcSetBufferedAmountLowThreshold } from '@rxdc/capi-compat';
 * rtcSetBufferedAmountLowThreshold(dc, 65536);
 * rtcSetBufferedAmountLowCallback(dc, (id) => console.log('room to send on', id));
 * ```
 */
export function rtcSetBufferedAmountLowCallback(
  id: number,
  cb: rtcBufferedAmountLowCallbackFunc | null,
): number {
  return setReplayedCallback(id, 'bufferedAmountLow', cb);
}

/**
 * Sets (or unsets) the available callback: it fires when the receive queue goes from empty to
 * non-empty (only while no message callback is set).
 *
 * @example
 * ```ts
 * import { rtcReceiveMessage, rtcSetAvailableCallback } from '@rxdc/capi-compat';
 * rtcSetAvailableCallback(dc, (id) => {
 *   const buffer = new Uint8Array(65536);
 *   const size = Int32Array.of(buffer.length);
 *   while (rtcReceiveMessage(id, buffer, size) === 0) size[0] = buffer.length;
 * });
 * ```
 */
export function rtcSetAvailableCallback(id: number, cb: rtcAvailableCallbackFunc | null): number {
  return setReplayedCallback(id, 'available', cb);
}

/**
 * Whether the channel exists and is open (false for any bad id).
 *
 * @example
 * ```ts
 * import { rtcIsOpen, rtcSendMessage } from '@rxdc/capi-compat';
 * if (rtcIsOpen(dc)) rtcSendMessage(dc, 'hi', -1);
 * ```
 */
export function rtcIsOpen(id: number): boolean {
  const entry = channelEntry(id);
  if (!entry || entry.closedSeen) return false;
  return tryRead(() => entry.native.isOpen()) === true;
}

/**
 * Whether the channel exists and is closed (not open and not connecting); false for a bad id.
 *
 * @example
 * ```ts
 * import { rtcIsClosed } from '@rxdc/capi-compat';
 * if (rtcIsClosed(dc)) console.log('gone');
 * ```
 */
export function rtcIsClosed(id: number): boolean {
  const entry = channelEntry(id);
  if (!entry) return false;
  return nativeIsClosed(entry);
}

/**
 * Sends a message. `size >= 0`: the first `size` bytes of `data` (a string is taken as its
 * UTF-8 bytes) as a binary message; `size < 0`: `data` as text up to its first NUL. Returns
 * RTC_ERR_SUCCESS whether the message went out or was buffered, RTC_ERR_INVALID for a message
 * larger than the channel's maximum message size (rtcMaxMessageSize).
 *
 * @example
 * ```ts
 * import { rtcSendMessage } from '@rxdc/capi-compat';
 * rtcSendMessage(dc, 'hello', -1); // text
 * rtcSendMessage(dc, new Uint8Array([1, 2, 3]), 3); // binary
 * ```
 */
export function rtcSendMessage(id: number, data: MessageData, size: number): number {
  // The hot path of every sender: one lookup, no closure, no copy of binary data. The checks
  // (type, detached buffer, state, the one effective size limit) are the lifetime's.
  const entry = channelEntry(id);
  if (entry === undefined || !isInt(size)) return RTC_ERR_INVALID;
  try {
    // A transferred (detached) buffer must not even be read here: refused first.
    const checked = sendBytes(data);
    let message: string | Uint8Array;
    if (size >= 0) {
      const bytes = typeof checked === 'string' ? Buffer.from(checked, 'utf8') : checked;
      if (size > bytes.length) return RTC_ERR_INVALID;
      message = size < bytes.length ? bytes.subarray(0, size) : bytes;
    } else {
      message = textUpToNul(checked);
    }
    // A track sends through its media (@rxdc/native): a frame for its packetizer, or an RTP/RTCP
    // packet, checked first (libdatachannel drops a malformed frame or an oversized packet
    // silently).
    if (entry.kind === 'tr')
      return sendOnTrack(
        entry,
        typeof message === 'string' ? Buffer.from(message, 'utf8') : message,
      );
    entry.lifetime.send(message);
    return RTC_ERR_SUCCESS;
  } catch (error) {
    return toRtcErr(error);
  }
}

/**
 * Receives a pending message into `buffer`, C's polling receive. `size` is a one-element
 * `Int32Array` holding the buffer size; on success it gets the message size (binary L, text
 * -(L+1), the text copied with its NUL). A `null` buffer peeks: the size is written, the message
 * stays. RTC_ERR_NOT_AVAIL when nothing is pending or a message callback is set; RTC_ERR_TOO_SMALL
 * (with the size needed written) when the buffer is too small; RTC_ERR_FAILURE once the queue
 * overflowed and every queued message was received (see rtcSetReceiveLimits).
 *
 * @example
 * ```ts
 * import { readCString, rtcReceiveMessage } from '@rxdc/capi-compat';
 * const size = Int32Array.of(0);
 * if (rtcReceiveMessage(dc, null, size) === 0) {
 *   const buffer = new Uint8Array(Math.abs(size[0]!));
 *   size[0] = buffer.length;
 *   rtcReceiveMessage(dc, buffer, size);
 *   console.log(size[0]! < 0 ? readCString(buffer) : buffer);
 * }
 * ```
 */
export function rtcReceiveMessage(id: number, buffer: Uint8Array | null, size: IntPointer): number {
  const entry = channelEntry(id);
  if (!entry || !isIntPointer(size)) return RTC_ERR_INVALID;
  if (buffer !== null && buffer !== undefined && !(buffer instanceof Uint8Array))
    return RTC_ERR_INVALID;
  const capacity = Math.abs(size[0] ?? 0);
  if (buffer && capacity > buffer.length) return RTC_ERR_INVALID;
  if (entry.cbs.message) return RTC_ERR_NOT_AVAIL;
  const message = peekMessage(entry);
  // After a queue overflow (the channel was closed), the queued messages, then a failure.
  if (message === undefined)
    return entry.lifetime.holdOverflowed ? RTC_ERR_FAILURE : RTC_ERR_NOT_AVAIL;
  if (typeof message === 'string') {
    const bytes = Buffer.from(message, 'utf8');
    if (buffer) {
      if (capacity < bytes.length + 1) {
        size[0] = -(bytes.length + 1);
        return RTC_ERR_TOO_SMALL;
      }
      buffer.set(bytes, 0);
      buffer[bytes.length] = 0;
      shiftMessage(entry);
    }
    size[0] = -(bytes.length + 1);
    return RTC_ERR_SUCCESS;
  }
  if (buffer) {
    if (capacity < message.length) {
      size[0] = message.length;
      return RTC_ERR_TOO_SMALL;
    }
    buffer.set(message, 0);
    shiftMessage(entry);
  }
  size[0] = messageSize(message);
  return RTC_ERR_SUCCESS;
}

/**
 * Total bytes pending for rtcReceiveMessage (0 while a message callback is set).
 *
 * @example
 * ```ts
 * import { rtcGetAvailableAmount } from '@rxdc/capi-compat';
 * console.log(rtcGetAvailableAmount(dc), 'bytes waiting');
 * ```
 */
export function rtcGetAvailableAmount(id: number): number {
  const entry = channelEntry(id);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.cbs.message) return 0;
  return entry.lifetime.heldBytes;
}

/**
 * rxdc's own: sets how much a channel queues for rtcReceiveMessage while nobody polls (default
 * 16 MiB and 4,096 messages). node-datachannel cannot pause a channel's reading, so messages are
 * always read and queued; one that does not fit calls the error callback (its message names the
 * limit) and closes the channel (closed callback). The queued messages can still be received;
 * after them rtcReceiveMessage returns RTC_ERR_FAILURE. RTC_ERR_INVALID for a bad id, a limit
 * that is not a whole number >= 1, or limits the messages already queued do not fit in.
 *
 * @example
 * ```ts
 * import { RTC_ERR_SUCCESS, rtcSetReceiveLimits } from '@rxdc/capi-compat';
 * if (rtcSetReceiveLimits(dc, 64 * 1024 * 1024, 10_000) !== RTC_ERR_SUCCESS) console.error('bad limits');
 * ```
 */
export function rtcSetReceiveLimits(id: number, maxBytes: number, maxMessages: number): number {
  const entry = channelEntry(id);
  if (!entry) return RTC_ERR_INVALID;
  let limits: ReturnType<typeof resolveHoldLimits>;
  try {
    limits = resolveHoldLimits(
      { maxHeldBytes: maxBytes, maxHeldMessages: maxMessages },
      holdBudgetOf(entry.pcId),
    );
  } catch {
    return RTC_ERR_INVALID;
  }
  return entry.lifetime.setHoldLimits(limits) ? RTC_ERR_SUCCESS : RTC_ERR_INVALID;
}

/**
 * Bytes buffered for sending on the channel (always 0 for a track).
 *
 * @example
 * ```ts
 * import { rtcGetBufferedAmount } from '@rxdc/capi-compat';
 * if (rtcGetBufferedAmount(dc) > 1 << 20) console.log('slow down');
 * ```
 */
export function rtcGetBufferedAmount(id: number): number {
  const entry = channelEntry(id);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.kind === 'tr' || entry.closedSeen) return 0;
  // Called once per message by flow-controlled senders: no closure here.
  try {
    const amount = entry.native.bufferedAmount();
    return typeof amount === 'number' ? amount : 0;
  } catch {
    return 0;
  }
}

/**
 * Sets the buffered amount at or below which the bufferedAmountLow callback fires (initially 0).
 *
 * @example
 * ```ts
 * import { rtcSetBufferedAmountLowThreshold } from '@rxdc/capi-compat';
 * rtcSetBufferedAmountLowThreshold(dc, 256 * 1024);
 * ```
 */
export function rtcSetBufferedAmountLowThreshold(id: number, amount: number): number {
  const entry = channelEntry(id);
  if (!entry || !isInt(amount) || amount < 0) return RTC_ERR_INVALID;
  if (entry.kind === 'tr') return RTC_ERR_SUCCESS;
  if (entry.closedSeen) return RTC_ERR_FAILURE;
  try {
    entry.native.setBufferedAmountLowThreshold(amount);
    entry.lowThreshold = amount;
    return RTC_ERR_SUCCESS;
  } catch {
    return RTC_ERR_FAILURE;
  }
}

/**
 * The bufferedAmountLow threshold of a channel (0 until set; always 0 for a track). Named in
 * the C API documentation; libdatachannel has no getter, so the value last set with
 * rtcSetBufferedAmountLowThreshold is kept here.
 *
 * @example
 * ```ts
 * import { rtcGetBufferedAmountLowThreshold, rtcSetBufferedAmountLowThreshold } from '@rxdc/capi-compat';
 * rtcSetBufferedAmountLowThreshold(dc, 65536);
 * console.log(rtcGetBufferedAmountLowThreshold(dc)); // 65536
 * ```
 */
export function rtcGetBufferedAmountLowThreshold(id: number): number {
  const entry = channelEntry(id);
  return entry ? entry.lowThreshold : RTC_ERR_INVALID;
}

/**
 * The maximum message size the channel can send (the remote's limit for a data channel).
 *
 * @example
 * ```ts
 * import { rtcMaxMessageSize } from '@rxdc/capi-compat';
 * const limit = rtcMaxMessageSize(dc);
 * ```
 */
export function rtcMaxMessageSize(id: number): number {
  const entry = channelEntry(id);
  if (!entry) return RTC_ERR_INVALID;
  const size = tryRead(() => entry.native.maxMessageSize());
  // The one effective limit (node-datachannel runs one byte above the receive limit).
  return typeof size === 'number' && size > 0
    ? effectiveMessageLimit(size, entry.lifetime.receiveLimit)
    : RTC_ERR_NOT_AVAIL;
}

/**
 * Closes a channel. For a data channel or track the closed callback fires synchronously,
 * once; a WebSocket closes gracefully and its closed callback follows when the close completes.
 * The id stays valid (label, description... still readable) until deleted.
 *
 * @example
 * ```ts
 * import { rtcClose, rtcDelete } from '@rxdc/capi-compat';
 * rtcClose(dc);
 * rtcDelete(dc);
 * ```
 */
export function rtcClose(id: number): number {
  const entry = channelEntry(id);
  if (!entry) return RTC_ERR_INVALID;
  if (entry.kind === 'ws') {
    closeChannelNow(entry, { notify: 'on-confirm' });
    return RTC_ERR_SUCCESS;
  }
  closeChannelNow(entry);
  return RTC_ERR_SUCCESS;
}

/**
 * Deletes a channel of any kind. A data channel or track fires its closed callback
 * synchronously first; a WebSocket is closed gracefully with no further callback. After it
 * returns no callback fires for `id` and the id is invalid.
 *
 * @example
 * ```ts
 * import { rtcDelete } from '@rxdc/capi-compat';
 * rtcDelete(dc);
 * ```
 */
export function rtcDelete(id: number): number {
  const entry = channelEntry(id);
  if (!entry) return RTC_ERR_INVALID;
  deleteChannel(entry, entry.kind === 'ws' ? 'graceful' : 'sync');
  return RTC_ERR_SUCCESS;
}

/**
 * Deletes a channel entry. 'sync': closed fires now (data channel, track, rtcDeleteWebSocket
 * with force); 'graceful': the WebSocket closes in the background without callbacks.
 * @internal
 */
export function deleteChannel(entry: ChannelEntry, mode: 'sync' | 'force' | 'graceful'): void {
  if (mode === 'graceful') {
    resetChannelCallbacks(entry);
    closeChannelNow(entry, { notify: 'on-confirm' });
  } else {
    closeChannelNow(entry, { force: mode === 'force' });
    resetChannelCallbacks(entry);
  }
  unregister(entry);
}
