import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import { WsServerError } from '../errors/ws-server-error.js';

let loaded: typeof Redis | undefined;

/**
 * ioredis's `Redis` class, loaded on first use rather than imported: ioredis is an optional
 * peer dependency, and an app that uses a cluster without having installed it must be told
 * what to install, not get a bare "Cannot find module" before any of its code runs.
 *
 * @throws {@link WsServerError} `DEPENDENCY_MISSING` when ioredis cannot be loaded.
 * @internal
 */
export function loadRedis(): typeof Redis {
  if (loaded) return loaded;
  try {
    const required = createRequire(import.meta.url)('ioredis') as { Redis?: typeof Redis };
    if (typeof required.Redis !== 'function') throw new Error('ioredis has no Redis export');
    loaded = required.Redis;
    return loaded;
  } catch (error) {
    throw new WsServerError(
      'DEPENDENCY_MISSING',
      `@rxdc/ws-server/cluster needs ioredis 6, an optional peer dependency: install it beside @rxdc/ws-server (npm install ioredis@^6) (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      { cause: error },
    );
  }
}
