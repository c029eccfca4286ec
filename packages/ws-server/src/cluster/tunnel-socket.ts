import { Observable, ReplaySubject, Subject } from 'rxjs';
import { WsServerError } from '../errors/ws-server-error.js';
import { CloseCode } from '../protocol/close-codes.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import type { RelayTunnel } from './relay-tunnel.js';

/** Frames that arrive before the transceiver subscribes wait for it, up to this many. */
const maxHeldFrames = 64;

/**
 * A client relayed from another node, as the transceiver on this node sees it: a
 * {@link SignalingSocket} whose frames travel through a {@link RelayTunnel}. Closing it ends
 * the tunnel, and the client's node closes the client with the same close code.
 *
 * @internal
 */
export class TunnelSocket implements SignalingSocket {
  readonly #tunnel: RelayTunnel;
  readonly #messages = new Subject<string | Buffer>();
  readonly #closed = new ReplaySubject<void>(1);
  #held: Array<string | Buffer> | undefined = [];
  #isClosed = false;

  readonly messages$: Observable<string | Buffer> = new Observable((subscriber) => {
    const held = this.#held;
    this.#held = undefined;
    for (const frame of held ?? []) subscriber.next(frame);
    if (this.#isClosed) {
      subscriber.complete();
      return;
    }
    return this.#messages.subscribe(subscriber);
  });

  readonly closed$: Observable<void> = this.#closed.asObservable();

  constructor(tunnel: RelayTunnel) {
    this.#tunnel = tunnel;
    tunnel.attach({
      frame: (frame) => {
        if (!this.#held) this.#messages.next(frame);
        else if (this.#held.length < maxHeldFrames) this.#held.push(frame);
        else tunnel.close('RELAY_OVERFLOW', `more than ${maxHeldFrames} frames arrived unread`);
      },
      closed: () => this.#end(),
    });
  }

  /** The node the client is connected to. */
  get clientNode(): string {
    return this.#tunnel.peerNode;
  }

  get isOpen(): boolean {
    return !this.#isClosed;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  send(frame: string | Uint8Array): void {
    if (this.#isClosed) {
      throw new WsServerError('CLOSED', 'cannot send: the relayed client is gone');
    }
    this.#tunnel.send(frame);
  }

  close(code: number = CloseCode.NORMAL, reason = ''): void {
    if (this.#isClosed) return;
    this.#tunnel.close('CLOSED', reason, code);
    this.#end();
  }

  #end(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#held = undefined;
    this.#messages.complete();
    this.#closed.next();
    this.#closed.complete();
  }
}
