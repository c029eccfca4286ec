// Real node-datachannel peers on loopback, each owned by a PeerLifetime, with the channel
// lifetimes the rules are tested on. No face (core, capi-compat) is involved.
import {
  ChannelLifetime,
  type ChannelLifetimeCallbacks,
  type ChannelLifetimeOptions,
  liveObjects,
  type NativeDataChannel,
  NativePeerConnectionClass,
  nativeMaxMessageSize,
  PeerLifetime,
  type PeerLifetimeCallbacks,
  type RtcError,
  receiveLimit,
} from '../../src/index.js';

export type Message = string | Buffer | ArrayBuffer;

/** What a test peer recorded, in order. */
export interface PeerRecord {
  readonly descriptions: Array<{ sdp: string; type: string }>;
  readonly candidates: Array<{ candidate: string; mid: string }>;
  readonly states: string[];
  readonly incoming: ChannelLifetime<Message>[];
  readonly rejected: RtcError[];
  readonly reported: unknown[];
  failure?: RtcError;
}

/** A channel lifetime's record: what its callbacks saw. */
export interface ChannelRecord {
  readonly messages: Message[];
  readonly errors: Array<{ reason: string; error?: RtcError }>;
  opened: number;
  closed: number;
  held: number;
}

export function channelCallbacks(record: ChannelRecord): ChannelLifetimeCallbacks<Message> {
  return {
    message: (message) => record.messages.push(message),
    open: () => {
      record.opened++;
    },
    error: (reason, error) => record.errors.push(error ? { reason, error } : { reason }),
    bufferedAmountLow: () => {},
    closed: () => {
      record.closed++;
    },
    held: () => {
      record.held++;
    },
  };
}

export function newChannelRecord(): ChannelRecord {
  return { messages: [], errors: [], opened: 0, closed: 0, held: 0 };
}

/** Channel options every test channel gets, plus the test's own. */
type ChannelOptions = Omit<ChannelLifetimeOptions, 'report'>;

export class TestPeer {
  readonly record: PeerRecord = {
    descriptions: [],
    candidates: [],
    states: [],
    incoming: [],
    rejected: [],
    reported: [],
  };
  readonly channelRecords = new Map<ChannelLifetime<Message>, ChannelRecord>();
  readonly lifetime: PeerLifetime;
  /** Options for the channels the remote side opens. */
  incomingOptions: ChannelOptions = {};
  readonly #listeners = new Set<() => void>();

  constructor(
    name: string,
    options: { maxMessageSize?: number; answerAsDtlsServer?: boolean } = {},
    extra: Partial<PeerLifetimeCallbacks> = {},
  ) {
    const limit = receiveLimit(options.maxMessageSize);
    const native = new NativePeerConnectionClass(name, {
      iceServers: [],
      bindAddress: '127.0.0.1',
      maxMessageSize: nativeMaxMessageSize(limit),
    });
    const record = this.record;
    const changed = (): void => {
      for (const listener of [...this.#listeners]) listener();
    };
    this.lifetime = new PeerLifetime(
      native,
      {
        localDescription: (sdp, type) => {
          record.descriptions.push({ sdp, type });
          changed();
        },
        localCandidate: (candidate, mid) => {
          record.candidates.push({ candidate, mid });
          changed();
        },
        state: (state) => {
          record.states.push(state);
          changed();
        },
        iceState: () => {},
        signalingState: () => {},
        gatheringState: () => {},
        dataChannel: (dc: NativeDataChannel) => {
          const channel = this.wrap(dc, this.incomingOptions);
          if (this.lifetime.adoptIncoming(channel)) {
            record.incoming.push(channel);
            channel.openIfAlreadyOpen();
          }
          changed();
        },
        track: () => {},
        closing: () => {},
        closed: () => changed(),
        failed: (error) => {
          record.failure = error;
          changed();
        },
        rejected: (error) => record.rejected.push(error),
        ...extra,
      },
      (error) => record.reported.push(error),
      {
        ...(options.maxMessageSize !== undefined && { maxMessageSize: options.maxMessageSize }),
        ...(options.answerAsDtlsServer !== undefined && {
          answerAsDtlsServer: options.answerAsDtlsServer,
        }),
      },
    );
  }

  /** A lifetime for a native channel, recording what its callbacks see. */
  wrap(native: NativeDataChannel, options: ChannelOptions = {}): ChannelLifetime<Message> {
    const record = newChannelRecord();
    const channel = new ChannelLifetime<Message>('DataChannel', native, channelCallbacks(record), {
      report: (error) => this.record.reported.push(error),
      receiveLimit: this.lifetime.receiveLimit,
      ...options,
    });
    this.channelRecords.set(channel, record);
    return channel;
  }

  /** Creates a data channel here, adopted by the peer. */
  createChannel(label: string, options: ChannelOptions = {}): ChannelLifetime<Message> {
    const channel = this.wrap(this.lifetime.native.createDataChannel(label), options);
    this.lifetime.adopt(channel);
    return channel;
  }

  recordOf(channel: ChannelLifetime<Message>): ChannelRecord {
    const record = this.channelRecords.get(channel);
    if (!record) throw new Error('not a channel of this peer');
    return record;
  }

  /** Calls `listener` after each event of this peer (descriptions, candidates, states, channels). */
  onChange(listener: () => void): void {
    this.#listeners.add(listener);
  }
}

/** Polls `done` (for what no peer event marks) every 10 ms. */
export async function eventually(done: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Wires a's and b's signaling to each other through their lifetimes: every description and
 * candidate each produced so far and later, applied on the other side (`hold` delays the
 * descriptions, so candidates arrive first).
 */
export function wire(a: TestPeer, b: TestPeer): void {
  const pump = (from: TestPeer, to: TestPeer): void => {
    let descriptions = 0;
    let candidates = 0;
    const step = (): void => {
      if (from.lifetime.isClosed || to.lifetime.isClosed) return;
      while (descriptions < from.record.descriptions.length) {
        const d = from.record.descriptions[descriptions++]!;
        to.lifetime.setRemoteDescription({ sdp: d.sdp, type: d.type.toLowerCase() });
      }
      while (candidates < from.record.candidates.length) {
        to.lifetime.addRemoteCandidate(from.record.candidates[candidates++]!);
      }
    };
    from.onChange(step);
    step();
  };
  pump(a, b);
  pump(b, a);
}

/** Closes every peer, then waits until no native object is alive. */
export async function closeAll(...peers: TestPeer[]): Promise<void> {
  for (const peer of peers) peer.lifetime.close();
  await eventually(() => liveObjects().length === 0, 'every native object released', 10_000);
}

/** Two wired peers and an open channel between them. */
export async function openPair(
  options: {
    a?: ConstructorParameters<typeof TestPeer>[1];
    b?: ConstructorParameters<typeof TestPeer>[1];
    local?: ChannelOptions;
    remote?: ChannelOptions;
  } = {},
): Promise<{
  a: TestPeer;
  b: TestPeer;
  local: ChannelLifetime<Message>;
  remote: ChannelLifetime<Message>;
}> {
  const a = new TestPeer('a', options.a);
  const b = new TestPeer('b', options.b);
  b.incomingOptions = options.remote ?? {};
  wire(a, b);
  const local = a.createChannel('test', options.local);
  const failed = (): boolean => a.record.failure !== undefined || b.record.failure !== undefined;
  await eventually(
    () => (local.phase === 'open' && b.record.incoming.length > 0) || failed(),
    'an open channel pair',
  );
  if (a.record.failure || b.record.failure) throw new Error('the loopback connection failed');
  return { a, b, local, remote: b.record.incoming[0]! };
}
