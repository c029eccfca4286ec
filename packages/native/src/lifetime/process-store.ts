import type { LogLevel } from '../binding.js';
import type { HoldBudget } from '../hold/hold-budget.js';

/**
 * The kinds of native object that rxdc wraps.
 *
 * @example
 * ```ts
 * import { type LiveObjectKind, liveObjects } from '@rxdc/native';
 * const peers = liveObjects().filter((o) => o.kind === ('PeerConnection' satisfies LiveObjectKind));
 * ```
 */
export type LiveObjectKind =
  | 'PeerConnection'
  | 'DataChannel'
  | 'Track'
  | 'WebSocket'
  | 'WebSocketServer';

/**
 * A wrapper of a native object that is still alive: not yet closed, or closed but still
 * waiting for node-datachannel to confirm it.
 *
 * @example
 * ```ts
 * import type { LiveObject } from '@rxdc/native';
 * const server: LiveObject = { kind: 'WebSocketServer', close() {} };
 * ```
 */
export interface LiveObject {
  /** What kind of native object it wraps. */
  readonly kind: LiveObjectKind;
  /** Closes the object; calling it again does nothing. */
  close(): void;
}

/** A log destination of the one native logger. @internal */
interface LogSink {
  readonly level: LogLevel;
  readonly write: (level: LogLevel, message: string) => void;
}

/**
 * Everything that must exist once per process, whatever copies of @rxdc/native are loaded
 * (its ESM and CommonJS builds, or two installed versions): native objects, node-datachannel's
 * single logger slot and its `cleanup()` are all process-wide.
 *
 * @internal
 */
interface ProcessStore {
  /** Raised only when the shape below changes incompatibly. */
  readonly version: 1;
  readonly live: Map<LiveObject, { closing: boolean }>;
  settledWaiters: Array<() => void>;
  /** Bumped on every new object, so a pending cleanup can see that the library is in use again. */
  generation: number;
  readonly logSinks: Set<LogSink>;
  installedLogLevel: LogLevel | 'None';
  loggerInstalled: boolean;
  cleanupRunning: Promise<void> | undefined;
  /**
   * Native objects were released from the registry without node-datachannel's confirmation:
   * their callbacks still keep the process alive until they are collected or `cleanup()` runs.
   */
  unconfirmedReleases?: boolean;
  /** Their native objects, kept from collection until `cleanup()` ran (see unconfirmed-release.ts). */
  unconfirmedNatives?: Set<object>;
  /** An automatic `cleanup()` is scheduled (see unconfirmed-release.ts). */
  autoCleanupScheduled?: boolean;
  /** What the whole process holds for missing readers (created on first use). */
  holdBudget?: HoldBudget;
}

const key = Symbol.for('rxdc.native.registry');
const version = 1;

function createStore(): ProcessStore {
  return {
    version,
    live: new Map(),
    settledWaiters: [],
    generation: 0,
    logSinks: new Set(),
    installedLogLevel: 'None',
    loggerInstalled: false,
    cleanupRunning: undefined,
  };
}

/**
 * The process's store, created by the first copy of @rxdc/native that loads and shared by
 * every later one through `globalThis[Symbol.for('rxdc.native.registry')]`.
 *
 * @internal
 */
export function processStore(): ProcessStore {
  const holder = globalThis as unknown as Record<symbol, ProcessStore | undefined>;
  let store = holder[key];
  if (store === undefined) {
    store = createStore();
    Object.defineProperty(globalThis, key, { value: store, enumerable: false });
  } else if (store.version !== version || !(store.live instanceof Map)) {
    throw new Error(
      `@rxdc/native: an incompatible copy (store version ${String(store.version)}, this one ${version}) ` +
        'is already loaded in this process; install one version of the @rxdc packages',
    );
  }
  return store;
}
