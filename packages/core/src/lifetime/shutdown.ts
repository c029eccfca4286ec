import { loggerInstalled, loggerReleased } from '../log/log-lines.js';
import { nativeCleanup } from '../native/binding.js';
import { liveObjectsInCloseOrder, whenNoneAlive } from './live-objects.js';

/** Options of {@link shutdown}. */
export interface ShutdownOptions {
  /** How long to wait for node-datachannel to confirm every close, in ms. Default 2000. */
  timeoutMs?: number;
}

/**
 * Closes every live object rxdc created (channels, then peers, then servers), waits until
 * node-datachannel has confirmed each close, and releases what would keep the process alive,
 * so that it can exit by itself.
 *
 * node-datachannel's own `cleanup()` is fragile (measured: it segfaults after some workloads
 * even when every object was closed first), and a process whose objects are all closed and
 * confirmed exits without it. So `shutdown()` calls it only when it is the one way left to
 * let the process exit: when the native logger was installed (see {@link logLines}), or when
 * an object did not confirm its close within `timeoutMs`. Objects can be created again
 * afterwards.
 *
 * @example
 * ```ts
 * import { shutdown } from '@rxdc/core';
 * process.once('SIGINT', () => void shutdown());
 * ```
 */
export async function shutdown(options: ShutdownOptions = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  for (const object of liveObjectsInCloseOrder()) object.close();
  const allConfirmed = await whenNoneAlive(timeoutMs);
  if (allConfirmed && !loggerInstalled()) return;
  // Let the callbacks node-datachannel queued while closing run before its resources go.
  await new Promise((resolve) => setTimeout(resolve, 10));
  nativeCleanup();
  loggerReleased();
}
