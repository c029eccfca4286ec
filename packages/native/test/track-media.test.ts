// A track's media layer on real tracks between two loopback peers: native packetizing and RTCP
// handlers, PLI/REMB read from the RTCP that reaches JavaScript, the interceptor, the checks on
// frames, and the one rule for keyframe/bitrate requests (in a child: natively they abort).
import { expect, test } from 'vitest';
import {
  RtcError,
  readRtcpFeedback,
  rtpTimestampToSeconds,
  secondsToRtpTimestamp,
} from '../src/index.js';
import { runChild } from './helpers/child.js';
import { annexBFrame, isRtcpPacket, mediaPair, until } from './media-pair.js';

const rtp = { ssrc: 42, cname: 'camera', payloadType: 96, clockRate: 90_000 };

function codeOf(call: () => unknown): string {
  try {
    call();
    return 'ok';
  } catch (error) {
    return error instanceof RtcError ? error.code : `not an RtcError: ${String(error)}`;
  }
}

test('not open and closed: typed errors, never an abort (child process, handlers kept through gc)', async () => {
  const run = await runChild('media-not-open.mjs', [], {
    nodeArgs: ['--expose-gc'],
    timeoutMs: 30_000,
  });
  expect(run.stderr).not.toMatch(/terminate called|Track is not open/);
  expect(run.signal).toBeNull();
  expect(run.code).toBe(0);
  expect(run.stdout).toContain('requestKeyframe NOT_OPEN\n');
  expect(run.stdout).toContain('requestBitrate NOT_OPEN\n');
  expect(run.stdout).toContain('requestBitrate-zero NOT_OPEN\n');
  expect(run.stdout).toContain('send NOT_OPEN\n');
  expect(run.stdout).toContain('rtpTimestamp 1234\n');
  for (const call of [
    'requestKeyframe',
    'requestBitrate',
    'send',
    'setPacketizer',
    'chain',
    'set-rtpTimestamp',
  ])
    expect(run.stdout).toContain(`closed-${call} CLOSED\n`);
  // The RTP settings stay readable after close.
  expect(run.stdout).toContain('closed-rtpTimestamp 1234\n');
  expect(run.stdout).toContain('closed-media 0\n');
  expect(run.stdout).toContain('finished');
});

test('H.264 frames are packetized natively; the receiver asks for a keyframe and a bitrate, the sender hears both', async () => {
  const plis: number[] = [];
  const rembs: number[] = [];
  const pair = mediaPair(
    'SendOnly',
    (sender) => {
      const media = sender.lifetime.media;
      media.setPacketizer({
        type: 'h264',
        separator: 'StartSequence',
        rtp: { ...rtp, timestamp: 1000 },
      });
      media.chain({ type: 'rtcp-sr-reporter' });
      media.chain({ type: 'rtcp-nack-responder' });
      media.chain({ type: 'pli-handler', onPli: () => plis.push(Date.now()) });
      media.chain({ type: 'remb-handler', onRemb: (bitrate) => rembs.push(bitrate) });
      expect(media.handlers).toEqual([
        'h264',
        'rtcp-sr-reporter',
        'rtcp-nack-responder',
        'pli-handler',
        'remb-handler',
      ]);
    },
    (receiver) => receiver.lifetime.media.chain({ type: 'rtcp-receiving-session' }),
  );
  try {
    const { sender } = pair;
    await until(() => sender.opened && pair.receiver?.opened === true, 'both tracks open');
    const receiver = pair.receiver!;
    const media = sender.lifetime.media;
    expect(media.rtpTimestamp).toBe(1000);
    expect(media.clockRate).toBe(90_000);
    const frame = annexBFrame(3000);
    for (let i = 0; i < 10; i++) {
      media.rtpTimestamp = 1000 + i * media.secondsToTimestamp(1 / 30);
      expect(media.send(frame)).toBe(true);
    }
    // Each frame: SPS and PPS in one packet each, the 3001-byte slice in 3 fragments.
    await until(
      () => receiver.packets.filter((p) => !isRtcpPacket(p)).length >= 50,
      '50 RTP packets',
    );
    const packets = receiver.packets.filter((p) => !isRtcpPacket(p));
    // The receiving session consumes RTCP natively: only RTP reaches the receiver's JavaScript.
    expect(receiver.packets.some(isRtcpPacket)).toBe(false);
    for (const p of packets) {
      expect(p[1]! & 0x7f).toBe(96);
      expect(p.readUInt32BE(8)).toBe(42);
    }
    const timestamps = [...new Set(packets.map((p) => p.readUInt32BE(4)))];
    expect(timestamps).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i * 3000));
    // The sender reporter's first report went with the first frame.
    expect(media.lastSenderReportTimestamp).toBe(1000);

    expect(receiver.lifetime.media.requestKeyframe()).toBe(true);
    await until(() => plis.length > 0, 'the PLI at the sender');
    expect(receiver.lifetime.media.requestBitrate(300_000)).toBe(true);
    await until(() => rembs.length > 0, 'the REMB at the sender');
    expect(rembs[0]).toBe(300_000);
    // Requests on a track without a sending handler run, and send nothing.
    expect(media.requestKeyframe()).toBe(false);
    expect(sender.errors).toEqual([]);
    expect(receiver.errors).toEqual([]);
  } finally {
    await pair.close();
  }
});

