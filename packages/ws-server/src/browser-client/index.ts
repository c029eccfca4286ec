/// <reference lib="dom" />
// The browser client of the signaling protocol, `@rxdc/ws-server/browser-client`: built into
// one plain ES module (dist/browser-client.js) that a page imports without a bundler. It
// reads and writes frames with the same protocol file as the server.
import {
  candidateFrame,
  candidateMid,
  descriptionFrame,
  readSignalingFrame,
} from '../protocol/signaling-message.js';

/**
 * How a signaling connection ended, with a sentence to show the user.
 *
 * @example
 * ```ts
 * connection.closed.then((info: CloseInfo) => (status.textContent = info.message));
 * ```
 */
export interface CloseInfo {
  /** The WebSocket close code (1006 when the server could not be reached or vanished). */
  readonly code: number;
  /** The close reason the server gave, if any. */
  readonly reason: string;
  /** False when the server was never reached. */
  readonly reached: boolean;
  /** The server's refusal (`NO_TRANSCEIVER`, ...) when it refused the client. */
  readonly refusal: { readonly code: string; readonly reason: string } | undefined;
  /** What happened, in a sentence for the user. */
  readonly message: string;
}

/**
 * Options of {@link connectToTransceiver} in the browser.
 *
 * @example
 * ```ts
 * connectToTransceiver(url, { rtcConfiguration: { iceServers: [] } });
 * ```
 */
export interface BrowserConnectOptions {
  /** The configuration of the RTCPeerConnection. Default: no ICE servers. */
  readonly rtcConfiguration?: RTCConfiguration;
}

/**
 * A page's connection to a transceiver: its signaling socket, its peer, the data channel the
 * server opens, and how it ends.
 *
 * @example
 * ```ts
 * const { channel, closed } = connectToTransceiver('ws://127.0.0.1:60001/ws');
 * (await channel).send('hello');
 * ```
 */
export interface BrowserConnection {
  /** The signaling WebSocket. */
  readonly socket: WebSocket;
  /** The peer connection, created on the server's first message. */
  readonly peer: RTCPeerConnection | undefined;
  /**
   * The data channel the server opened, once open. Rejects (with the sentence of
   * {@link CloseInfo.message}) when signaling ends before.
   */
  readonly channel: Promise<RTCDataChannel>;
  /** Resolves when the signaling socket has closed. */
  readonly closed: Promise<CloseInfo>;
  /** Signaling problems that were ignored (frames not in the protocol, rejected candidates). */
  readonly errors: readonly string[];
  /** Closes the signaling socket and the peer. */
  close(): void;
}

/**
 * Connects a page to a `WebRtcTransceiver` of `@rxdc/ws-server`: opens the signaling
 * WebSocket, creates the RTCPeerConnection on the first message, answers the server's offer,
 * trickles candidates both ways and resolves `channel` once the data channel the server opened
 * is open. `closed` says what went wrong when the server cannot be reached or refuses.
 *
 * @example
 * ```ts
 * // A page imports the built module where its server serves it, such as '/browser-client.js'.
 * import { connectToTransceiver } from '@rxdc/ws-server/browser-client';
 * const connection = connectToTransceiver(`ws://${location.hostname}:60001/ws`);
 * connection.closed.then(({ message }) => console.log(message));
 * const channel = await connection.channel;
 * channel.onmessage = ({ data }) => console.log(data);
 * ```
 */
export function connectToTransceiver(
  url: string,
  options: BrowserConnectOptions = {},
): BrowserConnection {
  const socket = new WebSocket(url);
  const errors: string[] = [];
  let peer: RTCPeerConnection | undefined;
  let reached = false;
  let refusal: CloseInfo['refusal'];
  let resolveChannel: (channel: RTCDataChannel) => void = () => {};
  let rejectChannel: (error: Error) => void = () => {};
  const channel = new Promise<RTCDataChannel>((resolve, reject) => {
    resolveChannel = resolve;
    rejectChannel = reject;
  });
  // The page may only look at `closed`: an unobserved rejection must not be reported.
  channel.catch(() => {});
  const send = (frame: string) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(frame);
  };

  // Our candidates go once our answer is out and the server's first candidate is here (or
  // the offer carried its candidates): the server can then check us only once we hold its
  // candidates, so our ICE is up before its first DTLS flight (which libdatachannel would
  // otherwise retransmit only after 1 s). The node client (signalOverWebSocket) does the same.
  const heldCandidates: string[] = [];
  let remoteCandidates = 0;
  let answered = false;
  const releaseCandidates = () => {
    if (!answered || remoteCandidates === 0) return;
    for (const frame of heldCandidates.splice(0)) send(frame);
  };
  const createPeer = (): RTCPeerConnection => {
    const pc = new RTCPeerConnection({ iceServers: [], ...options.rtcConfiguration });
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate?.candidate) return;
      heldCandidates.push(
        candidateFrame(candidate.candidate, candidate.sdpMid, candidate.sdpMLineIndex),
      );
      releaseCandidates();
    };
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed')
        rejectChannel(new Error('the peer connection failed (ICE or DTLS): try again'));
    });
    pc.ondatachannel = ({ channel: opened }) => {
      opened.binaryType = 'arraybuffer';
      if (opened.readyState === 'open') resolveChannel(opened);
      else opened.addEventListener('open', () => resolveChannel(opened), { once: true });
    };
    return pc;
  };

  socket.addEventListener('open', () => {
    reached = true;
  });
  socket.addEventListener('message', async ({ data }) => {
    const read = readSignalingFrame(data);
    if ('invalid' in read) {
      errors.push(`ignored ${read.invalid}`);
      return;
    }
    const { message } = read;
    if (message.type === 'error') {
      refusal = message.data;
      return;
    }
    peer ??= createPeer();
    try {
      if (message.type === 'sdp') {
        if (message.data.type !== 'offer') {
          errors.push(`ignored an sdp of type "${message.data.type}": the server sends offers`);
          return;
        }
        await peer.setRemoteDescription({ type: 'offer', sdp: message.data.sdp });
        if (/^a=candidate:/m.test(message.data.sdp)) remoteCandidates++;
        await peer.setLocalDescription(await peer.createAnswer());
        const answer = peer.localDescription;
        if (answer) send(descriptionFrame({ type: answer.type, sdp: answer.sdp }));
        answered = true;
        releaseCandidates();
      } else if (message.data.candidate.trim() === '') {
        // The end of the server's candidates.
        remoteCandidates++;
        releaseCandidates();
      } else {
        // The browser queues a candidate behind the offer being applied (its operations
        // chain); one before any offer is rejected and listed in `errors`.
        await peer.addIceCandidate({
          candidate: message.data.candidate,
          sdpMid: candidateMid(message.data),
          sdpMLineIndex: message.data.sdpMLineIndex ?? 0,
        });
        remoteCandidates++;
        releaseCandidates();
      }
    } catch (error) {
      errors.push(String(error));
    }
  });

  const closed = new Promise<CloseInfo>((resolve) => {
    socket.addEventListener('close', ({ code, reason }) => {
      const message = !reached
        ? `cannot reach the signaling server at ${url}: is it running, and is this the right address and port?`
        : refusal
          ? `the server refused this page (${refusal.code}): ${refusal.reason}`
          : code === 1001
            ? 'the server is stopping'
            : `signaling closed (${code}${reason ? `: ${reason}` : ''})`;
      rejectChannel(new Error(message));
      resolve({ code, reason, reached, refusal, message });
    });
  });

  return {
    socket,
    get peer() {
      return peer;
    },
    channel,
    closed,
    errors,
    close() {
      peer?.close();
      socket.close();
    },
  };
}
