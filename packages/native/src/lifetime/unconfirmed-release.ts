import { nativeCleanup } from '../binding.js';
import { loggerReleased } from '../log/log-forwarder.js';
import { processStore } from './process-store.js';
import { settle } from './registry.js';

/**
 * Settles `object` in the registry although node-datachannel never confirmed its close (a
 * channel closed before it was negotiated, a WebSocket client never opened, a close event
 * libdatachannel lost). node-datachannel still holds that object's callbacks, and they keep the
 * process alive until V8 happens to collect the object: measured 7 to 15 s after the last close
 * (an idle-time collection), or never while the application keeps a reference. So once nothing
 * is alive any more, the process calls node-datachannel's `cleanup()` by itself (see
 * {@link runAutoCleanup}).
 *
 * `native` (the node-datachannel object) is kept referenced until then: node-datachannel 0.33's
 * DataChannel, Track and WebSocket wrappers stay in its `instances` set when collected without
 * a confirmed close (their destructor does not remove them), and `cleanup()` then closes freed
 * memory (SIGSEGV in `rtc::WebSocket::close()` from `WebSocketWrapper::CloseAll()`, measured).
 * @internal
 */
export function settleUnconfirmed(object: Parameters<typeof settle>[0], native: object): void {
  const store = processStore();
  store.unconfirmedReleases = true;
  store.unconfirmedNatives ??= new Set();
  store.unconfirmedNatives.add(native);
  warnIfMany(store.unconfirmedNatives.size);
  settle(object);
}

/**
 * How many kept native objects make the process warn (then at each further multiple of ten).
 * They are not capped: dropping one would let V8 free a wrapper node-datachannel still lists,
 * and its `cleanup()` would then touch freed memory. What is left unconfirmed once a never-opened
 * socket is confirmed (see ChannelLifetime) is a close libdatachannel loses: measured 47-127 of
 * 20,000 client WebSockets closed just after they opened. @internal
 */
export const UNCONFIRMED_WARNING_THRESHOLD = 10_000;

/** Emits one process warning each time the kept count reaches a threshold. */
function warnIfMany(size: number): void {
  let threshold = UNCONFIRMED_WARNING_THRESHOLD;
  while (threshold < size) threshold *= 10;
  if (size !== threshold) return;
  process.emitWarning(
    `${size} native objects whose close node-datachannel never confirmed are kept until no rxdc ` +
      'object is alive (node-datachannel would touch freed memory otherwise): a process that is ' +
      'never idle keeps them; shutdown() or closeEverything() releases them',
    { code: 'RXDC_UNCONFIRMED_RELEASES' },
  );
}

/**
 * Forgets the native object of an object settled unconfirmed whose close node-datachannel
 * confirmed after all (node-datachannel no longer holds it). @internal
 */
export function confirmedLate(native: object): void {
  processStore().unconfirmedNatives?.delete(native);
}

/**
 * Schedules {@link runAutoCleanup} when it could run: the registry is empty and an object was
 * released unconfirmed. Called on every settle. @internal
 */
export function scheduleAutoCleanup(): void {
  const store = processStore();
  if (!store.unconfirmedReleases || store.live.size > 0 || store.autoCleanupScheduled) return;
  store.autoCleanupScheduled = true;
  // Never from inside a native callback (cleanup joins libdatachannel's threads), and after the
  // callbacks node-datachannel queued while closing have run.
  setTimeout(runAutoCleanup, 10);
}

/**
 * node-datachannel's `cleanup()`, when it is safe and needed: nothing is alive in the registry
 * (every object was closed first, the one order in which `cleanup()` is known not to crash), an
 * object was released unconfirmed, no log sink wants lines (a logger keeps the process alive
 * by design until its sink is removed), and no `closeEverything()` is running (it calls it).
 * The library can be used again afterwards: libdatachannel starts its threads anew.
 */
function runAutoCleanup(): void {
  const store = processStore();
  store.autoCleanupScheduled = false;
  if (!store.unconfirmedReleases || store.live.size > 0) return;
  if (store.logSinks.size > 0 || store.cleanupRunning) return;
  try {
    nativeCleanup();
  } catch {
    // "cleanup timeout": nothing more can be done from JavaScript.
  }
  loggerReleased();
  unconfirmedReleasesCleaned();
}

/** True when a native object was released unconfirmed since the last cleanup. @internal */
export function hasUnconfirmedReleases(): boolean {
  return processStore().unconfirmedReleases === true;
}

/** Forgets unconfirmed releases once `cleanup()` ran (their native objects may now go). @internal */
export function unconfirmedReleasesCleaned(): void {
  const store = processStore();
  store.unconfirmedReleases = false;
  store.unconfirmedNatives?.clear();
}
