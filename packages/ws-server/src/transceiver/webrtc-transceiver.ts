import {
  checkPeerConnectionConfig,
  checkTrackDescription,
  type DataChannel,
  type DataChannelInit,
  PeerConnection,
  type PeerConnectionConfig,
  type Track,
  type TrackDescription,
} from '@rxdc/core';
import { describeError, describeValue, reportUnhandled } from '@rxdc/native';
import { BehaviorSubject, config, Observable, Subject, Subscription } from 'rxjs';
import { WsServerError } from '../errors/ws-server-error.js';
import { ListenerRegistry } from '../listeners/listener-registry.js';
import { CloseCode } from '../protocol/close-codes.js';
import {
  candidateFrame,
  candidateMid,
  descriptionFrame,
  readSignalingFrame,
} from '../protocol/signaling-message.js';
import type { SignalingSocket } from '../socket/signaling-socket.js';
import {
  type ConnectionListener,
  ConnectionState,
  type ConnectionStateValue,
} from './connection-state.js';
import type { SignalingTransceiver } from './signaling-transceiver.js';

/**
 * Options of a {@link WebRtcTransceiver}.
 *
 * @example
 * ```ts
 * const options: WebRtcTransceiverOptions = {
 *   peerConnection: { bindAddress: '127.0.0.1' },
 *   dataChannelLabel: 'chat',
 * };
 * ```
 */
export interface WebRtcTransceiverOptions {
  /** The configuration of each peer connection (default: no ICE servers). */
  readonly peerConnection?: PeerConnectionConfig;
  /** The label of the data channel opened on each connection (default `'data'`). */
  readonly dataChannelLabel?: string;
  /** Options of that data channel. */
  readonly dataChannelInit?: DataChannelInit;
  /**
   * Media tracks offered to each client beside the data channel, e.g.
   * `[{ kind: 'video', codec: 'H264' }]` (default: none). Each is added before the offer is
   * made, with an msid (default `rxdc`), so a page gets them as one stream
   * (`event.streams[0]` in its `ontrack`); send frames on them from {@link WebRtcTransceiver.track$}.
   */
  readonly tracks?: readonly TrackDescription[];
}

/**
 * Checks `tracks` as each connection's `addTrack` will (core's rule, see
 * `checkTrackDescription`), so that a wrong description is refused where it is given; two
 * tracks with one media id would collide in every connection.
 */
function checkTracks(tracks: readonly TrackDescription[] | undefined): void {
  if (tracks === undefined) return;
  if (!Array.isArray(tracks))
    throw new WsServerError(
      'INVALID_ARGUMENT',
      `tracks must be an array of track descriptions, got ${describeValue(tracks)}`,
    );
  const mids = new Set<string>();
  tracks.forEach((description, index) => {
    let mid: string;
    try {
      mid = checkTrackDescription(description);
    } catch (error) {
      throw new WsServerError('INVALID_ARGUMENT', `tracks[${index}]: ${describeError(error)}`, {
        cause: error,
      });
    }
    if (mids.has(mid))
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `tracks[${index}].mid: ${JSON.stringify(mid)} is already the mid of another track (give each a distinct mid)`,
      );
    mids.add(mid);
  });
}

/**
 * Frames that are not valid signaling a client may send before it is closed (1008). The
 * protocol says to ignore such frames, and a few are harmless (an extension the server does
 * not know); a stream of them is not.
 */
const maxInvalidFrames = 16;

type Connection = {
  readonly socket: SignalingSocket;
  readonly peer: PeerConnection;
  readonly channels: DataChannel[];
  readonly tracks: Track[];
  readonly subscriptions: Subscription;
  /** Frames that were not valid signaling; past `maxInvalidFrames` the client is closed. */
  invalidFrames: number;
  answered: boolean;
};

