import { type LiveObject, type LiveObjectKind, processStore } from './process-store.js';
import { scheduleAutoCleanup } from './unconfirmed-release.js';

/**
 * What {@link liveObjects} tells about each object still alive.
 *
 * @example
 * ```ts
 * import { liveObjects } from '@rxdc/native';
 * for (const { kind, closing } of liveObjects()) console.log(kind, closing);
 * ```
 */
export interface LiveObjectInfo {
  /** What kind of object it is. */
  readonly kind: LiveObjectKind;
  /** True when `close()` was called and the native side has not confirmed yet. */
  readonly closing: boolean;
}

/**
 * Keeps `object` (and so its native object) alive until {@link settle} is called: node-datachannel
 * closes a channel whose JavaScript object is garbage collected, even in the middle of a transfer.
 *
 * @example
 * ```ts
 * import { keepAlive, settle } from '@rxdc/native';
 * const server = { kind: 'WebSocketServer' as const, close: () => settle(server) };
 * keepAlive(server);
 * server.close();
 * ```
 */
export function keepAlive(object: LiveObject): void {
  const store = processStore();
  store.generation += 1;
  store.live.set(object, { closing: false });
}

/**
 * Marks `object` as closing: closed on our side, confirmation pending.
 *
 * @example
 * ```ts
 * import { markClosing } from '@rxdc/native';
 * markClosing({ kind: 'WebSocket', close() {} }); // unknown objects are ignored
 * ```
 */
export function markClosing(object: LiveObject): void {
  const entry = processStore().live.get(object);
  if (entry) entry.closing = true;
}

/**
 * Releases `object`: its native side has closed.
 *
 * @example
 * ```ts
 * import { settle } from '@rxdc/native';
 * settle({ kind: 'WebSocket', close() {} }); // unknown objects are ignored
 * ```
 */
export function settle(object: LiveObject): void {
  const store = processStore();
  if (!store.live.delete(object) || store.live.size > 0) return;
  const waiters = store.settledWaiters;
  store.settledWaiters = [];
  for (const wake of waiters) wake();
  scheduleAutoCleanup();
}

/**
 * Lists every native object that rxdc still holds, from every rxdc package and copy loaded in
 * the process: useful in tests and at shutdown to find a channel or peer that was never closed.
 *
 * @example
 * ```ts
 * import { liveObjects } from '@rxdc/native';
 * if (liveObjects().length > 0) console.warn('still open:', liveObjects());
 * ```
 */
export function liveObjects(): LiveObjectInfo[] {
  return [...processStore().live].map(([object, entry]) => ({
    kind: object.kind,
    closing: entry.closing,
  }));
}

const closeRank: Record<LiveObjectKind, number> = {
  DataChannel: 0,
  Track: 0,
  WebSocket: 0,
  PeerConnection: 1,
  WebSocketServer: 2,
};

/** Every live object, channels first, then peers, then servers: the order to close them in. @internal */
export function liveObjectsInCloseOrder(): LiveObject[] {
  return [...processStore().live.keys()].sort((a, b) => closeRank[a.kind] - closeRank[b.kind]);
}

/** Resolves true once no object is alive, or false after `timeoutMs`. @internal */
export function whenNoneAlive(timeoutMs: number): Promise<boolean> {
  const store = processStore();
  if (store.live.size === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      store.settledWaiters = store.settledWaiters.filter((waiter) => waiter !== wake);
      resolve(false);
    }, timeoutMs);
    const wake = () => {
      clearTimeout(timer);
      resolve(true);
    };
    store.settledWaiters.push(wake);
  });
}
