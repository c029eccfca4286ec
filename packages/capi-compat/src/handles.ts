// The id table: one counter for every kind of object, ids start at 1 and are never reused,
// and every native object stays strongly referenced here until its id is deleted (node-datachannel
// closes channels whose JS object is garbage collected).
import type {
  ChannelLifetime,
  NativeDataChannel as DataChannel,
  HoldBudget,
  NativePeerConnection as PeerConnection,
  PeerLifetime,
  ServerLifetime,
  NativeTrack as Track,
  NativeWebSocket as WebSocket,
} from '@rxdc/native';

/** @internal */
export type Callback = (...args: never[]) => void;

/** @internal */
interface Handle {
  readonly id: number;
  readonly kind: 'pc' | 'dc' | 'tr' | 'ws' | 'wss';
  userPtr: unknown;
}

/** @internal */
interface ChannelCallbacks {
  open: Callback | null;
  closed: Callback | null;
  error: Callback | null;
  message: Callback | null;
  bufferedAmountLow: Callback | null;
  available: Callback | null;
}

/** What every kind of channel entry holds. @internal */
interface ChannelEntryBase extends Handle {
  /** The native callbacks and close rules, in @rxdc/native. */
  readonly lifetime: ChannelLifetime<string | Buffer | ArrayBuffer>;
  readonly pcId: number;
  readonly cbs: ChannelCallbacks;
  stored: {
    open: boolean;
    closed: boolean;
    errors: string[];
    bufferedAmountLow: boolean;
    available: boolean;
  };
  /** The bufferedAmountLow threshold last set (rtcGetBufferedAmountLowThreshold). */
  lowThreshold: number;
  /** The lifetime's phase is `closed` (a getter, not a flag of its own). */
  readonly closedSeen: boolean;
  /** Cached values, readable after close until delete. */
  label: string;
  protocol: string;
  stream: number;
  reliability: {
    unordered: boolean;
    unreliable: boolean;
    maxPacketLifeTime: number;
    maxRetransmits: number;
  } | null;
  mid: string;
  direction: string;
  media: { generateSdp(eol: string, addr: string, port: number): string } | null;
  path: string | undefined;
  remoteAddress: string | undefined;
}

/**
 * A channel's entry: the kind says which native object it holds, so code that checked the
 * kind needs no cast.
 * @internal
 */
export type ChannelEntry =
  | (ChannelEntryBase & { readonly kind: 'dc'; readonly native: DataChannel })
  | (ChannelEntryBase & { readonly kind: 'tr'; readonly native: Track })
  // A client's native object is replaced when @rxdc/native retries its connection.
  | (ChannelEntryBase & { readonly kind: 'ws'; native: WebSocket });

/** @internal */
export interface PeerCallbacks {
  localDescription: Callback | null;
  localCandidate: Callback | null;
  stateChange: Callback | null;
  iceStateChange: Callback | null;
  signalingStateChange: Callback | null;
  gatheringStateChange: Callback | null;
  dataChannel: Callback | null;
  track: Callback | null;
}

/** @internal */
export interface PeerEntry extends Handle {
  readonly kind: 'pc';
  readonly native: PeerConnection;
  /** The native callbacks, close rules and negotiation refusals, in @rxdc/native. */
  readonly lifetime: PeerLifetime;
  /** What all its channels and tracks hold for rtcReceiveMessage together (rtcSetPeerReceiveLimit). */
  readonly holdBudget: HoldBudget;
  readonly cbs: PeerCallbacks;
  /** The lifetime's `isClosed` (a getter, not a flag of its own). */
  readonly closed: boolean;
  /** A local channel or track was added since the last local description. */
  negotiationNeeded: boolean;
  snapshot: {
    local: { sdp: string; type: string } | null;
    remote: { sdp: string; type: string } | null;
    pair: { local: string; remote: string; localAddress: string; remoteAddress: string } | null;
  };
}

/** @internal */
export interface ServerEntry extends Handle {
  readonly kind: 'wss';
  /** Listening, the guarded client callback, the safe defaults and stop: @rxdc/native's. */
  readonly lifetime: ServerLifetime;
  cb: Callback | null;
  port: number;
}

/** @internal */
type Entry = PeerEntry | ChannelEntry | ServerEntry;

let nextId = 1;
const table = new Map<number, Entry>();

/** Takes the next id (never reused). @internal */
export function allocateId(): number {
  return nextId++;
}

/** @internal */
export function register(entry: Entry): void {
  table.set(entry.id, entry);
}

/** @internal */
export function unregister(entry: Entry): void {
  if (table.get(entry.id) === entry) table.delete(entry.id);
}

/** @internal */
export function isLive(entry: Entry): boolean {
  return table.get(entry.id) === entry;
}

/** @internal */
export function anyEntry(id: unknown): Entry | undefined {
  return typeof id === 'number' ? table.get(id) : undefined;
}

/** @internal */
export function peerEntry(id: unknown): PeerEntry | undefined {
  const e = anyEntry(id);
  return e?.kind === 'pc' ? e : undefined;
}

/** @internal */
export function channelEntry(id: unknown): ChannelEntry | undefined {
  const e = anyEntry(id);
  return e !== undefined && (e.kind === 'dc' || e.kind === 'tr' || e.kind === 'ws') ? e : undefined;
}

/** @internal */
export function dataChannelEntry(id: unknown): Extract<ChannelEntry, { kind: 'dc' }> | undefined {
  const e = anyEntry(id);
  return e?.kind === 'dc' ? e : undefined;
}

/** @internal */
export function trackEntry(id: unknown): Extract<ChannelEntry, { kind: 'tr' }> | undefined {
  const e = anyEntry(id);
  return e?.kind === 'tr' ? e : undefined;
}

/** @internal */
export function webSocketEntry(id: unknown): Extract<ChannelEntry, { kind: 'ws' }> | undefined {
  const e = anyEntry(id);
  return e?.kind === 'ws' ? e : undefined;
}

/** @internal */
export function serverEntry(id: unknown): ServerEntry | undefined {
  const e = anyEntry(id);
  return e?.kind === 'wss' ? e : undefined;
}

/** Every live entry, oldest first. @internal */
export function allEntries(): Entry[] {
  return [...table.values()];
}