/**
 * The built-in signaling transceiver: for each client it creates a `@rxdc/core`
 * PeerConnection, opens a data channel, sends the offer (and its candidates once the page has
 * answered) over the client's
 * WebSocket, and applies the answer and candidates the page sends back, in the JSON protocol
 * of {@link SignalingMessage}. It takes one client at a time and is available again when that
 * client leaves.
 *
 * Frames that are not valid signaling (binary, not JSON, missing fields, an offer where an
 * answer is due) are ignored and reported on `errors$`; the socket stays open.
 *
 * With `tracks`, it also offers media tracks (a video track, an audio track) beside the data
 * channel: a page such as DSL's `webrtc.html` plays what node sends on them (see `track$`).
 *
 * @example
 * ```ts
 * import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
 *
 * const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
 * transceiver.dataChannel$.subscribe((channel) => {
 *   channel.messages$.subscribe((message) => channel.send(message)); // echo
 * });
 * const server = new WsServer();
 * server.addTransceiver(transceiver);
 * server.listen(0, { bindAddress: '127.0.0.1' });
 *
 * // A video track beside the data channel; each client's track gets node's frames.
 * const camera = new WebRtcTransceiver({ tracks: [{ kind: 'video', codec: 'H264' }] });
 * camera.track$.subscribe((track) => track.open$.subscribe(() => console.log('streaming to', track.mid)));
 * ```
 */
