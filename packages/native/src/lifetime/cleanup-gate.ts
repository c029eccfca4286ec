import { nativeCleanup } from '../binding.js';
import { loggerInstalled, loggerReleased } from '../log/log-forwarder.js';
import { processStore } from './process-store.js';
import { liveObjectsInCloseOrder, settle, whenNoneAlive } from './registry.js';
import { hasUnconfirmedReleases, unconfirmedReleasesCleaned } from './unconfirmed-release.js';

/**
 * Options of {@link closeEverything}.
 *
 * @example
 * ```ts
 * import type { CloseEverythingOptions } from '@rxdc/native';
 * const options: CloseEverythingOptions = { timeoutMs: 5000 };
 * ```
 */
export interface CloseEverythingOptions {
  /** How long to wait for node-datachannel to confirm every close, in ms. Default 2000. */
  timeoutMs?: number;
}

/**
 * The one cleanup gate of the process (core's `shutdown()` and capi-compat's `rtcCleanup()`
 * both go through it): closes every live object of every rxdc package (channels, then peers,
 * then servers), waits until node-datachannel has confirmed each close, and releases what
 * would keep the process alive.
 *
 * node-datachannel's `cleanup()` is fragile (measured: it segfaults after some workloads even
 * when every object was closed first), and a process whose objects are all closed and
 * confirmed exits without it. So it is called only when it is the one way left: when the
 * native logger was installed, or when an object did not confirm its close in time. It is not
 * called when new objects were created meanwhile (the library is in use again). Calls made
 * while one is running share it.
 *
 * @example
 * ```ts
 * import { closeEverything } from '@rxdc/native';
 * process.once('SIGINT', () => void closeEverything());
 * ```
 */
export function closeEverything(options: CloseEverythingOptions = {}): Promise<void> {
  const store = processStore();
  for (const object of liveObjectsInCloseOrder()) object.close();
  const running = store.cleanupRunning ?? run(options.timeoutMs ?? 2000);
  store.cleanupRunning = running;
  return running;
}

async function run(timeoutMs: number): Promise<void> {
  const store = processStore();
  try {
    const allConfirmed = await whenNoneAlive(timeoutMs);
    // An object released unconfirmed still holds native callbacks that keep the process alive.
    if (allConfirmed && !loggerInstalled() && !hasUnconfirmedReleases()) return;
    const generation = store.generation;
    // Let the callbacks node-datachannel queued while closing run before its resources go.
    await new Promise((resolve) => setTimeout(resolve, 10));
    if (store.generation !== generation && store.live.size > 0) return;
    try {
      nativeCleanup();
    } catch {
      // "cleanup timeout": nothing more can be done from JavaScript.
    }
    loggerReleased();
    unconfirmedReleasesCleaned();
    // node-datachannel has released every native object: one whose close was never confirmed
    // is gone too, and must not be reported alive (nor kept) any more.
    for (const object of [...store.live.keys()]) settle(object);
  } finally {
    store.cleanupRunning = undefined;
  }
}
