/** The kinds of native object that rxdc wraps. */
export type LiveObjectKind =
  | 'PeerConnection'
  | 'DataChannel'
  | 'Track'
  | 'WebSocket'
  | 'WebSocketServer';

/**
 * A wrapper of a native object that is still alive: not yet closed, or closed but still
 * waiting for node-datachannel to confirm it. Held strongly here, because node-datachannel
 * closes a channel whose JavaScript object is garbage collected, even in the middle of a
 * transfer.
 *
 * @internal
 */
export interface LiveObject {
  readonly kind: LiveObjectKind;
  /** Closes the object; calling it again does nothing. */
  close(): void;
}

/**
 * What {@link liveObjects} tells about each object still alive.
 *
 * @example
 * ```ts
 * import { liveObjects } from '@rxdc/core';
 * for (const { kind, closing } of liveObjects()) console.log(kind, closing);
 * ```
 */
export interface LiveObjectInfo {
  /** What kind of object it is. */
  readonly kind: LiveObjectKind;
  /** True when `close()` was called and the native side has not confirmed yet. */
  readonly closing: boolean;
}

const live = new Map<LiveObject, { closing: boolean }>();
let settledWaiters: Array<() => void> = [];

/** Keeps `object` (and so its native object) alive until {@link settle} is called. @internal */
export function keepAlive(object: LiveObject): void {
  live.set(object, { closing: false });
}

/** Marks `object` as closing: closed on our side, confirmation pending. @internal */
export function markClosing(object: LiveObject): void {
  const entry = live.get(object);
  if (entry) entry.closing = true;
}

/** Releases `object`: its native side has closed. @internal */
export function settle(object: LiveObject): void {
  if (!live.delete(object) || live.size > 0) return;
  const waiters = settledWaiters;
  settledWaiters = [];
  for (const wake of waiters) wake();
}

/**
 * Lists every native object that rxdc still holds: useful in tests and at shutdown to find a
 * channel or peer that was never closed.
 *
 * @example
 * ```ts
 * import { liveObjects } from '@rxdc/core';
 * afterEach(() => expect(liveObjects()).toEqual([]));
 * ```
 */
export function liveObjects(): LiveObjectInfo[] {
  return [...live].map(([object, entry]) => ({ kind: object.kind, closing: entry.closing }));
}

/** Every live object, channels first, then peers, then servers: the order to close them in. @internal */
export function liveObjectsInCloseOrder(): LiveObject[] {
  const rank: Record<LiveObjectKind, number> = {
    DataChannel: 0,
    Track: 0,
    WebSocket: 0,
    PeerConnection: 1,
    WebSocketServer: 2,
  };
  return [...live.keys()].sort((a, b) => rank[a.kind] - rank[b.kind]);
}

/** Resolves true once no object is alive, or false after `timeoutMs`. @internal */
export function whenNoneAlive(timeoutMs: number): Promise<boolean> {
  if (live.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      settledWaiters = settledWaiters.filter((waiter) => waiter !== wake);
      resolve(false);
    }, timeoutMs);
    const wake = () => {
      clearTimeout(timer);
      resolve(true);
    };
    settledWaiters.push(wake);
  });
}
