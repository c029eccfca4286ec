import { Observable, type Subscriber } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import { WsServerError } from '../errors/ws-server-error.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { UpgradeRequest } from '../server/admission.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';

/** The WsSocket of a `ws` WebSocket, on the WebSocket (see the constructor). */
const owner = Symbol('WsSocket');
type Owned = WebSocket & { [owner]?: WsSocket };

/** Frames that arrive before a transceiver subscribes wait for it, up to this many. */
const maxHeldFrames = 64;

/**
 * A client accepted by {@link WsServer}: a `ws` WebSocket seen as a {@link SignalingSocket}.
 * Sending checks the client's send buffer first, so a client that stops reading is closed
 * (1008) and dropped instead of having the server buffer for it without end.
 *
 * @internal
 */
export class WsSocket implements SignalingSocket {
  readonly #ws: WebSocket;
  readonly #maxBufferedAmount: number;
  /**
   * Subscribers of `messages$` and `closed$`, in plain lists rather than Subjects: joining a
   * Subject costs a second subscription, and every client is joined twice at its hand-over.
   */
  #receivers: Some<Subscriber<string | Buffer>>;
  #closeWatchers: Some<Subscriber<void>>;
  /** Frames that came before the first subscriber of `messages$`; `null` once it came. */
  #held: Array<string | Buffer> | null | undefined;
  /**
   * The server's own close callbacks: cheaper than subscriptions, and called with this socket
   * so that one function serves every client (a closure per client would hold its context).
   */
  #onClose: Some<(socket: WsSocket) => void>;
  // The lists above hold their one item itself, an array only from two (see `Some`), and the
  // streams below at each read: a server holds thousands of idle clients, and an empty
  // list, a list grown by push (room for 17) or a stream kept per client cost more than
  // the rest of the socket (`ws.conn.heap`, 2026-12-08: 3.2-3.4 KiB per idle connection
  // against 2.5 for bare `ws`; it was 5.5 while each client kept its closures and request).
  #isClosed = false;
  /** Whether the client answered the last keepalive ping. */
  alive = true;

  get messages$(): Observable<string | Buffer> {
    return new Observable((subscriber) => {
      const held = this.#held;
      this.#held = null;
      for (const frame of held ?? []) subscriber.next(frame);
      if (this.#isClosed) {
        subscriber.complete();
        return;
      }
      // No teardown: RxJS would keep it in a list grown to room for 17 per subscriber. An
      // unsubscribed receiver is dropped at the next frame or subscription instead.
      this.#receivers = appended(this.#receivers, subscriber);
    });
  }

  get closed$(): Observable<void> {
    return new Observable((subscriber) => {
      if (this.#isClosed) {
        subscriber.next();
        subscriber.complete();
        return;
      }
      this.#closeWatchers = appended(this.#closeWatchers, subscriber);
    });
  }

  /** The client's upgrade request, for a client a server accepted. */
  readonly request: UpgradeRequest | undefined;

  constructor(ws: WebSocket, maxBufferedAmount: number, request?: UpgradeRequest) {
    this.#ws = ws;
    this.request = request;
    this.#maxBufferedAmount = maxBufferedAmount;
    // One listener function of each kind for every client, finding its socket on the
    // WebSocket: closures per client (and their context) cost more than the property.
    (ws as Owned)[owner] = this;
    ws.on('message', WsSocket.#onMessage);
    ws.on('pong', WsSocket.#onPong);
    // Protocol errors (1007, 1009, ...) are answered by `ws` with the right close code; the
    // close event follows. Nothing else to do, but an 'error' without a listener would throw.
    ws.on('error', ignore);
    // `on`, not `once` (`once` wraps each listener in a bound function and a state object,
    // per client); `ws` emits 'close' once, and #closed makes sure of it.
    ws.on('close', WsSocket.#onClosed);
  }

  static readonly #onMessage = function (this: Owned, data: RawData, isBinary: boolean): void {
    const socket = this[owner];
    if (socket) socket.#received(isBinary ? toBuffer(data) : toBuffer(data).toString('utf8'));
  };

  static readonly #onPong = function (this: Owned): void {
    const socket = this[owner];
    if (socket) socket.alive = true;
  };

  static readonly #onClosed = function (this: Owned): void {
    const socket = this[owner];
    if (socket) socket.#closed();
  };

