// Two C-style peers on loopback with one track from the sender to the receiver, written the
// way a C program is (callbacks, user pointers, ids).
import {
  rtcAddRemoteCandidate,
  rtcAddTrackEx,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcSetClosedCallback,
  rtcSetLocalCandidateCallback,
  rtcSetLocalDescription,
  rtcSetLocalDescriptionCallback,
  rtcSetMessageCallback,
  rtcSetOpenCallback,
  rtcSetRemoteDescription,
  rtcSetTrackCallback,
  type rtcTrackInit,
} from '../src/index.js';
import { until } from './helpers.js';

export interface MediaPeers {
  sender: { pc: number; tr: number; open: boolean; received: Uint8Array[] };
  receiver: { pc: number; tr: number; open: boolean; received: Uint8Array[] };
  /** Negotiates and waits for both tracks to open. */
  connect(): Promise<void>;
  close(): void;
}

/**
 * Creates the peers and the sender's track from `init`. `onSenderTrack` runs on the sender's
 * track before negotiation, `onReceiverTrack` inside the receiver's track callback.
 */
export function mediaPeers(
  init: rtcTrackInit,
  onSenderTrack?: (tr: number) => void,
  onReceiverTrack?: (tr: number) => void,
): MediaPeers {
  const a = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const b = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  rtcSetLocalDescriptionCallback(a, (_pc, sdp, type) => rtcSetRemoteDescription(b, sdp, type));
  rtcSetLocalDescriptionCallback(b, (_pc, sdp, type) => rtcSetRemoteDescription(a, sdp, type));
  rtcSetLocalCandidateCallback(a, (_pc, cand, mid) => rtcAddRemoteCandidate(b, cand, mid));
  rtcSetLocalCandidateCallback(b, (_pc, cand, mid) => rtcAddRemoteCandidate(a, cand, mid));
  const peers: MediaPeers = {
    sender: { pc: a, tr: 0, open: false, received: [] },
    receiver: { pc: b, tr: 0, open: false, received: [] },
    connect: async () => {
      rtcSetLocalDescription(a, null);
      await until(() => peers.sender.open && peers.receiver.open, 20_000, 'both tracks open');
    },
    close: () => {
      rtcDeletePeerConnection(a);
      rtcDeletePeerConnection(b);
    },
  };
  const watch = (side: MediaPeers['sender']) => {
    rtcSetOpenCallback(side.tr, () => {
      side.open = true;
    });
    rtcSetClosedCallback(side.tr, () => {
      side.open = false;
    });
    rtcSetMessageCallback(side.tr, (_id, message) => {
      side.received.push(Uint8Array.from(message as Uint8Array));
    });
  };
  rtcSetTrackCallback(b, (_pc, tr) => {
    peers.receiver.tr = tr;
    onReceiverTrack?.(tr);
    watch(peers.receiver);
  });
  peers.sender.tr = rtcAddTrackEx(a, init);
  onSenderTrack?.(peers.sender.tr);
  watch(peers.sender);
  return peers;
}

/** An H.264 access unit in Annex-B form: SPS, PPS and an IDR slice of `size` bytes. */
export function annexBFrame(size = 3000): Uint8Array {
  return Uint8Array.from([
    ...[0, 0, 0, 1, 0x67, 0x42, 0xe0, 0x1f],
    ...[0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80],
    ...[0, 0, 0, 1, 0x65],
    ...new Uint8Array(size).fill(0x11),
  ]);
}

export const isRtcp = (p: Uint8Array) => p[1]! >= 192 && p[1]! <= 223;
export const rtpSsrc = (p: Uint8Array) => new DataView(p.buffer, p.byteOffset).getUint32(8);
export const rtpTimestamp = (p: Uint8Array) => new DataView(p.buffer, p.byteOffset).getUint32(4);
