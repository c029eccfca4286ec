import { WsServerError, type WsServerErrorCode } from '../errors/ws-server-error.js';

// biome-ignore lint/suspicious/noExplicitAny: listeners of any signature, with opaque client data
type AnyListener = (...args: any[]) => void;

const nothingThrown: readonly unknown[] = Object.freeze([]);

/**
 * An ordered set of listener functions, each with its opaque client data, as the C API keeps
 * them: adding a function twice and removing an unknown one are errors, and calling them runs
 * every one in the order added even when one throws.
 *
 * @internal
 */
export class ListenerRegistry<L extends AnyListener> {
  readonly #entries = new Map<L, unknown>();
  /**
   * The listeners as `call` runs them: a copy, since a listener may add or remove listeners
   * while being called; made again only after a change (the server calls on every client).
   */
  #snapshot: ReadonlyArray<readonly [L, unknown]> | undefined;

  constructor(
    private readonly what: string,
    private readonly codes: { added: WsServerErrorCode; notFound: WsServerErrorCode },
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  add(listener: L, clientData: unknown): void {
    if (typeof listener !== 'function') {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `a ${this.what} must be a function, got ${typeof listener}`,
      );
    }
    if (this.#entries.has(listener)) {
      throw new WsServerError(
        this.codes.added,
        `this ${this.what} was already added: add each function once (remove it first to change its client data)`,
      );
    }
    this.#entries.set(listener, clientData);
    this.#snapshot = undefined;
  }

  remove(listener: L): void {
    if (!this.#entries.delete(listener)) {
      throw new WsServerError(
        this.codes.notFound,
        `this ${this.what} was never added (or was already removed)`,
      );
    }
    this.#snapshot = undefined;
  }

  /**
   * Calls each listener with `arg`, its client data and `extra` (a later argument a listener
   * may ignore); returns what they threw.
   */
  call(arg: unknown, extra?: unknown): readonly unknown[] {
    let thrown: unknown[] | undefined;
    this.#snapshot ??= [...this.#entries];
    for (const [listener, clientData] of this.#snapshot) {
      try {
        listener(arg, clientData, extra);
      } catch (error) {
        thrown ??= [];
        thrown.push(error);
      }
    }
    return thrown ?? nothingThrown;
  }
}
