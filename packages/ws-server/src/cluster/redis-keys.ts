/**
 * The names of everything a cluster keeps in Redis. The namespace sits in braces, a Redis
 * Cluster hash tag, so that one namespace's keys share a slot and the Lua scripts may touch
 * them together.
 *
 * - `rxdc:{ns}:nodes`: sorted set of node ids, scored by when their advertisement expires
 * - `rxdc:{ns}:node:<id>`: hash of one node's free transceivers, `path:<path>` and `any`
 *   (transceivers added without a path), expiring with the heartbeat
 * - `rxdc:{ns}:claim:<session>`: one relayed session's claim, `<from> <to> <path>`, with a TTL
 *   its owner refreshes
 * - channel `rxdc:{ns}:inbox:<id>`: every relay message addressed to one node
 *
 * @internal
 */
export class RedisKeys {
  readonly nodes: string;
  readonly #prefix: string;

  constructor(namespace: string) {
    this.#prefix = `rxdc:{${namespace}}:`;
    this.nodes = `${this.#prefix}nodes`;
  }

  node(id: string): string {
    return `${this.#prefix}node:${id}`;
  }

  claim(session: string): string {
    return `${this.#prefix}claim:${session}`;
  }

  inbox(id: string): string {
    return `${this.#prefix}inbox:${id}`;
  }
}
