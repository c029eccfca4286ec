import { describeError } from '@rxdc/native';
import type { RelayCloseCode } from './relay-close-code.js';
import type { RelayEnvelope } from './relay-envelope.js';

/**
 * Where a tunnel delivers what arrives: each frame of the other side, then its end.
 *
 * @example
 * ```ts
 * tunnel.attach({
 *   frame: (frame) => socket.send(frame),
 *   closed: (code, reason) => socket.close(),
 * });
 * ```
 */
export interface RelaySink {
  /** A signaling frame from the other side, in order. */
  frame(frame: string | Buffer): void;
  /**
   * The tunnel ended (called once); nothing arrives after it. `wsCode` is the WebSocket close
   * code the other side closed with, when it closed normally.
   */
  closed(code: RelayCloseCode, reason: string, wsCode?: number): void;
}

/** How a tunnel reaches Redis, given by its node. @internal */
export interface TunnelIo {
  /** Publishes to the other node's inbox; resolves with the number of receivers. */
  publish(to: string, envelope: RelayEnvelope): Promise<number>;
  /** The tunnel ended: forget it, release its claim. */
  ended(tunnel: RelayTunnel): void;
  readonly maxPendingFrames: number;
}

/**
 * One end of a relayed session: the signaling frames of one client, carried through Redis
 * between the node the client reached (`side: 'client'`) and the node whose transceiver
 * serves it (`side: 'transceiver'`). Frames keep their order; a frame that Redis cannot carry
 * or loses ends the session on both sides rather than be dropped silently.
 *
 * @example
 * ```ts
 * const tunnel = await node.relay('/ws/camera-1', '/ws/camera-1');
 * if (tunnel) {
 *   tunnel.attach({ frame: (f) => socket.send(f), closed: () => socket.close() });
 *   socket.messages$.subscribe((f) => tunnel.send(f));
 * }
 * ```
 */
export class RelayTunnel {
  /** The session's id, the same on both nodes. */
  readonly session: string;
  /** The id of the node at the other end. */
  readonly peerNode: string;
  /** The path the client asked for (without its query string). */
  readonly path: string;
  /** The full request path, query string included. */
  readonly requestPath: string;
  /** Which end this is: the client's node, or the transceiver's. */
  readonly side: 'client' | 'transceiver';
  readonly #io: TunnelIo;
  #sink: RelaySink | undefined;
  #held: Array<string | Buffer> = [];
  #sent = 0;
  #expected = 0;
  #inFlight = 0;
  #ended: { code: RelayCloseCode; reason: string; wsCode?: number } | undefined;

  /** @internal */
  constructor(
    init: {
      session: string;
      peerNode: string;
      path: string;
      requestPath: string;
      side: 'client' | 'transceiver';
    },
    io: TunnelIo,
  ) {
    this.session = init.session;
    this.peerNode = init.peerNode;
    this.path = init.path;
    this.requestPath = init.requestPath;
    this.side = init.side;
    this.#io = io;
  }

  /** Whether the tunnel has ended. */
  get isClosed(): boolean {
    return this.#ended !== undefined;
  }

  /**
   * Starts delivering to `sink`: first the frames that arrived before (held, up to the
   * node's `maxPendingFrames`), then each new one. A tunnel that already ended calls
   * `closed` at once.
   */
  attach(sink: RelaySink): void {
    this.#sink = sink;
    for (const frame of this.#held.splice(0)) sink.frame(frame);
    if (this.#ended) sink.closed(this.#ended.code, this.#ended.reason, this.#ended.wsCode);
  }

  /** Sends one signaling frame to the other side. Does nothing once the tunnel has ended. */
  send(frame: string | Uint8Array): void {
    if (this.#ended) return;
    if (this.#inFlight >= this.#io.maxPendingFrames) {
      this.close(
        'RELAY_OVERFLOW',
        `more than ${this.#io.maxPendingFrames} frames were waiting for Redis`,
      );
      return;
    }
    const envelope: RelayEnvelope =
      typeof frame === 'string'
        ? { t: 'frame', s: this.session, n: this.#sent++, d: frame }
        : {
            t: 'frame',
            s: this.session,
            n: this.#sent++,
            d: Buffer.from(frame).toString('base64'),
            b: 1,
          };
    this.#inFlight += 1;
    this.#io.publish(this.peerNode, envelope).then(
      (receivers) => {
        this.#inFlight -= 1;
        if (receivers === 0) {
          this.end('RELAY_NODE_LOST', `node ${this.peerNode} no longer listens`);
        }
      },
      (error: unknown) => {
        this.#inFlight -= 1;
        this.end('RELAY_UNAVAILABLE', `Redis could not carry a frame: ${describeError(error)}`);
      },
    );
  }

  /**
   * Ends the tunnel and tells the other side (best effort: Redis may be down), with the
   * WebSocket close code to pass on to the client, if any.
   */
  close(code: RelayCloseCode = 'CLOSED', reason = '', wsCode?: number): void {
    if (this.#ended) return;
    const envelope: RelayEnvelope =
      wsCode === undefined
        ? { t: 'close', s: this.session, code, reason }
        : { t: 'close', s: this.session, code, reason, w: wsCode };
    this.#io.publish(this.peerNode, envelope).catch(() => {});
    this.end(code, reason);
  }

  /** Handles an envelope of this session from the other node. @internal */
  receive(envelope: RelayEnvelope): void {
    if (this.#ended) return;
    if (envelope.t === 'close') {
      this.end(envelope.code as RelayCloseCode, envelope.reason, envelope.w);
      return;
    }
    if (envelope.t !== 'frame') return;
    if (envelope.n !== this.#expected) {
      this.close(
        'RELAY_UNAVAILABLE',
        `Redis lost frames ${this.#expected} to ${envelope.n - 1} of this session`,
      );
      return;
    }
    this.#expected += 1;
    const frame = envelope.b === 1 ? Buffer.from(envelope.d, 'base64') : envelope.d;
    if (this.#sink) {
      this.#sink.frame(frame);
    } else if (this.#held.length >= this.#io.maxPendingFrames) {
      this.close('RELAY_OVERFLOW', `more than ${this.#io.maxPendingFrames} frames arrived unread`);
    } else {
      this.#held.push(frame);
    }
  }

  /** Ends the tunnel here without telling the other side. @internal */
  end(code: RelayCloseCode, reason: string, wsCode?: number): void {
    if (this.#ended) return;
    this.#ended = wsCode === undefined ? { code, reason } : { code, reason, wsCode };
    this.#io.ended(this);
    this.#sink?.closed(code, reason, wsCode);
  }
}