export class WebRtcTransceiver implements SignalingTransceiver {
  readonly #options: WebRtcTransceiverOptions;
  readonly #state = new BehaviorSubject<ConnectionStateValue>(ConnectionState.CLOSED);
  readonly #peers = new Subject<PeerConnection>();
  readonly #channels = new Subject<DataChannel>();
  readonly #tracks = new Subject<Track>();
  readonly #errors = new Subject<WsServerError>();
  readonly #listeners = new ListenerRegistry<ConnectionListener>('connection listener', {
    added: 'LISTENER_ALREADY_ADDED',
    notFound: 'LISTENER_NOT_FOUND',
  });
  #connection: Connection | undefined;
  #closed = false;

  /** The connection state now, then each change (see {@link ConnectionState}). */
  readonly state$: Observable<ConnectionStateValue> = this.#state.asObservable();

  /** The current client's peer connection, if any, then the peer of each new client. */
  readonly peer$: Observable<PeerConnection> = new Observable<PeerConnection>((subscriber) => {
    if (this.#connection) subscriber.next(this.#connection.peer);
    return this.#peers.subscribe(subscriber);
  });

  /**
   * The data channels of the current client (the one this transceiver opened, and any the
   * page opened), then each new one, for this and every later client. Each channel opens
   * when the page has answered; subscribe to its `open$` before sending.
   */
  readonly dataChannel$: Observable<DataChannel> = new Observable<DataChannel>((subscriber) => {
    for (const channel of this.#connection?.channels ?? []) subscriber.next(channel);
    return this.#channels.subscribe(subscriber);
  });

  /**
   * The media tracks this transceiver offered to the current client (see
   * {@link WebRtcTransceiverOptions.tracks}), then those of each new client. Each opens when the
   * page has answered: send on it once `open$` emits (`playFrames` of `@rxdc/rx` waits for it).
   */
  readonly track$: Observable<Track> = new Observable<Track>((subscriber) => {
    for (const track of this.#connection?.tracks ?? []) subscriber.next(track);
    return this.#tracks.subscribe(subscriber);
  });

  /** Signaling problems: `INVALID_SIGNALING` frames ignored, `NEGOTIATION_FAILED`, `LISTENER_THREW`. */
  readonly errors$: Observable<WsServerError> = this.#errors.asObservable();

  /**
   * @param options peer connection configuration and data channel label; every field optional.
   * @throws {@link WsServerError} `INVALID_ARGUMENT` naming the wrong field of `tracks` (e.g.
   * `tracks[1].codec`) or of `peerConnection` (e.g. `peerConnection: bindAddress ...`), checked
   * here rather than when the first client connects.
   */
  constructor(options: WebRtcTransceiverOptions = {}) {
    if (options.peerConnection !== undefined) {
      try {
        checkPeerConnectionConfig({ iceServers: [], ...options.peerConnection });
      } catch (error) {
        throw new WsServerError('INVALID_ARGUMENT', `peerConnection: ${describeError(error)}`, {
          cause: error,
        });
      }
    }
    checkTracks(options.tracks);
    this.#options = options;
  }

  /** True when no client is connected (and the transceiver is not closed). */
  get isAvailable(): boolean {
    return !this.#closed && this.#connection === undefined;
  }

  /** The connection state now. */
  get state(): ConnectionStateValue {
    return this.#state.value;
  }

  /** The current client's peer connection, or undefined when no client is connected. */
  get peer(): PeerConnection | undefined {
    return this.#connection?.peer;
  }

  /**
   * Adds a function called with each new connection state (and `clientData`).
   *
   * @throws {@link WsServerError} `LISTENER_ALREADY_ADDED` if this function was already added.
   */
  addClientListener<T>(listener: ConnectionListener<T>, clientData?: T): void {
    this.#listeners.add(listener, clientData);
  }

  /**
   * Removes a connection listener.
   *
   * @throws {@link WsServerError} `LISTENER_NOT_FOUND` if it was never added.
   */
  removeClientListener<T>(listener: ConnectionListener<T>): void {
    this.#listeners.remove(listener);
  }

  /**
   * Takes a client's open socket: creates the peer connection and its data channel, and
   * sends the offer. Called by the server; call it yourself only for a socket you accepted.
   *
   * @throws {@link WsServerError} `NOT_AVAILABLE` while another client is connected,
   * `CLOSED` after {@link WebRtcTransceiver.close}, `INVALID_ARGUMENT` for a wrong peer
   * connection configuration.
   */
  connect(socket: SignalingSocket, _path = '/ws'): void {
    if (this.#closed)
      throw new WsServerError('CLOSED', 'this WebRtcTransceiver is closed: create a new one');
    if (this.#connection)
      throw new WsServerError(
        'NOT_AVAILABLE',
        'this WebRtcTransceiver already has a client: wait until isAvailable is true',
      );
    let peer: PeerConnection;
    try {
      peer = new PeerConnection({ iceServers: [], ...this.#options.peerConnection });
    } catch (error) {
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `cannot create the peer connection: ${describeError(error)}`,
        { cause: error },
      );
    }
    const connection: Connection = {
      socket,
      peer,
      channels: [],
      tracks: [],
      subscriptions: new Subscription(),
      invalidFrames: 0,
      answered: false,
    };
    this.#connection = connection;
    const { subscriptions } = connection;
    const ignoreErrors = { error: () => {} };

    subscriptions.add(
      peer.localDescription$.subscribe((description) =>
        this.#send(connection, descriptionFrame(description)),
      ),
    );
    // @rxdc/native releases our candidates only once the page's answer has been applied (the
    // cause of failed opens otherwise), so they are forwarded as they come.
    subscriptions.add(
      peer.localCandidate$.subscribe(({ candidate, mid }) =>
        this.#send(connection, candidateFrame(candidate, mid, 0)),
      ),
    );
    // A failed open fails dataChannel$ (CONNECTION_FAILED); state$ below ends the connection.
    subscriptions.add(
      peer.dataChannel$.subscribe({
        next: (channel) => this.#addChannel(connection, channel),
        ...ignoreErrors,
      }),
    );
    subscriptions.add(
      peer.state$.subscribe((state) => {
        if (state === 'connected') this.#setState(ConnectionState.OPENED);
        else if (state === 'failed') {
          this.#setState(ConnectionState.FAILED);
          this.#end(connection);
        }
      }),
    );
    subscriptions.add(
      socket.messages$.subscribe({
        next: (frame) => this.#receive(connection, frame),
        ...ignoreErrors,
      }),
    );
    subscriptions.add(socket.closed$.subscribe(() => this.#end(connection)));

    this.#peers.next(peer);
    this.#setState(ConnectionState.INITIATED);
    if (this.#connection !== connection) return; // a listener disconnected it
    try {
      // Tracks first: the data channel starts the negotiation, and the offer must carry them.
      for (const description of this.#options.tracks ?? []) {
        const track = peer.addTrack(description);
        connection.tracks.push(track);
        this.#tracks.next(track);
        if (this.#connection !== connection) return; // a track$ subscriber disconnected it
      }
      const label = this.#options.dataChannelLabel ?? 'data';
      this.#addChannel(connection, peer.createDataChannel(label, this.#options.dataChannelInit));
    } catch (error) {
      this.#end(connection);
      throw new WsServerError(
        'INVALID_ARGUMENT',
        `cannot open the data channel or a track: ${describeError(error)}`,
        { cause: error },
      );
    }
  }

  /** Ends the current client's connection (socket and peer), if any; listeners hear `CLOSED`. */
  disconnect(): void {
    if (this.#connection) this.#end(this.#connection);
  }

  /** Disconnects and retires the transceiver: it is never available again; streams complete. */
  close(): void {
    if (this.#closed) return;
    this.disconnect();
    this.#closed = true;
    this.#state.complete();
    this.#peers.complete();
    this.#channels.complete();
    this.#tracks.complete();
    this.#errors.complete();
  }

  /** Closes the transceiver, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #addChannel(connection: Connection, channel: DataChannel): void {
    connection.channels.push(channel);
    this.#channels.next(channel);
  }

  #receive(connection: Connection, frame: string | Buffer): void {
    if (this.#connection !== connection) return;
    const read = readSignalingFrame(frame);
    if ('invalid' in read) {
      connection.invalidFrames += 1;
      if (connection.invalidFrames <= maxInvalidFrames) {
        this.#report(new WsServerError('INVALID_SIGNALING', `ignored ${read.invalid}`));
        return;
      }
      // A client that keeps sending junk is broken or hostile: it costs CPU, not us a peer.
      const reason = `more than ${maxInvalidFrames} frames that are not valid signaling`;
      this.#report(new WsServerError('INVALID_SIGNALING', `closed a client that sent ${reason}`));
      connection.socket.close(CloseCode.POLICY_VIOLATION, reason);
      this.#end(connection);
      return;
    }
    const { message } = read;
    if (message.type === 'sdp') {
      this.#applyAnswer(connection, message.data.type, message.data.sdp);
      return;
    }
    if (message.type === 'error') {
      this.#report(
        new WsServerError(
          'INVALID_SIGNALING',
          'ignored an error message: only the server sends those',
        ),
      );
      return;
    }
    const { candidate, sdpMid, sdpMLineIndex } = message.data;
    // An empty candidate marks the end of the page's candidates: nothing to apply.
    if (candidate === '') return;
    // Candidates before the answer are held by @rxdc/native (bounded there: past its limit
    // the candidate is refused, reported here as NEGOTIATION_FAILED).
    this.#addCandidate(connection, { candidate, mid: candidateMid({ sdpMid, sdpMLineIndex }) });
  }

  #applyAnswer(connection: Connection, type: string, sdp: string): void {
    if (type !== 'answer') {
      this.#report(
        new WsServerError(
          'INVALID_SIGNALING',
          `ignored an sdp message of type ${JSON.stringify(type)}: this transceiver makes the offer, the page must answer`,
        ),
      );
      return;
    }
    if (connection.answered || connection.peer.signalingState !== 'have-local-offer') {
      this.#report(
        new WsServerError(
          'INVALID_SIGNALING',
          `ignored an answer in signaling state "${connection.peer.signalingState}": no offer is waiting for one`,
        ),
      );
      return;
    }
    try {
      connection.peer.setRemoteDescription({ type: 'answer', sdp });
    } catch (error) {
      this.#report(
        new WsServerError(
          'NEGOTIATION_FAILED',
          `the page's answer was rejected: ${describeError(error)}`,
          { cause: error },
        ),
      );
      return;
    }
    connection.answered = true;
  }

  #addCandidate(connection: Connection, candidate: { candidate: string; mid: string }): void {
    try {
      connection.peer.addRemoteCandidate(candidate);
    } catch (error) {
      this.#report(
        new WsServerError(
          'NEGOTIATION_FAILED',
          `the page's candidate was rejected: ${describeError(error)}`,
          { cause: error },
        ),
      );
    }
  }

  #send(connection: Connection, frame: string): void {
    if (this.#connection !== connection || !connection.socket.isOpen) return;
    try {
      connection.socket.send(frame);
    } catch {
      // The client left between the check and the send; its close ends the connection.
    }
  }

  #end(connection: Connection): void {
    if (this.#connection !== connection) return;
    // Available again before the listeners hear CLOSED, so a listener can reuse it at once.
    this.#connection = undefined;
    connection.subscriptions.unsubscribe();
    connection.peer.close();
    connection.socket.close();
    this.#setState(ConnectionState.CLOSED);
  }

  #setState(state: ConnectionStateValue): void {
    if (this.#closed || this.#state.value === state) return;
    this.#state.next(state);
    for (const error of this.#listeners.call(state)) {
      const reported = new WsServerError(
        'LISTENER_THREW',
        `a connection listener threw: ${describeError(error)}`,
        { cause: error },
      );
      if (this.#errors.observed) this.#errors.next(reported);
      else reportUnhandled(reported, config.onUnhandledError);
    }
  }

  #report(error: WsServerError): void {
    // Remote input must never crash the server: with nobody listening, it is only ignored.
    if (this.#errors.observed) this.#errors.next(error);
  }
}
