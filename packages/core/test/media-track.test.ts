import { firstValueFrom, take, timeout } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import {
  type AddTrackOptions,
  isRtcp,
  PeerConnection as Peer,
  type PeerConnection,
  type RtpHeader,
  readRtpHeader,
  type Track,
  type TrackDescription,
  Video,
} from '../src/index.js';
import { expectRtcError } from './helpers/expect-rtc-error.js';
import { loopback, wiredPeers } from './helpers/peers.js';

const opened: PeerConnection[] = [];
afterEach(() => {
  for (const peer of opened.splice(0)) peer.close();
});

/** A synthetic H.264 access unit: SPS, PPS and an IDR slice (the packetizer reads NAL headers only). */
function accessUnit(size: number, idr = true): Uint8Array {
  const slice = new Uint8Array(size).fill(0x5a);
  slice[0] = idr ? 0x65 : 0x41;
  return Buffer.concat([
    Buffer.from([0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1f, 0, 0, 0, 1, 0x68, 0xce, 0x3c, 0x80]),
    Buffer.from([0, 0, 0, 1]),
    slice,
  ]);
}

/**
 * A sends on a typed track; b receives on a typed RecvOnly track of the same mid, added before
 * a's offer arrives (libdatachannel then answers with it instead of announcing a remote track).
 * Retried: a loopback connection fails its DTLS check now and then.
 */
async function mediaPair(
  send: TrackDescription,
  options: AddTrackOptions = {},
  config: Parameters<typeof wiredPeers>[0] = {},
): Promise<{ a: PeerConnection; b: PeerConnection; sender: Track; receiver: Track }> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const [a, b] = wiredPeers({ disableAutoNegotiation: false, ...config });
    opened.push(a, b);
    const receiver = b.addTrack({
      ...send,
      direction: 'RecvOnly',
      mid: send.kind,
    } as TrackDescription);
    const sender = a.addTrack(send, options);
    a.setLocalDescription('offer');
    const both = Promise.all([
      firstValueFrom(sender.open$.pipe(timeout(15_000))),
      firstValueFrom(receiver.open$.pipe(timeout(15_000))),
    ]);
    try {
      await both;
      if (sender.isOpen && receiver.isOpen) return { a, b, sender, receiver };
    } catch {
      // Retried below.
    }
    a.close();
    b.close();
  }
  throw new Error('the loopback media connection failed three times in a row');
}

describe('typed track descriptions', () => {
  test('defaults are filled in and written to the SDP (codec, payload type, SSRC, cname, msid)', () => {
    const peer = new Peer(loopback);
    opened.push(peer);
    const track = peer.addTrack({ kind: 'video', codec: 'H264', msid: 'camera', trackId: 'cam-1' });
    const audio = peer.addTrack({ kind: 'audio', codec: 'opus', ssrc: 1234, cname: 'me' });
    expect(track.description).toMatchObject({
      kind: 'video',
      codec: 'H264',
      mid: 'video',
      payloadType: 96,
      msid: 'camera',
      trackId: 'cam-1',
      direction: 'SendOnly',
      clockRate: 90_000,
    });
    expect(track.description?.ssrc).toBeGreaterThan(0);
    expect(audio.description).toMatchObject({
      payloadType: 111,
      ssrc: 1234,
      cname: 'me',
      msid: 'rxdc',
      clockRate: 48_000,
    });
    peer.setLocalDescription('offer');
    const sdp = peer.localDescription?.sdp ?? '';
    expect(sdp).toContain('a=rtpmap:96 H264/90000');
    expect(sdp).toContain(`a=ssrc:${track.description?.ssrc} msid:camera cam-1`);
    expect(sdp).toContain('a=rtpmap:111 opus/48000/2');
    expect(sdp).toContain('a=ssrc:1234 cname:me');
  });

  test('a wrong description is refused with INVALID_ARGUMENT naming the field', () => {
    const peer = new Peer(loopback);
    opened.push(peer);
    const add = (description: unknown) => () => peer.addTrack(description as never);
    expectRtcError(
      add({ kind: 'video', codec: 'MPEG2' }),
      'INVALID_ARGUMENT',
      /unknown video codec/,
    );
    expectRtcError(add({ kind: 'text', codec: 'H264' }), 'INVALID_ARGUMENT', /kind/);
    expectRtcError(
      add({ kind: 'video', codec: 'H264', payloadType: 128 }),
      'INVALID_ARGUMENT',
      /payloadType/,
    );
    expectRtcError(add({ kind: 'video', codec: 'H264', ssrc: 0 }), 'INVALID_ARGUMENT', /ssrc/);
    // A line break would write a line of its own into the SDP.
    expectRtcError(
      add({ kind: 'video', codec: 'H264', msid: 'a\r\na=evil' }),
      'INVALID_ARGUMENT',
      /msid/,
    );
    expectRtcError(
      add({ kind: 'audio', codec: 'opus', direction: 'Up' }),
      'INVALID_ARGUMENT',
      /direction/,
    );
    expectRtcError(add(null), 'INVALID_ARGUMENT');
    expectRtcError(
      () => peer.addTrack(new Video('raw', 'SendOnly'), { pacing: { bitsPerSecond: 1000 } }),
      'INVALID_ARGUMENT',
      /pacing/,
    );
    expectRtcError(
      () =>
        peer.addTrack({ kind: 'video', codec: 'H264', mid: 'p' }, { pacing: { bitsPerSecond: 0 } }),
      'INVALID_ARGUMENT',
      /bitsPerSecond/,
    );
  });
});

