import type { Duplex } from 'node:stream';

/** A connection as Node's HTTP server gives it at the upgrade (a net or TLS socket). */
type Peer = Duplex & { readonly remoteAddress?: string };

/**
 * The TCP connections a server counts against its limits (handshaking or open), and how many
 * come from each remote address.
 *
 * Reading a socket's remote address is a system call (getpeername), as costly as the rest of
 * the hand-over together; so addresses are read only once the server holds as many
 * connections as the per-address limit, since below that no address can be at it. Counting
 * by address stops again when the server is down to half the limit (a margin, so that a
 * server hovering at the limit does not recount at every client).
 *
 * @internal
 */
export class ConnectionCounts {
  readonly #perAddressLimit: number;
  /** Each connection counted, with its remote address once read. */
  readonly #connections = new Map<Peer, string | undefined>();
  /** Connections per address; only while counting by address (see above). */
  #perAddress: Map<string, number> | undefined;

  constructor(perAddressLimit: number) {
    this.#perAddressLimit = perAddressLimit;
  }

  /** Connections counted now. */
  get size(): number {
    return this.#connections.size;
  }

  /** The remote address of `socket` when that address already has the limit; else undefined. */
  addressAtLimit(socket: Peer): string | undefined {
    if (this.#connections.size < this.#perAddressLimit) return undefined;
    const perAddress = this.#countByAddress();
    const address = addressOf(socket);
    return (perAddress.get(address) ?? 0) >= this.#perAddressLimit ? address : undefined;
  }

  add(socket: Peer): void {
    if (this.#connections.has(socket)) return;
    let address: string | undefined;
    if (this.#perAddress) {
      address = addressOf(socket);
      this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    }
    this.#connections.set(socket, address);
  }

  /** Stops counting `socket`; nothing for one not counted (or already deleted). */
  delete(socket: Peer): void {
    if (!this.#connections.has(socket)) return;
    const address = this.#connections.get(socket);
    this.#connections.delete(socket);
    const perAddress = this.#perAddress;
    if (!perAddress) return;
    if (this.#connections.size < this.#perAddressLimit / 2) {
      this.#perAddress = undefined;
      return;
    }
    // Counting by address, every connection's address was read when it was counted.
    const key = address as string;
    const left = (perAddress.get(key) ?? 1) - 1;
    if (left === 0) perAddress.delete(key);
    else perAddress.set(key, left);
  }

  /** Starts counting by address, reading the address of each connection not yet read. */
  #countByAddress(): Map<string, number> {
    if (this.#perAddress) return this.#perAddress;
    const perAddress = new Map<string, number>();
    for (const [socket, known] of this.#connections) {
      const address = known ?? addressOf(socket);
      if (known === undefined) this.#connections.set(socket, address);
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    }
    this.#perAddress = perAddress;
    return perAddress;
  }
}

/** The socket's remote address; 'unknown' when the connection is already gone. */
function addressOf(socket: Peer): string {
  return socket.remoteAddress ?? 'unknown';
}
