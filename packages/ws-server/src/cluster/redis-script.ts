import type { Redis } from 'ioredis';

/**
 * A Lua script run with EVALSHA, sent again with EVAL when Redis no longer knows it (after a
 * restart the script cache is empty). ioredis's `defineCommand` does the same but its commands
 * are untyped; this keeps one typed function per script.
 *
 * @internal
 */
export class RedisScript {
  readonly #lua: string;
  readonly #keys: number;

  constructor(lua: string, keys: number) {
    this.#lua = lua;
    this.#keys = keys;
  }

  run(
    redis: Redis,
    keys: readonly string[],
    args: ReadonlyArray<string | number>,
  ): Promise<unknown> {
    if (keys.length !== this.#keys) throw new Error(`script takes ${this.#keys} keys`);
    const name = `rxdcScript${this.#keys}_${hash(this.#lua)}`;
    const runner = redis as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    if (typeof runner[name] !== 'function') {
      redis.defineCommand(name, { numberOfKeys: this.#keys, lua: this.#lua });
    }
    return runner[name]!(...keys, ...args);
  }
}

/** A short stable name for a script's text (not security relevant). */
function hash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return (h >>> 0).toString(36);
}