test('without a receiving session, RTCP reaches JavaScript: the sender report carries the timestamp rxdc reports', async () => {
  const pair = mediaPair('SendOnly', (sender) => {
    sender.lifetime.media.setPacketizer({ type: 'h264', separator: 'LongStartSequence', rtp });
    sender.lifetime.media.chain({ type: 'rtcp-sr-reporter' });
  });
  try {
    const { sender } = pair;
    await until(() => sender.opened && pair.receiver?.opened === true, 'both tracks open');
    const receiver = pair.receiver!;
    const media = sender.lifetime.media;
    const first = 5_000_000;
    const sent: number[] = [];
    // 1.6 s of 30 fps: two sender reports (the first frame, then one a second later).
    for (let i = 0; i < 48; i++) {
      media.rtpTimestamp = first + i * 3000;
      media.send(annexBFrame(500));
      sent.push(media.rtpTimestamp);
      await new Promise((r) => setTimeout(r, 33));
    }
    await until(
      () => receiver.packets.filter((p) => p[1] === 200).length >= 2,
      'two sender reports',
    );
    const reports = receiver.packets.filter((p) => p[1] === 200).map((p) => p.readUInt32BE(16));
    expect(reports[0]).toBe(first);
    expect(sent).toContain(reports[1]);
    expect(media.lastSenderReportTimestamp).toBe(reports.at(-1));
    // A sender report is not feedback.
    expect(readRtcpFeedback(receiver.packets.find((p) => p[1] === 200)!)).toEqual({
      keyframe: false,
      bitrate: undefined,
    });
  } finally {
    await pair.close();
  }
});

test('the interceptor drops, replaces or passes each packet; one that throws is reported and the packet delivered', async () => {
  const pair = mediaPair('SendOnly', (sender) => {
    sender.lifetime.media.setPacketizer({ type: 'rtp', rtp: { ...rtp, payloadType: 96 } });
  });
  try {
    const { sender } = pair;
    await until(() => sender.opened && pair.receiver?.opened === true, 'both tracks open');
    const receiver = pair.receiver!;
    let seen = 0;
    receiver.lifetime.media.setInterceptor((packet) => {
      seen++;
      const marker = packet.at(-1);
      if (marker === 1) return null;
      if (marker === 2) return Buffer.from('replaced');
      if (marker === 3) throw new Error('interceptor bug');
      return packet;
    });
    for (const marker of [1, 2, 3, 4]) sender.lifetime.media.send(Buffer.from([9, 9, marker]));
    await until(() => seen >= 4 && receiver.packets.length >= 3, 'three packets delivered');
    expect(
      receiver.packets.map((p) => (p.toString() === 'replaced' ? 'replaced' : p.at(-1))),
    ).toEqual(['replaced', 3, 4]);
    expect(receiver.errors).toHaveLength(1);
    expect(String(receiver.errors[0])).toContain('interceptor bug');
  } finally {
    await pair.close();
  }
});

