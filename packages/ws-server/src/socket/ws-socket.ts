import { Observable, type Subscriber } from 'rxjs';
import type { RawData, WebSocket } from 'ws';
import { WsServerError } from '../errors/ws-server-error.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { UpgradeRequest } from '../server/admission.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';

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
  readonly #receivers: Subscriber<string | Buffer>[] = [];
  readonly #closeWatchers: Subscriber<void>[] = [];
  #held: Array<string | Buffer> | undefined = [];
  /** The server's own close callbacks: cheaper than subscriptions, one per client each. */
  readonly #onClose: Array<() => void> = [];
  #isClosed = false;
  /** Whether the client answered the last keepalive ping. */
  alive = true;

  readonly messages$: Observable<string | Buffer> = new Observable((subscriber) => {
    const held = this.#held;
    this.#held = undefined;
    for (const frame of held ?? []) subscriber.next(frame);
    if (this.#isClosed) {
      subscriber.complete();
      return;
    }
    this.#receivers.push(subscriber);
    return () => remove(this.#receivers, subscriber);
  });

  readonly closed$: Observable<void> = new Observable((subscriber) => {
    if (this.#isClosed) {
      subscriber.next();
      subscriber.complete();
      return;
    }
    this.#closeWatchers.push(subscriber);
    return () => remove(this.#closeWatchers, subscriber);
  });

  /** The client's upgrade request, for a client a server accepted. */
  readonly request: UpgradeRequest | undefined;

  constructor(ws: WebSocket, maxBufferedAmount: number, request?: UpgradeRequest) {
    this.#ws = ws;
    this.request = request;
    this.#maxBufferedAmount = maxBufferedAmount;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const frame = isBinary ? toBuffer(data) : toBuffer(data).toString('utf8');
      if (this.#held) {
        if (this.#held.length < maxHeldFrames) this.#held.push(frame);
        // Never dropped silently: a client that sends this much before anyone reads it is
        // closed, and told why.
        else this.close(CloseCode.POLICY_VIOLATION, `more than ${maxHeldFrames} frames unread`);
        return;
      }
      const receivers = this.#receivers;
      if (receivers.length === 1) receivers[0]?.next(frame);
      // A copy: a receiver may unsubscribe (or another subscribe) while being called.
      else for (const receiver of [...receivers]) receiver.next(frame);
    });
    ws.on('pong', () => {
      this.alive = true;
    });
    // Protocol errors (1007, 1009, ...) are answered by `ws` with the right close code; the
    // close event follows. Nothing else to do, but an 'error' without a listener would throw.
    ws.on('error', () => {});
    ws.once('close', () => {
      this.#isClosed = true;
      this.#held = undefined;
      for (const receiver of this.#receivers.splice(0)) receiver.complete();
      for (const callback of this.#onClose) callback();
      for (const watcher of this.#closeWatchers.splice(0)) {
        watcher.next();
        watcher.complete();
      }
    });
  }

  /** Calls `callback` once the connection has closed (before `closed$` emits). */
  onClose(callback: () => void): void {
    if (this.#isClosed) callback();
    else this.#onClose.push(callback);
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

function remove<T>(list: T[], item: T): void {
  const index = list.indexOf(item);
  if (index !== -1) list.splice(index, 1);
}
