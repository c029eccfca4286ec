// Channel events (data channels, tracks, WebSockets): native callbacks are installed once, at
// creation, and feed the C semantics kept in JS: stored events replayed when a callback is set,
// the polling receive queue (held by the lifetime), closed fired once and synchronously on close/delete, and no
// callback for an id once it is deleted.
import {
  ChannelLifetime,
  type NativeDataChannel as DataChannel,
  type HoldBudget,
  processHoldBudget,
  resolveHoldLimits,
  type NativeTrack as Track,
  type NativeWebSocket as WebSocket,
} from '@rxdc/native';
import { utf8Length } from '../buffers.js';
import { callUser, reportError, tryRead } from '../guard.js';
import { type ChannelEntry, isLive, peerEntry } from '../handles.js';

type AnyNative = DataChannel | Track | WebSocket;
const lifetimeKinds = { dc: 'DataChannel', tr: 'Track', ws: 'WebSocket' } as const;
type MessageCallback = (
  id: number,
  message: string | Uint8Array,
  size: number,
  ptr: unknown,
) => void;

/**
 * The budget a channel's receive queue charges: its peer's (shared by the peer's channels and
 * tracks), or the process's for a WebSocket. @internal
 */
export function holdBudgetOf(pcId: number): HoldBudget {
  return peerEntry(pcId)?.holdBudget ?? processHoldBudget();
}

/**
 * Creates the entry record of a channel, with its @rxdc/native lifetime: the native callbacks
 * are installed once, in the layer's order, and feed the C semantics kept here.
 * @internal
 */
export function newChannelEntry(
  id: number,
  kind: 'dc' | 'tr' | 'ws',
  native: AnyNative,
  pcId: number,
  userPtr: unknown,
  accepted = false,
  receiveLimit?: number,
): ChannelEntry {
  const lifetime = new ChannelLifetime<string | Buffer | ArrayBuffer>(
    lifetimeKinds[kind],
    native,
    {
      message: (message) => emitMessage(entry, asMessage(message)),
      open: () => emitOpen(entry),
      // A HOLD_OVERFLOW comes here too (once), then the lifetime closes the channel.
      error: (error) => emitError(entry, error),
      bufferedAmountLow: () => emitBufferedAmountLow(entry),
      closed: () => emitClosed(entry),
      held: () => emitAvailable(entry),
    },
    {
      report: (error) => reportError('native', error),
      accepted,
      // Messages wait in the lifetime for rtcReceiveMessage while no message callback is set.
      holdUntilRead: true,
      describe: () => `channel ${id}`,
      ...(receiveLimit !== undefined && { receiveLimit }),
    },
  );
  // Its queue charges its peer's budget too (rtcSetPeerReceiveLimit), and the process's.
  lifetime.setHoldLimits(resolveHoldLimits(undefined, holdBudgetOf(pcId)));
  // The callers pair each kind with its native object.
  const entry = {
    id,
    kind,
    native,
    lifetime,
    pcId,
    userPtr,
    cbs: {
      open: null,
      closed: null,
      error: null,
      message: null,
      bufferedAmountLow: null,
      available: null,
    },
    stored: { open: false, closed: false, errors: [], bufferedAmountLow: false, available: false },
    lowThreshold: 0,
    get closedSeen(): boolean {
      return lifetime.phase === 'closed';
    },
    label: '',
    protocol: '',
    stream: -1,
    reliability: null,
    mid: '',
    direction: 'Unknown',
    media: null,
    path: undefined,
    remoteAddress: undefined,
  } as ChannelEntry;
  return entry;
}

/** Refreshes cached values that may change while the channel lives. @internal */
export function refreshCache(entry: ChannelEntry): void {
  if (entry.kind === 'dc') {
    const id = tryRead(() => entry.native.getId());
    if (typeof id === 'number' && id >= 0 && id <= 65534) entry.stream = id;
  } else if (entry.kind === 'ws') {
    const ws = entry.native;
    const path = tryRead(() => ws.path());
    if (typeof path === 'string') entry.path = path;
    const addr = tryRead(() => ws.remoteAddress());
    if (typeof addr === 'string') entry.remoteAddress = addr;
  } else {
    const dir = tryRead(() => entry.native.direction());
    if (typeof dir === 'string') entry.direction = dir;
  }
}

