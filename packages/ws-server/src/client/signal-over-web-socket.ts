import { type PeerConnection, RtcError, type SessionDescription } from '@rxdc/core';
import { filter, Observable, type Subscription } from 'rxjs';
import { WsServerError } from '../errors/ws-server-error.js';
import {
  candidateFrame,
  candidateMid,
  descriptionFrame,
  readSignalingFrame,
  type SignalingMessage,
} from '../protocol/signaling-message.js';

/**
 * The socket {@link signalOverWebSocket} runs over: frames in, frames out. A
 * {@link SignalingSocket}, a `@rxdc/core` `WebSocket` and the client of
 * {@link connectToTransceiver} all fit.
 *
 * @example
 * ```ts
 * import type { SignalingChannel } from '@rxdc/ws-server/client';
 * const channel: SignalingChannel = { messages$: frames$, send: (frame) => ws.send(frame) };
 * ```
 */
export interface SignalingChannel {
  /** The server's frames; completing means the socket closed. */
  readonly messages$: Observable<string | Buffer>;
  /** Sends one frame to the server. */
  send(frame: string): void;
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
  /** `'in'`: received from the server; `'out'`: sent to the server. */
  readonly direction: 'in' | 'out';
  /** The protocol message. */
  readonly message: SignalingMessage;
}

/**
 * Connects a peer connection to a socket that speaks the ws-server JSON signaling protocol,
 * playing the browser's part: it answers the offer the server sends first, and trickles ICE
 * candidates both ways. Candidates that arrive before the offer are given to the peer at once:
 * `@rxdc/native`, under core, holds them until the offer (and this peer's own candidates until
 * they belong to an answer), up to its limit; past it signaling fails.
 *
 * Emits each protocol message exchanged. Completes when the socket's messages complete (it
 * closed); fails with `SIGNALING_FAILED` when the server sends something that cannot be
 * applied (an `sdp` that is not an offer, a rejected description, more early candidates than
 * native holds)
 * and with `REFUSED` when the server refuses the client. Frames the protocol says to ignore
 * are ignored. Unsubscribe to stop signaling; the peer and socket stay open.
 *
 * @example
 * ```ts
 * import { PeerConnection } from '@rxdc/core';
 * import { signalOverWebSocket } from '@rxdc/ws-server/client';
 * const peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
 * signalOverWebSocket(peer, socket).subscribe();
 * peer.dataChannel$.subscribe((channel) => channel.messages$.subscribe(console.log));
 * ```
 */
export function signalOverWebSocket(
  peer: PeerConnection,
  socket: SignalingChannel,
): Observable<SignalingEvent> {
  return new Observable<SignalingEvent>((subscriber) => {
    const fail = (what: string, cause?: unknown): void => {
      const reason = cause instanceof Error ? `: ${cause.message}` : '';
      subscriber.error(new WsServerError('SIGNALING_FAILED', `${what}${reason}`, { cause }));
    };
    const send = (message: SignalingMessage, frame: string): void => {
      try {
        socket.send(frame);
        subscriber.next({ direction: 'out', message });
      } catch (error) {
        fail('cannot send on the signaling socket', error);
      }
    };

    const outgoing: Subscription[] = [
      peer.localDescription$
        .pipe(filter((description: SessionDescription) => description.type === 'answer'))
        .subscribe((description) => {
          const data = { type: description.type, sdp: description.sdp };
          send({ type: 'sdp', data }, descriptionFrame(data));
        }),
    ];
    // Local candidates belong to the answer (native releases them only then), and go once the
    // offer is applied and the server's first candidate is applied here too (or the offer
    // carried its candidates). The server may only check us after it has ours; we then already
    // hold its candidates and are checking it, so our ICE is up when its DTLS handshake starts.
    // In the other order its first DTLS flight can arrive before our ICE is up; libdatachannel
    // drops it and retransmits only after 1 s (measured: about one open in four through
    // ws-server).
    let described = false;
    let candidatesSent = false;
    let remoteCandidates = 0;
    const sendCandidates = (): void => {
      if (candidatesSent || !described || remoteCandidates === 0) return;
      candidatesSent = true;
      outgoing.push(
        peer.localCandidate$.subscribe(({ candidate, mid }) => {
          const frame = candidateFrame(candidate, mid, 0);
          send(JSON.parse(frame) as SignalingMessage, frame);
        }),
      );
    };

    const incoming = socket.messages$.subscribe({
      next: (frame) => {
        const read = readSignalingFrame(frame);
        if ('invalid' in read) return;
        const { message } = read;
        subscriber.next({ direction: 'in', message });
        if (message.type === 'error') {
          subscriber.error(
            new WsServerError(
              'REFUSED',
              `the server refused the client (${message.data.code}): ${message.data.reason}`,
            ),
          );
          return;
        }
        if (message.type === 'sdp') {
          if (message.data.type !== 'offer') {
            fail(
              `expected an offer from the signaling server, got an sdp of type "${message.data.type}"`,
            );
            return;
          }
          try {
            peer.setRemoteDescription({ type: 'offer', sdp: message.data.sdp });
            described = true;
            if (/^a=candidate:/m.test(message.data.sdp)) remoteCandidates++;
            sendCandidates();
          } catch (error) {
            fail('the offer was rejected', error);
          }
          return;
        }
        // An empty candidate marks the end of the server's candidates.
        if (message.data.candidate.trim() === '') {
          remoteCandidates++;
          sendCandidates();
          return;
        }
        try {
          peer.addRemoteCandidate({
            candidate: message.data.candidate,
            mid: candidateMid(message.data),
          });
        } catch (error) {
          // More early candidates than native holds: the server is broken (or hostile).
          if (error instanceof RtcError && error.code === 'LIMIT_EXCEEDED') {
            fail('too many candidates arrived before the offer', error);
          }
          // One bad candidate must not end signaling: others may still connect.
        }
        remoteCandidates++;
        sendCandidates();
      },
      error: (error) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });

    return () => {
      incoming.unsubscribe();
      for (const subscription of outgoing) subscription.unsubscribe();
    };
  });
}
