import { loggerReleased } from '../log/log-lines.js';
import { nativeCleanup } from '../native/binding.js';
import { liveObjectsInCloseOrder, whenNoneAlive } from './live-objects.js';

/** Options of {@link shutdown}. */
export interface ShutdownOptions {
  /** How long to wait for node-datachannel to confirm every close, in ms. Default 2000. */
  timeoutMs?: number;
}

/**
 * Closes every live object rxdc created (channels, then peers, then servers), waits until
 * node-datachannel has confirmed each close, then releases node-datachannel's global
 * resources, so the process can exit by itself.
 *
 * node-datachannel's own `cleanup()` crashes when objects are still closing; this waits for
 * them first. Objects can be created again afterwards.
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
  await whenNoneAlive(timeoutMs);
  // Let the callbacks node-datachannel queued while closing run before its resources go.
  await new Promise((resolve) => setTimeout(resolve, 10));
  nativeCleanup();
  loggerReleased();
}