/** @internal */
function emitOpen(entry: ChannelEntry): void {
  // The lifetime reports an open once, and never after a close.
  if (!isLive(entry)) return;
  refreshCache(entry);
  const cb = entry.cbs.open;
  if (cb) callUser('open', cb, entry.id, entry.userPtr);
  else entry.stored.open = true;
}

/** @internal */
function emitClosed(entry: ChannelEntry): void {
  // The lifetime reports a close once.
  if (!isLive(entry)) return;
  const cb = entry.cbs.closed;
  if (cb) callUser('closed', cb, entry.id, entry.userPtr);
  else entry.stored.closed = true;
}

/** @internal */
function emitError(entry: ChannelEntry, error: string): void {
  if (!isLive(entry)) return;
  const cb = entry.cbs.error;
  if (cb) callUser('error', cb, entry.id, error, entry.userPtr);
  else entry.stored.errors.push(error);
}

/** @internal */
function emitBufferedAmountLow(entry: ChannelEntry): void {
  if (!isLive(entry)) return;
  const cb = entry.cbs.bufferedAmountLow;
  if (cb) callUser('bufferedAmountLow', cb, entry.id, entry.userPtr);
  else entry.stored.bufferedAmountLow = true;
}

/** @internal */
function emitAvailable(entry: ChannelEntry): void {
  if (!isLive(entry)) return;
  const cb = entry.cbs.available;
  if (cb) callUser('available', cb, entry.id, entry.userPtr);
  else entry.stored.available = true;
}

/** Size C reports for a message: binary L, text -(L+1). @internal */
export function messageSize(message: string | Uint8Array): number {
  return typeof message === 'string' ? -(utf8Length(message) + 1) : message.length;
}

/** node-datachannel gives a string or a Buffer; an ArrayBuffer is wrapped, not copied. @internal */
export function asMessage(message: string | Buffer | ArrayBuffer): string | Uint8Array {
  return typeof message === 'string' || message instanceof Uint8Array
    ? message
    : new Uint8Array(message);
}

/** @internal */
function emitMessage(entry: ChannelEntry, message: string | Uint8Array): void {
  if (!isLive(entry)) return;
  const cb = entry.cbs.message as MessageCallback | null;
  if (cb === null) return; // the lifetime holds while no callback is set (setReading)
  // The hot path of every receiver: the one guard, with fixed arity (nothing allocated).
  callUser('message', cb, entry.id, message, messageSize(message), entry.userPtr);
}

/** Next queued message, without removing it. @internal */
export function peekMessage(entry: ChannelEntry): string | Uint8Array | undefined {
  const message = entry.lifetime.peekHeld();
  return message === undefined ? undefined : asMessage(message);
}

/** Removes the next queued message. @internal */
export function shiftMessage(entry: ChannelEntry): void {
  entry.lifetime.takeHeld();
}

/**
 * Closes a channel the C way: closed fires synchronously, once (for a WebSocket's graceful
 * close, `notify: 'on-confirm'` waits for the close to complete). The close rules live in
 * @rxdc/native's lifetime.
 * @internal
 */
export function closeChannelNow(
  entry: ChannelEntry,
  options: { force?: boolean; notify?: 'now' | 'on-confirm' } = {},
): void {
  // With notify 'now' the lifetime reports the close (emitClosed) before returning.
  entry.lifetime.close(options);
}

/** Removes every callback of an entry (rtcDelete, rtcCleanup). @internal */
export function resetChannelCallbacks(entry: ChannelEntry): void {
  const cbs = entry.cbs;
  cbs.open = cbs.closed = cbs.error = cbs.message = cbs.bufferedAmountLow = cbs.available = null;
}

/** Whether the native side already reports the channel as closed. @internal */
export function nativeIsClosed(entry: ChannelEntry): boolean {
  if (entry.lifetime.phase === 'closed') return true;
  if (entry.kind === 'tr') return tryRead(() => entry.native.isClosed()) === true;
  return false;
}
