// Two node-datachannel peers on loopback with one video track each way's lifetime: the sender's
// track (added) and the receiver's (incoming), both owned by @rxdc/native's ChannelLifetime.
import nodeDataChannel from 'node-datachannel';
import { ChannelLifetime } from '../src/index.js';

export interface TrackSide {
  readonly lifetime: ChannelLifetime<Buffer>;
  readonly packets: Buffer[];
  readonly errors: unknown[];
  opened: boolean;
  closed: boolean;
}

export interface MediaPair {
  readonly sender: TrackSide;
  receiver: TrackSide | undefined;
  readonly close: () => Promise<void>;
}

function side(native: ConstructorParameters<typeof ChannelLifetime>[1]): TrackSide {
  const s: TrackSide = {
    packets: [],
    errors: [],
    opened: false,
    closed: false,
    lifetime: undefined as unknown as ChannelLifetime<Buffer>,
  };
  (s as { lifetime: ChannelLifetime<Buffer> }).lifetime = new ChannelLifetime<Buffer>(
    'Track',
    native,
    {
      message: (m) => s.packets.push(m),
      open: () => {
        s.opened = true;
      },
      error: (reason) => s.errors.push(reason),
      bufferedAmountLow: () => {},
      closed: () => {
        s.closed = true;
      },
    },
    { report: (error) => s.errors.push(error) },
  );
  return s;
}

export async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type RawPeer = InstanceType<typeof nodeDataChannel.PeerConnection>;

/**
 * Hands `from`'s description and candidates to `to`, raw. node-datachannel queues each callback
 * kind on its own, so a candidate can come before its description: it waits for it (given
 * first, `to` would throw into the native callback and abort the process). Nothing thrown here
 * reaches node-datachannel.
 */
function signal(from: RawPeer, to: RawPeer): void {
  let described = false;
  const early: Array<[string, string]> = [];
  const add = (candidate: string, mid: string) => {
    try {
      to.addRemoteCandidate(candidate, mid);
    } catch {
      // The peer closed meanwhile: the candidate has nowhere to go.
    }
  };
  from.onLocalDescription((sdp, type) => {
    try {
      to.setRemoteDescription(sdp, type);
    } catch {
      return;
    }
    described = true;
    for (const [candidate, mid] of early.splice(0)) add(candidate, mid);
  });
  from.onLocalCandidate((candidate, mid) => {
    if (described) add(candidate, mid);
    else early.push([candidate, mid]);
  });
}

/**
 * Connects two peers with one video track (H.264, payload type 96, SSRC 42) from `a` to `b`.
 * `beforeOpen` runs on the sender's side right after the track is added (not open yet).
 */
export function mediaPair(
  direction: 'SendOnly' | 'SendRecv' = 'SendOnly',
  beforeOpen?: (sender: TrackSide) => void,
  onReceiver?: (receiver: TrackSide) => void,
): MediaPair {
  const config = { iceServers: [], bindAddress: '127.0.0.1' };
  const a = new nodeDataChannel.PeerConnection('a', config);
  const b = new nodeDataChannel.PeerConnection('b', config);
  signal(a, b);
  signal(b, a);
  const video = new nodeDataChannel.Video('cam', direction);
  video.addH264Codec(96);
  video.addSSRC(42, 'camera', 'stream', 'video');
  const sender = side(a.addTrack(video));
  const pair: MediaPair = {
    sender,
    receiver: undefined,
    close: async () => {
      pair.receiver?.lifetime.close();
      sender.lifetime.close();
      a.close();
      b.close();
      await Promise.all([
        sender.lifetime.whenReleased(),
        pair.receiver?.lifetime.whenReleased() ?? Promise.resolve(),
      ]);
    },
  };
  b.onTrack((track) => {
    pair.receiver = side(track);
    onReceiver?.(pair.receiver);
    pair.receiver.lifetime.openIfAlreadyOpen();
  });
  beforeOpen?.(sender);
  a.setLocalDescription();
  return pair;
}

/** An H.264 access unit in Annex-B form: SPS, PPS and an IDR slice of `size` bytes. */
export function annexBFrame(size = 3000): Buffer {
  return Buffer.concat([
    Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0xe0, 0x1f]),
    Buffer.from([0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80]),
    Buffer.from([0, 0, 0, 1, 0x65]),
    Buffer.alloc(size, 0x11),
  ]);
}

export function isRtcpPacket(p: Buffer): boolean {
  return p[1]! >= 192 && p[1]! <= 223;
}
