import type {
  IceCandidate,
  Message,
  PeerConnection,
  Sendable,
  SessionDescription,
} from '@rxdc/core';
import { filter, Observable } from 'rxjs';
import { RxError } from '../errors/rx-error.js';
import {
  formatCandidate,
  formatDescription,
  parseSignalingMessage,
  type SignalingMessage,
  toIceCandidate,
} from './signaling-message.js';

/**
 * The socket the signaling runs over: an open `@rxdc/core` WebSocket (client or accepted).
 *
 * @example
 * ```ts
 * import { WebSocket } from '@rxdc/core';
 * import type { SignalingSocket } from '@rxdc/rx';
 * const socket: SignalingSocket = new WebSocket();
 * ```
 */
export interface SignalingSocket {
  /** The server's signaling messages (JSON text); completing means the socket closed. */
  readonly messages$: Observable<Message>;
  /** Sends one signaling message (JSON text) to the server. */
  send(data: Sendable): void;
}

/**
 * What happened during signaling, for logs and tests.
 *
 * @example
 * ```ts
 * signalOverWebSocket(peer, socket).subscribe((event) => console.log(event.direction, event.message.type));
 * ```
 */
export interface SignalingEvent {
  /** `'in'`: received from the server and applied; `'out'`: sent to the server. */
  readonly direction: 'in' | 'out';
  /** The protocol message, parsed (`sdp` or `ice`). */
  readonly message: SignalingMessage;
}

/**
 * Connects a peer connection to a WebSocket that speaks the ws-server JSON signaling protocol
 * (`{"type":"sdp"|"ice","data":{...}}`), playing the browser's part: it answers the offer the
 * server sends first, and trickles ICE candidates both ways (remote candidates that arrive
 * before the offer wait for it).
 *
 * Emits each protocol message exchanged. Completes when the socket's messages complete (it
 * closed); fails with `SIGNALING_FAILED` when the server sends something that cannot be
 * applied (an `sdp` that is not an offer, a rejected description). Messages the protocol says
 * to ignore are ignored. Unsubscribe to stop signaling; the peer and socket stay open.
 *
 * @example
 * ```ts
 * import { PeerConnection, WebSocket } from '@rxdc/core';
 * import { signalOverWebSocket } from '@rxdc/rx';
 * const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * const socket = new WebSocket();
 * socket.open('ws://127.0.0.1:60001/ws');
 * signalOverWebSocket(peer, socket).subscribe();
 * peer.dataChannel$.subscribe((channel) => channel.messages$.subscribe(console.log));
 * ```
 */
export function signalOverWebSocket(
  peer: PeerConnection,
  socket: SignalingSocket,
): Observable<SignalingEvent> {
  return new Observable<SignalingEvent>((subscriber) => {
    const early: IceCandidate[] = [];
    let described = false;
    const fail = (what: string, cause?: unknown): void => {
      const reason = cause instanceof Error ? `: ${cause.message}` : '';
      subscriber.error(new RxError('SIGNALING_FAILED', `${what}${reason}`, { cause }));
    };
    const send = (message: SignalingMessage, text: string): void => {
      try {
        socket.send(text);
        subscriber.next({ direction: 'out', message });
      } catch (error) {
        fail('cannot send on the signaling socket', error);
      }
    };
    const addCandidate = (candidate: IceCandidate): void => {
      try {
        peer.addRemoteCandidate(candidate);
      } catch (error) {
        // One bad candidate must not end signaling: others may still connect.
        subscriber.next({
          direction: 'in',
          message: { type: 'ice', data: { candidate: `rejected: ${String(error)}` } },
        });
      }
    };

    const outgoing = [
      peer.localDescription$
        .pipe(filter((description: SessionDescription) => description.type === 'answer'))
        .subscribe((description) =>
          send(
            { type: 'sdp', data: { type: description.type, sdp: description.sdp } },
            formatDescription(description),
          ),
        ),
    ];
    const startCandidates = (): void => {
      outgoing.push(
        peer.localCandidate$.subscribe((candidate) => {
          const text = formatCandidate(candidate);
          send(JSON.parse(text) as SignalingMessage, text);
        }),
      );
    };

    const incoming = socket.messages$.subscribe({
      next: (raw) => {
        const message = parseSignalingMessage(raw);
        if (!message) return;
        subscriber.next({ direction: 'in', message });
        if (message.type === 'sdp') {
          if (message.data.type !== 'offer') {
            return fail(
              `expected an offer from the signaling server, got an sdp of type "${message.data.type}"`,
            );
          }
          try {
            peer.setRemoteDescription({ type: 'offer', sdp: message.data.sdp });
          } catch (error) {
            return fail('the offer was rejected', error);
          }
          if (!described) {
            described = true;
            startCandidates();
          }
          for (const candidate of early.splice(0)) addCandidate(candidate);
          return;
        }
        const candidate = toIceCandidate(message.data);
        if (!candidate) return;
        if (described) addCandidate(candidate);
        else early.push(candidate);
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });

    return () => {
      incoming.unsubscribe();
      for (const sub of outgoing) sub.unsubscribe();
    };
  });
}
