import { processStore } from '../lifetime/process-store.js';
import { limit } from './limit-check.js';

/**
 * Bytes that many holds share: every {@link BoundedHold} of a peer connection (its channels'
 * and tracks' held messages, whether the channels were taken or not) charges the peer's budget,
 * and every peer's budget charges the process's. A per-channel limit alone lets a remote that
 * opens many channels make us hold channels × limit (measured: 40 channels of 15 MiB raised RSS
 * by 606 MiB taken-but-unread, 968 MiB never taken); a budget bounds the sum. A message that
 * does not fit in its hold's budget (or in any budget above it) is refused like one over the
 * hold's own limit: the hold overflows, and its owner reports `HOLD_OVERFLOW` and closes it.
 *
 * @example
 * ```ts
 * import { BoundedHold, HoldBudget } from '@rxdc/native';
 * const peer = new HoldBudget(1000, 'maxPeerHeldBytes');
 * const a = new BoundedHold<string>({ maxBytes: 800, maxCount: 10, budget: peer }, (s) => s.length);
 * const b = new BoundedHold<string>({ maxBytes: 800, maxCount: 10, budget: peer }, (s) => s.length);
 * a.push('x'.repeat(600)); // true
 * b.push('y'.repeat(600)); // false: the peer's 1,000 bytes are spent
 * ```
 */
export class HoldBudget {
  /** The option that sets this budget, named in `HOLD_OVERFLOW` messages. */
  readonly option: string;
  /** The budget this one also charges (the process's for a peer's), if any. */
  readonly parent: HoldBudget | undefined;
  #maxBytes: number;
  #bytes = 0;

  constructor(maxBytes: number, option: string, parent?: HoldBudget) {
    this.#maxBytes = maxBytes;
    this.option = option;
    this.parent = parent;
  }

  /** The most bytes held under this budget at once. */
  get maxBytes(): number {
    return this.#maxBytes;
  }

  /** Changes the limit; bytes already held stay held (later charges see the new limit). */
  set maxBytes(value: number) {
    this.#maxBytes = value;
  }

  /** Bytes held under this budget now (its holds and those of budgets below it). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Charges `bytes` to this budget and every budget above it, or to none: undefined when
   * charged, else the budget (this one or one above) that has no room.
   */
  charge(bytes: number): HoldBudget | undefined {
    if (this.#bytes + bytes > this.#maxBytes) return this;
    const full = this.parent?.charge(bytes);
    if (full) return full;
    this.#bytes += bytes;
    return undefined;
  }

  /** Gives back `bytes` charged earlier, here and above. */
  release(bytes: number): void {
    if (bytes <= 0) return;
    this.#bytes = Math.max(0, this.#bytes - bytes);
    this.parent?.release(bytes);
  }
}

/**
 * Default bytes held for missing readers per peer connection (across its channels and tracks)
 * and per WebSocket server (across its accepted sockets): 64 MiB, four channels' worth of the
 * per-channel default.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_PEER_HELD_BYTES } from '@rxdc/native';
 * console.log(DEFAULT_MAX_PEER_HELD_BYTES / 1024 / 1024, 'MiB per peer');
 * ```
 */
export const DEFAULT_MAX_PEER_HELD_BYTES = 64 * 1024 * 1024;

/**
 * Default bytes held for missing readers by the whole process (every peer, socket and server):
 * 256 MiB, which a small server can live with.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_PROCESS_HELD_BYTES } from '@rxdc/native';
 * console.log(DEFAULT_MAX_PROCESS_HELD_BYTES / 1024 / 1024, 'MiB per process');
 * ```
 */
export const DEFAULT_MAX_PROCESS_HELD_BYTES = 256 * 1024 * 1024;

/**
 * The process's budget, shared by every copy of @rxdc/native loaded (ESM, CommonJS, two
 * versions): what the whole process holds for missing readers. Change its limit with
 * {@link setMaxProcessHeldBytes}.
 *
 * @example
 * ```ts
 * import { processHoldBudget } from '@rxdc/native';
 * console.log(`${processHoldBudget().bytes} bytes held for missing readers`);
 * ```
 */
export function processHoldBudget(): HoldBudget {
  const store = processStore();
  store.holdBudget ??= new HoldBudget(DEFAULT_MAX_PROCESS_HELD_BYTES, 'maxProcessHeldBytes');
  return store.holdBudget;
}

/**
 * A new budget for one peer connection or server (`maxPeerHeldBytes`, default
 * {@link DEFAULT_MAX_PEER_HELD_BYTES}), charging the process's budget too.
 *
 * @throws {@link RtcError} `INVALID_CONFIG` when the value is not a whole number >= 1 (or Infinity).
 * @example
 * ```ts
 * import { peerHoldBudget, resolveHoldLimits } from '@rxdc/native';
 * const perChannel = resolveHoldLimits(undefined, peerHoldBudget(32 * 1024 * 1024));
 * ```
 */
export function peerHoldBudget(maxPeerHeldBytes?: unknown): HoldBudget {
  return new HoldBudget(
    limit('maxPeerHeldBytes', maxPeerHeldBytes, DEFAULT_MAX_PEER_HELD_BYTES),
    'maxPeerHeldBytes',
    processHoldBudget(),
  );
}

/**
 * Sets what the whole process holds for missing readers at most (default
 * {@link DEFAULT_MAX_PROCESS_HELD_BYTES}); bytes already held stay held.
 *
 * @throws {@link RtcError} `INVALID_CONFIG` when the value is not a whole number >= 1 (or Infinity).
 * @example
 * ```ts
 * import { setMaxProcessHeldBytes } from '@rxdc/native';
 * setMaxProcessHeldBytes(1024 * 1024 * 1024); // a server with memory to spare
 * ```
 */
export function setMaxProcessHeldBytes(maxBytes: number): void {
  processHoldBudget().maxBytes = limit(
    'maxProcessHeldBytes',
    maxBytes,
    DEFAULT_MAX_PROCESS_HELD_BYTES,
  );
}