/** The RTP headers `receiver` gets until `count` frames (marker bits) arrived. */
function frames(receiver: Track, count: number): Promise<RtpHeader[]> {
  const headers: RtpHeader[] = [];
  let markers = 0;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${markers} of ${count} frames arrived`)),
      15_000,
    );
    const subscription = receiver.messages$.subscribe({
      next: (packet) => {
        const header = readRtpHeader(packet);
        if (!header) return;
        headers.push(header);
        if (header.marker && ++markers === count) {
          clearTimeout(timer);
          subscription.unsubscribe();
          resolve(headers);
        }
      },
      error: reject,
    });
  });
}

describe('streaming between two node peers', () => {
  test('sendFrame packetizes H.264 at the frame timestamps; RTP carries the described payload type and SSRC', async () => {
    const { sender, receiver } = await mediaPair({
      kind: 'video',
      codec: 'H264',
      payloadType: 100,
    });
    const received = frames(receiver, 30);
    for (let i = 0; i < 30; i++)
      sender.sendFrame(accessUnit(i === 0 ? 5000 : 800, i === 0), { timestamp: i / 30 });
    const headers = await received;
    const ssrc = sender.description?.ssrc;
    for (const header of headers) expect(header).toMatchObject({ payloadType: 100, ssrc });
    const starts = headers.filter((_h, i) => i === 0 || headers[i - 1]?.marker);
    const first = starts[0]?.timestamp ?? 0;
    // 90 kHz clock: frame n is n * 3000 after the first (modulo 2^32).
    expect(starts.map((h) => (h.timestamp - first + 2 ** 32) % 2 ** 32)).toEqual(
      Array.from({ length: 30 }, (_, n) => n * 3000),
    );
    // The 5 kB key frame was fragmented (FU-A).
    expect(headers.length).toBeGreaterThan(30 + 3);
  });

  test('Opus frames go one per packet at 48 kHz', async () => {
    const { sender, receiver } = await mediaPair({ kind: 'audio', codec: 'opus' });
    const received = frames(receiver, 10);
    for (let i = 0; i < 10; i++)
      sender.sendFrame(new Uint8Array([0xfc, i, 1, 2, 3]), { timestamp: i * 0.02 });
    const headers = await received;
    expect(headers).toHaveLength(10);
    expect(headers.every((h) => h.payloadType === 111 && h.ssrc === sender.description?.ssrc)).toBe(
      true,
    );
    const first = headers[0]?.timestamp ?? 0;
    expect(headers.map((h) => (h.timestamp - first + 2 ** 32) % 2 ** 32)).toEqual(
      Array.from({ length: 10 }, (_, n) => n * 960),
    );
  });

  test('the receiver asks for a key frame: the sender hears it on keyframeRequest$; RTCP is on rtcp$', async () => {
    const { sender, receiver } = await mediaPair({ kind: 'video', codec: 'H264' });
    const request = firstValueFrom(sender.keyframeRequest$.pipe(take(1), timeout(10_000)));
    const rtcp = firstValueFrom(sender.rtcp$.pipe(timeout(10_000)));
    sender.sendFrame(accessUnit(500), { timestamp: 0 });
    expect(receiver.requestKeyframe()).toBe(true);
    await request;
    expect(isRtcp(await rtcp)).toBe(true);
  });

  test('the receiver asks for a bitrate: the sender hears it on bitrateRequest$ (REMB)', async () => {
    const { sender, receiver } = await mediaPair({ kind: 'video', codec: 'H264' });
    const request = firstValueFrom(sender.bitrateRequest$.pipe(timeout(10_000)));
    sender.sendFrame(accessUnit(500), { timestamp: 0 });
    expect(receiver.requestBitrate(500_000)).toBe(true);
    // REMB carries an 18-bit mantissa and an exponent: 500,000 is exact.
    expect(await request).toBe(500_000);
  });

  test("a remote track this side only receives asks for key frames too (the offerer's camera)", async () => {
    for (let attempt = 0; ; attempt++) {
      const [a, b] = wiredPeers();
      opened.push(a, b);
      const remote = firstValueFrom(b.track$.pipe(timeout(15_000)));
      const sender = a.addTrack({ kind: 'video', codec: 'H264' });
      a.setLocalDescription('offer');
      try {
        const receiver = await remote;
        await firstValueFrom(receiver.open$.pipe(timeout(15_000)));
        await firstValueFrom(sender.open$.pipe(timeout(15_000)));
        expect(receiver.direction).toBe('RecvOnly');
        const request = firstValueFrom(sender.keyframeRequest$.pipe(timeout(10_000)));
        sender.sendFrame(accessUnit(500), { timestamp: 0 });
        expect(receiver.requestKeyframe()).toBe(true);
        await request;
        return;
      } catch (error) {
        // A loopback connection fails its DTLS check now and then: try another pair.
        if (attempt === 2) throw error;
      }
    }
  });

  test("a sending track nobody reads never holds the receiver's RTCP (its hold of 2 messages never overflows)", async () => {
    const { sender, receiver } = await mediaPair(
      { kind: 'video', codec: 'H264' },
      {},
      {
        hold: { maxHeldMessages: 2 },
      },
    );
    const errors: unknown[] = [];
    sender.error$.subscribe((error) => errors.push(error));
    receiver.messages$.subscribe({ error: () => {} });
    let reports = 0;
    sender.rtcp$.subscribe(() => reports++);
    // Frames for a while: the sender reports each second, the receiver answers each report.
    for (let i = 0; reports < 4 && i < 400; i++) {
      sender.sendFrame(accessUnit(300), { timestamp: i / 30 });
      await new Promise((resolve) => setTimeout(resolve, 33));
    }
    expect(reports).toBeGreaterThanOrEqual(4);
    expect(errors).toEqual([]);
    expect(sender.isOpen).toBe(true);
  });

  test('requestKeyframe is safe at any time; sendFrame refuses what it cannot send, with typed errors', async () => {
    const peer = new Peer(loopback);
    opened.push(peer);
    const early = peer.addTrack({ kind: 'video', codec: 'H264', mid: 'early' });
    expect(early.requestKeyframe()).toBe(false);
    expectRtcError(() => early.sendFrame(accessUnit(10), { timestamp: 0 }), 'NOT_OPEN');
    const raw = new Video('raw', 'SendOnly');
    raw.addH264Codec(97);
    const rawTrack = peer.addTrack(raw);
    expectRtcError(() => rawTrack.sendFrame(accessUnit(10), { timestamp: 0 }), 'INVALID_STATE');
    const vp8 = peer.addTrack({ kind: 'video', codec: 'VP8', mid: 'vp8', payloadType: 98 });
    expectRtcError(
      () => vp8.sendFrame(accessUnit(10), { timestamp: 0 }),
      'INVALID_STATE',
      /receive only/,
    );

    const { sender, receiver } = await mediaPair({ kind: 'video', codec: 'H264' });
    expectRtcError(
      () => receiver.sendFrame(accessUnit(10), { timestamp: 0 }),
      'INVALID_STATE',
      /RecvOnly/,
    );
    expectRtcError(
      () => sender.sendFrame(new Uint8Array([1, 2, 3, 4, 5]), { timestamp: 0 }),
      'INVALID_ARGUMENT',
      /start code/,
    );
    expectRtcError(() => sender.sendFrame(new Uint8Array(0), { timestamp: 0 }), 'INVALID_ARGUMENT');
    expectRtcError(() => sender.sendFrame('frame' as never, { timestamp: 0 }), 'INVALID_ARGUMENT');
    expectRtcError(
      () => sender.sendFrame(accessUnit(10), { timestamp: Number.NaN }),
      'INVALID_ARGUMENT',
      /timestamp/,
    );
    expectRtcError(
      () => sender.sendFrame(accessUnit(10), undefined as never),
      'INVALID_ARGUMENT',
      /timestamp/,
    );
    expectRtcError(
      () => sender.sendFrame(new Uint8Array(17 * 1024 * 1024), { timestamp: 0 }),
      'MESSAGE_TOO_LARGE',
    );
    sender.close();
    expect(sender.requestKeyframe()).toBe(false);
    expectRtcError(() => sender.sendFrame(accessUnit(10), { timestamp: 0 }), 'CLOSED');
  });

  test('pacing: frames wait in a bounded queue, leave at the rate, and bufferedAmountLow$ tells when it drained', async () => {
    // 400 kbit/s = 50 kB/s: 20 frames of 5 kB are 2 s of sending, handed over at once.
    const { sender, receiver } = await mediaPair(
      { kind: 'video', codec: 'H264' },
      { pacing: { bitsPerSecond: 400_000, maxBufferedBytes: 120_000 } },
    );
    const received = frames(receiver, 20);
    const drained = firstValueFrom(sender.bufferedAmountLow$.pipe(timeout(20_000)));
    for (let i = 0; i < 20; i++) sender.sendFrame(accessUnit(5000), { timestamp: i / 30 });
    expect(sender.bufferedAmount).toBeGreaterThan(50_000);
    expectRtcError(
      () => {
        for (let i = 0; i < 20; i++) sender.sendFrame(accessUnit(5000), { timestamp: 1 });
      },
      'LIMIT_EXCEEDED',
      /maxBufferedBytes/,
    );
    await drained;
    expect(sender.bufferedAmount).toBe(0);
    expect((await received).filter((h) => h.marker).length).toBeGreaterThanOrEqual(20);
  });
});