  #received(frame: string | Buffer): void {
    const held = this.#held;
    if (held !== null) {
      if (held === undefined) this.#held = [frame];
      else if (held.length < maxHeldFrames) held.push(frame);
      // Never dropped silently: a client that sends this much before anyone reads it is
      // closed, and told why.
      else this.close(CloseCode.POLICY_VIOLATION, `more than ${maxHeldFrames} frames unread`);
      return;
    }
    const receivers = this.#receivers;
    if (receivers === undefined) return;
    if (!Array.isArray(receivers)) {
      if (receivers.closed) this.#receivers = undefined;
      else receivers.next(frame);
      return;
    }
    // The list is replaced, never changed, when one subscribes: no copy needed.
    let unsubscribed = false;
    for (const receiver of receivers) {
      if (receiver.closed) unsubscribed = true;
      else receiver.next(frame);
    }
    if (unsubscribed) this.#receivers = open(this.#receivers);
  }

  #closed(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#held = null;
    const receivers = all(this.#receivers);
    const watchers = all(this.#closeWatchers);
    this.#receivers = undefined;
    this.#closeWatchers = undefined;
    for (const receiver of receivers) receiver.complete();
    const callbacks = this.#onClose;
    this.#onClose = undefined;
    for (const callback of all(callbacks)) callback(this);
    for (const watcher of watchers) {
      watcher.next();
      watcher.complete();
    }
  }

  /** Calls `callback` with this socket once the connection has closed (before `closed$` emits). */
  onClose(callback: (socket: WsSocket) => void): void {
    if (this.#isClosed) callback(this);
    else this.#onClose = appended(this.#onClose, callback);
  }

  get isOpen(): boolean {
    return this.#ws.readyState === 1;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Bytes queued for the client and not yet handed to the network. */
  get bufferedAmount(): number {
    return this.#ws.bufferedAmount;
  }

  send(frame: string | Uint8Array): void {
    if (!this.isOpen) {
      throw new WsServerError('CLOSED', 'cannot send: the client connection is not open');
    }
    if (this.#ws.bufferedAmount > this.#maxBufferedAmount) {
      this.close(
        CloseCode.POLICY_VIOLATION,
        `the client stopped reading: more than ${this.#maxBufferedAmount} bytes wait for it`,
      );
      // It does not read, so it will not read the close frame either.
      this.#ws.terminate();
      throw new WsServerError(
        'CLOSED',
        'cannot send: the client stopped reading and was dropped (maxBufferedAmount)',
      );
    }
    this.#ws.send(frame);
  }

  close(code: number = CloseCode.NORMAL, reason = ''): void {
    if (this.#ws.readyState >= 2) return;
    // A close reason holds at most 123 bytes of UTF-8.
    const bytes = Buffer.from(reason, 'utf8');
    const fitted = bytes.length > 123 ? `${bytes.subarray(0, 117).toString('utf8')}...` : reason;
    try {
      this.#ws.close(code, fitted);
    } catch {
      // A code `ws` refuses (outside 1000-4999): close normally rather than not at all.
      this.#ws.close(CloseCode.NORMAL);
    }
  }

  /** Sends a keepalive ping; drops the client if it never answered the previous one. */
  ping(): void {
    if (!this.alive) {
      this.#ws.terminate();
      return;
    }
    this.alive = false;
    if (this.isOpen) this.#ws.ping();
  }

  /** Drops the connection at once, without a close handshake. */
  terminate(): void {
    this.#ws.terminate();
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** The 'error' listener of every client: one function, not one closure per client. */
function ignore(): void {}

/**
 * None, one item (the item itself) or several (an array): these lists mostly hold one item,
 * and an array for it would cost 56 bytes more per client. Items are never arrays.
 */
type Some<T> = T | T[] | undefined;

/**
 * `list` with `item` added (and any subscriber that unsubscribed since left out); an array of
 * exactly that length from two items: `push` would grow an array to room for 17.
 */
function appended<T>(list: Some<T>, item: T): Some<T> {
  const rest = open(list);
  if (rest === undefined) return item;
  return Array.isArray(rest) ? [...rest, item] : [rest, item];
}

/** The items of `list` still subscribed (plain callbacks always are); undefined when none is. */
function open<T>(list: Some<T>): Some<T> {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return isClosed(list) ? undefined : list;
  const rest = list.filter((x) => !isClosed(x));
  return rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : rest;
}

/** The items of `list`, as an array. */
function all<T>(list: Some<T>): readonly T[] {
  return list === undefined ? [] : Array.isArray(list) ? list : [list];
}

function isClosed(item: unknown): boolean {
  return (item as { closed?: boolean }).closed === true;
}
