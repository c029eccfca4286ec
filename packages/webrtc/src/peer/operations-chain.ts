/**
 * WebRTC 1.0's operations chain (section 4.4.1.2): createOffer, createAnswer,
 * setLocalDescription, setRemoteDescription and addIceCandidate run one after the other, each
 * once the previous one settled; the first runs at once. Once the connection is closed, an
 * operation's promise never settles (the spec aborts those steps) and no further one runs.
 *
 * @internal
 */
export class OperationsChain {
  readonly #isClosed: () => boolean;
  readonly #onEmpty: () => void;
  readonly #operations: Array<() => void> = [];

  /** `onEmpty` runs each time the chain empties (to update the negotiation-needed flag). */
  constructor(isClosed: () => boolean, onEmpty: () => void) {
    this.#isClosed = isClosed;
    this.#onEmpty = onEmpty;
  }

  /** How many operations are queued or running. */
  get length(): number {
    return this.#operations.length;
  }

  /** Chains `operation`; its result (or exception) settles the returned promise. */
  chain<T>(operation: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        let result: Promise<T>;
        try {
          result = Promise.resolve(operation());
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => this.#settle(() => resolve(value)),
          (error) => this.#settle(() => reject(error)),
        );
      };
      this.#operations.push(run);
      if (this.#operations.length === 1) run();
    });
  }

  #settle(settle: () => void): void {
    if (this.#isClosed()) return;
    settle();
    this.#operations.shift();
    const next = this.#operations[0];
    if (next) next();
    else this.#onEmpty();
  }
}
