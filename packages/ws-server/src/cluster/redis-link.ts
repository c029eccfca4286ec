import type { Redis, RedisOptions } from 'ioredis';
import type { ResolvedClusterOptions } from './cluster-options.js';
import { loadRedis } from './load-ioredis.js';

/**
 * A node's two connections to Redis: one for commands, one subscribed to the node's inbox
 * channel (a subscribed connection can do nothing else). Both fail fast while Redis is away
 * and reconnect by themselves; `up` says whether both are ready and the inbox subscribed.
 *
 * @internal
 */
export class RedisLink {
  /** The connection for commands (scripts, publishes, pipelines). */
  readonly commands: Redis;
  readonly #subscriber: Redis;
  #subscribed = false;

  /**
   * @param inbox the channel to subscribe to
   * @param onMessage called with each inbox message (it must not throw)
   * @param onChange called whenever `up` may have changed
   * @param onError called with each connection error (every failed reconnection too)
   */
  constructor(
    options: ResolvedClusterOptions,
    inbox: string,
    onMessage: (text: string) => void,
    onChange: () => void,
    onError: (error: Error) => void,
  ) {
    this.commands = connection(options, 'cmd');
    const subscriber = connection(options, 'sub');
    this.#subscriber = subscriber;
    subscriber.on('ready', () => {
      subscriber.subscribe(inbox).then(
        () => {
          this.#subscribed = true;
          onChange();
        },
        // Redis went away again: the next 'ready' subscribes again.
        () => {},
      );
    });
    subscriber.on('close', () => {
      this.#subscribed = false;
    });
    subscriber.on('messageBuffer', (_channel: Buffer, message: Buffer) =>
      onMessage(message.toString('utf8')),
    );
    this.commands.on('ready', onChange);
    for (const client of [this.commands, subscriber]) {
      client.on('close', onChange);
      client.on('end', onChange);
      // ioredis reports every failed reconnection here; the node reports the outage once.
      client.on('error', onError);
    }
    this.commands.connect().catch(() => {});
    subscriber.connect().catch(() => {});
  }

  /** Both connections ready and the inbox subscribed. */
  get up(): boolean {
    return (
      this.commands.status === 'ready' && this.#subscriber.status === 'ready' && this.#subscribed
    );
  }

  /**
   * Runs `last` on the command connection if it is up (a goodbye), then closes both
   * connections and stops their reconnecting. Never rejects.
   */
  async close(last: (redis: Redis) => Promise<unknown>): Promise<void> {
    if (this.commands.status === 'ready') {
      await last(this.commands).catch(() => {});
      await this.commands.quit().catch(() => {});
    }
    if (this.#subscriber.status === 'ready') await this.#subscriber.quit().catch(() => {});
    this.commands.disconnect();
    this.#subscriber.disconnect();
    this.#subscribed = false;
  }
}

function connection(options: ResolvedClusterOptions, role: string): Redis {
  const own: RedisOptions = {
    lazyConnect: true,
    // Fail at once while Redis is away instead of queueing without bound: the node serves
    // locally meanwhile.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    commandTimeout: options.commandTimeoutMs,
    connectTimeout: options.commandTimeoutMs,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), 1000),
    connectionName: `rxdc-${options.nodeId}-${role}`,
  };
  const { redis } = options;
  const RedisClient = loadRedis();
  return typeof redis === 'string'
    ? new RedisClient(redis, own)
    : new RedisClient({ ...(redis as RedisOptions), ...own });
}