test('frames and packets that would be dropped or cut natively are refused first', async () => {
  const pair = mediaPair('SendOnly');
  try {
    const { sender } = pair;
    await until(() => sender.opened && pair.receiver?.opened === true, 'both tracks open');
    const media = sender.lifetime.media;
    // No packetizer: RTP/RTCP packets up to maxMessageSize.
    expect(codeOf(() => media.send(Buffer.alloc(5000, 0x80)))).toBe('MESSAGE_TOO_LARGE');
    expect(codeOf(() => media.send(Buffer.from([0x80, 0x60])))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.send('text' as never))).toBe('INVALID_ARGUMENT');
    const raw = Buffer.alloc(100);
    raw[0] = 0x80;
    raw[1] = 96;
    raw.writeUInt32BE(42, 8);
    expect(codeOf(() => media.send(raw))).toBe('ok');
    expect(codeOf(() => media.rtpTimestamp)).toBe('INVALID_STATE');
    expect(codeOf(() => media.chain({ type: 'rtcp-sr-reporter' }))).toBe('INVALID_STATE');

    media.setPacketizer({ type: 'h264', rtp });
    expect(codeOf(() => media.send(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3])))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => media.send(Buffer.from([0, 0, 0, 50, 0x65, 1])))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.send(Buffer.from([0, 0, 0, 0, 0, 0, 0, 0])))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => media.send(Buffer.alloc(0)))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.send(Buffer.from([0, 0, 0, 2, 0x65, 1])))).toBe('ok');
    // A new packetizer starts its sequence numbers at random: SRTP refuses those that look
    // replayed on the same SSRC, so each packetizer here sends as its own stream.
    media.setPacketizer({ type: 'h264', separator: 'StartSequence', rtp: { ...rtp, ssrc: 43 } });
    expect(codeOf(() => media.send(Buffer.from([0xff, 1, 2, 3])))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.send(Buffer.from([0, 0, 1])))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.send(Buffer.alloc(17 * 1024 * 1024)))).toBe('MESSAGE_TOO_LARGE');
    media.setPacketizer({ type: 'rtp', rtp: { ...rtp, ssrc: 44, clockRate: 48_000 } });
    expect(codeOf(() => media.send(Buffer.alloc(1300, 1)))).toBe('MESSAGE_TOO_LARGE');
    expect(codeOf(() => media.send(Buffer.alloc(1200, 1)))).toBe('ok');

    // Settings node-datachannel would cast silently.
    for (const bad of [
      { payloadType: 300 },
      { clockRate: 0 },
      { ssrc: -1 },
      { cname: 'a\0b' },
      { timestamp: 2 ** 32 },
    ])
      expect(codeOf(() => media.setPacketizer({ type: 'h264', rtp: { ...rtp, ...bad } }))).toBe(
        'INVALID_ARGUMENT',
      );
    expect(
      codeOf(() => media.setPacketizer({ type: 'h264', separator: 'Nope' as never, rtp })),
    ).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.chain({ type: 'pacing', bitsPerSecond: 0, sendIntervalMs: 5 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(codeOf(() => media.requestBitrate(-1))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.requestBitrate(2 ** 32))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => media.requestBitrate(0))).toBe('ok');

    // Orders libdatachannel would run wrongly, and what node-datachannel cannot do.
    media.chain({ type: 'rtcp-receiving-session' });
    expect(codeOf(() => media.chain({ type: 'pli-handler', onPli: () => {} }))).toBe('UNSUPPORTED');
    media.chain({ type: 'pacing', bitsPerSecond: 8_000_000, sendIntervalMs: 5 });
    expect(codeOf(() => media.chain({ type: 'rtcp-nack-responder' }))).toBe('INVALID_STATE');
    expect(media.handlers).toEqual(['rtp', 'rtcp-receiving-session', 'pacing']);
    expect(codeOf(() => media.send(Buffer.from([1, 2, 3])))).toBe('ok');
    expect(sender.errors).toEqual([]);
  } finally {
    await pair.close();
  }
});

test('RTP timestamps convert as libdatachannel converts them', () => {
  expect(secondsToRtpTimestamp(1.5, 90_000)).toBe(135_000);
  expect(secondsToRtpTimestamp(-0.5 / 90_000, 90_000)).toBe(0xffff_ffff);
  expect(secondsToRtpTimestamp(2 ** 32 / 90_000 + 1, 90_000)).toBe(90_000);
  expect(rtpTimestampToSeconds(135_000, 90_000)).toBe(1.5);
  const remb = Buffer.from([
    0x8f, 206, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0, 0x52, 0x45, 0x4d, 0x42, 1, 0x06, 0x49, 0xf0,
  ]);
  // exponent 1, mantissa 150000: 300000 bits per second.
  expect(readRtcpFeedback(remb.subarray(0, 20))).toEqual({ keyframe: false, bitrate: undefined }); // too short
  const full = Buffer.concat([remb, Buffer.from([0, 0, 0, 42])]);
  full.writeUInt16BE(5, 2);
  expect(readRtcpFeedback(full)).toEqual({ keyframe: false, bitrate: 300_000 });
  const fir = Buffer.from([0x80, 196, 0, 1, 0, 0, 0, 1]);
  expect(readRtcpFeedback(fir).keyframe).toBe(true);
});
