// Every media function of rtc.h 0.24.5, called as a C program calls it, between two loopback
// peers: valid ids do what rtc.h says (native packetizers and RTCP handlers, PLI/REMB handlers,
// the interceptor, RTP timestamps), invalid ids and bad arguments give the documented codes.
import { expect, test } from 'vitest';
import {
  RTC_CODEC_H264,
  RTC_CODEC_OPUS,
  RTC_CODEC_PCMU,
  RTC_DEFAULT_MAX_STORED_PACKET_COUNT,
  RTC_DIRECTION_SENDONLY,
  RTC_ERR_FAILURE,
  RTC_ERR_INVALID,
  RTC_ERR_NOT_AVAIL,
  RTC_ERR_SUCCESS,
  RTC_NAL_SEPARATOR_START_SEQUENCE,
  RTC_OBU_PACKETIZED_TEMPORAL_UNIT,
  readCString,
  rtcAddTrackEx,
  rtcChainPliHandler,
  rtcChainRembHandler,
  rtcChainRtcpNackResponder,
  rtcChainRtcpReceivingSession,
  rtcChainRtcpSrReporter,
  rtcCreateAnswer,
  rtcCreateDataChannel,
  rtcCreateOffer,
  rtcCreateOpaqueMessage,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetCurrentTrackTimestamp,
  rtcGetLastTrackSenderReportTimestamp,
  rtcGetTrackDescription,
  rtcRequestBitrate,
  rtcRequestKeyframe,
  rtcSendMessage,
  rtcSetAACPacketizationHandler,
  rtcSetAACPacketizer,
  rtcSetAV1PacketizationHandler,
  rtcSetAV1Packetizer,
  rtcSetG722Packetizer,
  rtcSetH264PacketizationHandler,
  rtcSetH264Packetizer,
  rtcSetH265PacketizationHandler,
  rtcSetH265Packetizer,
  rtcSetMediaInterceptorCallback,
  rtcSetNeedsToSendRtcpSr,
  rtcSetOpusPacketizationHandler,
  rtcSetOpusPacketizer,
  rtcSetPCMAPacketizer,
  rtcSetPCMUPacketizer,
  rtcSetThreadPoolSize,
  rtcSetTrackRtpTimestamp,
  rtcSetUserPointer,
  rtcTransformSecondsToTimestamp,
  rtcTransformTimestampToSeconds,
} from '../src/index.js';
import { until } from './helpers.js';
import { annexBFrame, isRtcp, mediaPeers, rtpSsrc, rtpTimestamp } from './media-peers.js';

const video = { ssrc: 42, cname: 'camera', payloadType: 96, clockRate: 90000 };
const packetizers = [
  rtcSetH264Packetizer,
  rtcSetH265Packetizer,
  rtcSetAV1Packetizer,
  rtcSetOpusPacketizer,
  rtcSetAACPacketizer,
  rtcSetPCMUPacketizer,
  rtcSetPCMAPacketizer,
  rtcSetG722Packetizer,
  rtcSetH264PacketizationHandler,
  rtcSetH265PacketizationHandler,
  rtcSetAV1PacketizationHandler,
  rtcSetOpusPacketizationHandler,
  rtcSetAACPacketizationHandler,
];

test('bad ids and bad arguments give the documented codes', () => {
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  const dc = rtcCreateDataChannel(pc, 'x');
  const tr = rtcAddTrackEx(pc, {
    codec: RTC_CODEC_H264,
    payloadType: 96,
    direction: RTC_DIRECTION_SENDONLY,
  });
  try {
    const out = new Uint32Array(1);
    const seconds = new Float64Array(1);
    for (const id of [0, -1, 99_999, pc, dc, 1.5, Number.NaN]) {
      for (const set of packetizers) expect(set(id, video)).toBe(RTC_ERR_INVALID);
      expect(rtcChainRtcpReceivingSession(id)).toBe(RTC_ERR_INVALID);
      expect(rtcChainRtcpSrReporter(id)).toBe(RTC_ERR_INVALID);
      expect(rtcChainRtcpNackResponder(id, 512)).toBe(RTC_ERR_INVALID);
      expect(rtcChainPliHandler(id, () => {})).toBe(RTC_ERR_INVALID);
      expect(rtcChainRembHandler(id, () => {})).toBe(RTC_ERR_INVALID);
      expect(rtcTransformSecondsToTimestamp(id, 1, out)).toBe(RTC_ERR_INVALID);
      expect(rtcTransformTimestampToSeconds(id, 1, seconds)).toBe(RTC_ERR_INVALID);
      expect(rtcGetCurrentTrackTimestamp(id, out)).toBe(RTC_ERR_INVALID);
      expect(rtcSetTrackRtpTimestamp(id, 1)).toBe(RTC_ERR_INVALID);
      expect(rtcGetLastTrackSenderReportTimestamp(id, out)).toBe(RTC_ERR_INVALID);
      expect(rtcRequestKeyframe(id)).toBe(RTC_ERR_INVALID);
      expect(rtcRequestBitrate(id, 1000)).toBe(RTC_ERR_INVALID);
      if (id !== pc) {
        expect(rtcSetMediaInterceptorCallback(id, () => null)).toBe(RTC_ERR_INVALID);
        expect(rtcCreateOffer(id, null, 0)).toBe(RTC_ERR_INVALID);
        expect(rtcCreateAnswer(id, null, 0)).toBe(RTC_ERR_INVALID);
      }
      // A no-op in C for any id.
      expect(rtcSetNeedsToSendRtcpSr(id)).toBe(RTC_ERR_SUCCESS);
    }
    // A track without a packetizer has no RTP configuration (C: "RTP configuration ID does not exist").
    expect(rtcTransformSecondsToTimestamp(tr, 1, out)).toBe(RTC_ERR_INVALID);
    expect(rtcGetCurrentTrackTimestamp(tr, out)).toBe(RTC_ERR_INVALID);
    expect(rtcSetTrackRtpTimestamp(tr, 1)).toBe(RTC_ERR_INVALID);
    expect(rtcChainRtcpSrReporter(tr)).toBe(RTC_ERR_INVALID);
    expect(rtcGetLastTrackSenderReportTimestamp(tr, out)).toBe(RTC_ERR_INVALID);
    // Bad packetizer inits: null, no cname, out of their C types' ranges.
    for (const init of [
      null,
      { ...video, cname: null },
      { ...video, payloadType: 128 },
      { ...video, clockRate: 0 },
      { ...video, ssrc: 2 ** 32 },
      { ...video, nalSeparator: 4 },
      { ...video, sequenceNumber: 70_000 },
      { ...video, maxFragmentSize: -1 },
      { ...video, playoutDelayId: 15 },
    ]) {
      expect(rtcSetH264Packetizer(tr, init as never)).toBe(RTC_ERR_INVALID);
    }
    // Color space: not in node-datachannel's RtpPacketizationConfig.
    expect(rtcSetH264Packetizer(tr, { ...video, colorSpaceId: 3 })).toBe(RTC_ERR_NOT_AVAIL);
    for (const set of packetizers)
      expect(set(tr, { ...video, sequenceNumber: 7 })).toBe(RTC_ERR_SUCCESS);
    expect(
      rtcSetAV1Packetizer(tr, { ...video, obuPacketization: RTC_OBU_PACKETIZED_TEMPORAL_UNIT }),
    ).toBe(RTC_ERR_SUCCESS);
    // Timestamps: C's optional out-pointers (null writes nothing), bad ones are invalid.
    expect(rtcGetCurrentTrackTimestamp(tr, null)).toBe(RTC_ERR_SUCCESS);
    expect(rtcGetCurrentTrackTimestamp(tr, new Int32Array(1) as never)).toBe(RTC_ERR_INVALID);
    expect(rtcTransformSecondsToTimestamp(tr, Number.POSITIVE_INFINITY, out)).toBe(RTC_ERR_INVALID);
    expect(rtcTransformTimestampToSeconds(tr, -1, seconds)).toBe(RTC_ERR_INVALID);
    expect(rtcSetTrackRtpTimestamp(tr, 2 ** 32)).toBe(RTC_ERR_INVALID);
    expect(rtcChainRtcpNackResponder(tr, 0)).toBe(RTC_ERR_INVALID);
    expect(rtcChainPliHandler(tr, null)).toBe(RTC_ERR_INVALID);
    expect(rtcChainRembHandler(tr, 'f' as never)).toBe(RTC_ERR_INVALID);
    expect(rtcRequestBitrate(tr, -1)).toBe(RTC_ERR_INVALID);
    expect(rtcSetMediaInterceptorCallback(pc, 'f' as never)).toBe(RTC_ERR_INVALID);
    expect(rtcSetMediaInterceptorCallback(pc, null)).toBe(RTC_ERR_SUCCESS);
    // Not open: a request no handler would send runs (C: SUCCESS); one the session would send
    // fails (C: "Track is not open"; node-datachannel would abort the process).
    expect(rtcRequestKeyframe(tr)).toBe(RTC_ERR_SUCCESS);
    expect(rtcChainRtcpReceivingSession(tr)).toBe(RTC_ERR_SUCCESS);
    expect(rtcRequestKeyframe(tr)).toBe(RTC_ERR_FAILURE);
    expect(rtcRequestBitrate(tr, 0)).toBe(RTC_ERR_FAILURE);
    // After a receiving session, a PLI or REMB handler cannot see RTCP (see rtcChainPliHandler).
    expect(rtcChainPliHandler(tr, () => {})).toBe(RTC_ERR_NOT_AVAIL);
    expect(rtcChainRembHandler(tr, () => {})).toBe(RTC_ERR_NOT_AVAIL);
    // Proven impossible through node-datachannel 0.33 (see their documentation).
    expect(rtcCreateOffer(pc, null, 0)).toBe(RTC_ERR_NOT_AVAIL);
    expect(rtcCreateAnswer(pc, null, 0)).toBe(RTC_ERR_NOT_AVAIL);
    expect(rtcSetThreadPoolSize(4)).toBe(RTC_ERR_NOT_AVAIL);
    expect(rtcSetThreadPoolSize(-1)).toBe(RTC_ERR_INVALID);
  } finally {
    rtcDeletePeerConnection(pc);
  }
});

test('rtcAddTrackEx honours codec, payload type, SSRC, name, msid, track id and profile as libdatachannel writes them', () => {
  const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
  try {
    const description = (tr: number) => {
      const buffer = new Uint8Array(4096);
      expect(rtcGetTrackDescription(tr, buffer, buffer.length)).toBeGreaterThan(0);
      return readCString(buffer);
    };
    const cam = rtcAddTrackEx(pc, {
      direction: RTC_DIRECTION_SENDONLY,
      codec: RTC_CODEC_H264,
      payloadType: 102,
      ssrc: 1234,
      mid: 'cam',
      name: 'camera',
      msid: 'stream-1',
      trackId: 'video-1',
      profile: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
    });
    const sdp = description(cam);
    expect(sdp).toMatch(/^m=video 9 UDP\/TLS\/RTP\/SAVPF 102\r\n/);
    expect(sdp).toContain('a=mid:cam\r\n');
    expect(sdp).toContain('a=sendonly\r\n');
    expect(sdp).toContain('a=rtpmap:102 H264/90000\r\n');
    expect(sdp).toContain('a=rtcp-fb:102 nack pli\r\n');
    expect(sdp).toContain(
      'a=fmtp:102 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1\r\n',
    );
    expect(sdp).toContain('a=ssrc:1234 cname:camera\r\n');
    expect(sdp).toContain('a=ssrc:1234 msid:stream-1 video-1\r\n');
    expect(sdp).toContain('a=msid:stream-1 video-1\r\n');
    // No name: a bare SSRC line, the MSID lines still written; no profile: no fmtp (as in C).
    const mic = rtcAddTrackEx(pc, {
      codec: RTC_CODEC_OPUS,
      payloadType: 111,
      ssrc: 99,
      msid: 'stream-1',
    });
    const audio = description(mic);
    expect(audio).toContain('a=mid:audio\r\n');
    expect(audio).toContain('a=rtpmap:111 opus/48000/2\r\n');
    expect(audio).not.toContain('a=fmtp');
    expect(audio).toContain('a=ssrc:99\r\n');
    expect(audio).toContain('a=ssrc:99 msid:stream-1 stream-1\r\n');
    const pcmu = description(
      rtcAddTrackEx(pc, { codec: RTC_CODEC_PCMU, payloadType: 0, mid: 'pcmu' }),
    );
    expect(pcmu).toContain('a=rtpmap:0 PCMU/8000/1\r\n');
    expect(pcmu).toContain('a=ssrc:0\r\n');
    for (const bad of [
      { codec: 5 },
      { codec: RTC_CODEC_H264, direction: 5 },
      { codec: RTC_CODEC_H264, payloadType: 128 },
      { codec: RTC_CODEC_H264, ssrc: -1 },
      { codec: RTC_CODEC_H264, name: 'a\r\nb' },
      { codec: RTC_CODEC_H264, profile: 7 },
    ]) {
      expect(rtcAddTrackEx(pc, bad as never)).toBe(RTC_ERR_INVALID);
    }
  } finally {
    rtcDeletePeerConnection(pc);
  }
});

test('H.264 through the native packetizer, SR reporter and NACK responder; keyframe and bitrate requests reach the PLI and REMB handlers', async () => {
  const plis: Array<[number, unknown]> = [];
  const rembs: Array<[number, number, unknown]> = [];
  const intercepted: number[] = [];
  const peers = mediaPeers(
    {
      direction: RTC_DIRECTION_SENDONLY,
      codec: RTC_CODEC_H264,
      payloadType: 96,
      ssrc: 42,
      name: 'camera',
      msid: 'stream',
      trackId: 'video',
    },
    (tr) => {
      rtcSetUserPointer(tr, 'sender-pointer');
      expect(
        rtcSetH264Packetizer(tr, {
          ...video,
          nalSeparator: RTC_NAL_SEPARATOR_START_SEQUENCE,
          timestamp: 7000,
        }),
      ).toBe(RTC_ERR_SUCCESS);
      expect(rtcChainRtcpSrReporter(tr)).toBe(RTC_ERR_SUCCESS);
      expect(rtcChainRtcpNackResponder(tr, RTC_DEFAULT_MAX_STORED_PACKET_COUNT)).toBe(
        RTC_ERR_SUCCESS,
      );
      expect(rtcChainPliHandler(tr, (id, ptr) => plis.push([id, ptr]))).toBe(RTC_ERR_SUCCESS);
      expect(rtcChainRembHandler(tr, (id, bitrate, ptr) => rembs.push([id, bitrate, ptr]))).toBe(
        RTC_ERR_SUCCESS,
      );
    },
    (tr) => {
      expect(rtcChainRtcpReceivingSession(tr)).toBe(RTC_ERR_SUCCESS);
    },
  );
  try {
    // The interceptor of the receiving peer sees each packet first; it drops none here.
    expect(
      rtcSetMediaInterceptorCallback(peers.receiver.pc, (pc, message, size) => {
        expect(pc).toBe(peers.receiver.pc);
        intercepted.push(size);
        return message;
      }),
    ).toBe(RTC_ERR_SUCCESS);
    await peers.connect();
    const { sender, receiver } = peers;
    const timestamp = new Uint32Array(1);
    expect(rtcGetCurrentTrackTimestamp(sender.tr, timestamp)).toBe(RTC_ERR_SUCCESS);
    expect(timestamp[0]).toBe(7000);
    const step = new Uint32Array(1);
    expect(rtcTransformSecondsToTimestamp(sender.tr, 1 / 30, step)).toBe(RTC_ERR_SUCCESS);
    expect(step[0]).toBe(3000);
    const seconds = new Float64Array(1);
    expect(rtcTransformTimestampToSeconds(sender.tr, 135_000, seconds)).toBe(RTC_ERR_SUCCESS);
    expect(seconds[0]).toBe(1.5);

    const frame = annexBFrame(3000);
    for (let i = 0; i < 30; i++) {
      expect(rtcSetTrackRtpTimestamp(sender.tr, 7000 + i * step[0]!)).toBe(RTC_ERR_SUCCESS);
      expect(rtcSendMessage(sender.tr, frame, frame.length)).toBe(RTC_ERR_SUCCESS);
    }
    // Per frame: SPS and PPS packets, the 3001-byte slice in 3 fragments.
    await until(() => receiver.received.length >= 150, 20_000, '150 RTP packets');
    expect(receiver.received.some(isRtcp)).toBe(false); // the receiving session consumed RTCP
    expect(new Set(receiver.received.map((p) => p[1]! & 0x7f))).toEqual(new Set([96]));
    expect(new Set(receiver.received.map(rtpSsrc))).toEqual(new Set([42]));
    const timestamps = [...new Set(receiver.received.map(rtpTimestamp))];
    expect(timestamps).toEqual(Array.from({ length: 30 }, (_, i) => 7000 + i * 3000));
    expect(intercepted.length).toBeGreaterThanOrEqual(150);
    expect(rtcGetLastTrackSenderReportTimestamp(sender.tr, timestamp)).toBe(RTC_ERR_SUCCESS);
    expect(timestamp[0]).toBe(7000); // the first report went with the first frame

    expect(rtcRequestKeyframe(receiver.tr)).toBe(RTC_ERR_SUCCESS);
    await until(() => plis.length > 0, 10_000, 'the PLI handler');
    expect(plis[0]).toEqual([sender.tr, 'sender-pointer']);
    expect(rtcRequestBitrate(receiver.tr, 500_000)).toBe(RTC_ERR_SUCCESS);
    await until(() => rembs.length > 0, 10_000, 'the REMB handler');
    expect(rembs[0]).toEqual([sender.tr, 500_000, 'sender-pointer']);

    // The interceptor can drop: nothing more is delivered.
    expect(rtcSetMediaInterceptorCallback(receiver.pc, () => null)).toBe(RTC_ERR_SUCCESS);
    const before = receiver.received.length;
    const seen = intercepted.length;
    for (let i = 0; i < 5; i++) rtcSendMessage(sender.tr, frame, frame.length);
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.length).toBe(before);
    expect(intercepted.length).toBe(seen);
    // ...or replace, with an opaque message.
    expect(
      rtcSetMediaInterceptorCallback(receiver.pc, () =>
        rtcCreateOpaqueMessage(Uint8Array.of(1, 2, 3), 3),
      ),
    ).toBe(RTC_ERR_SUCCESS);
    rtcSendMessage(sender.tr, frame, frame.length);
    await until(() => receiver.received.length > before, 10_000, 'a replaced packet');
    expect([...receiver.received.at(-1)!]).toEqual([1, 2, 3]);
  } finally {
    peers.close();
  }
});

test('audio packetizers: one frame per RTP packet at the clock rate given', async () => {
  const peers = mediaPeers(
    {
      direction: RTC_DIRECTION_SENDONLY,
      codec: RTC_CODEC_OPUS,
      payloadType: 111,
      ssrc: 7,
      name: 'mic',
    },
    (tr) => {
      expect(
        rtcSetOpusPacketizer(tr, { ssrc: 7, cname: 'mic', payloadType: 111, clockRate: 48000 }),
      ).toBe(RTC_ERR_SUCCESS);
    },
  );
  try {
    await peers.connect();
    const { sender, receiver } = peers;
    const step = new Uint32Array(1);
    expect(rtcTransformSecondsToTimestamp(sender.tr, 0.02, step)).toBe(RTC_ERR_SUCCESS);
    expect(step[0]).toBe(960);
    const opusFrame = new Uint8Array(120).fill(0xfc);
    for (let i = 0; i < 10; i++) {
      rtcSetTrackRtpTimestamp(sender.tr, i * 960);
      expect(rtcSendMessage(sender.tr, opusFrame, opusFrame.length)).toBe(RTC_ERR_SUCCESS);
    }
    // PCMU, PCMA, G722 and AAC on the same track, each as its own stream (SSRC).
    const others: Array<[typeof rtcSetPCMUPacketizer, number, number]> = [
      [rtcSetPCMUPacketizer, 0, 8000],
      [rtcSetPCMAPacketizer, 8, 8000],
      [rtcSetG722Packetizer, 9, 8000],
      [rtcSetAACPacketizer, 97, 48000],
    ];
    for (const [set, payloadType, clockRate] of others) {
      expect(
        set(sender.tr, { ssrc: 100 + payloadType, cname: 'mic', payloadType, clockRate }),
      ).toBe(RTC_ERR_SUCCESS);
      expect(rtcSendMessage(sender.tr, new Uint8Array(160).fill(0xd5), 160)).toBe(RTC_ERR_SUCCESS);
    }
    // A frame that cannot fit one packet is refused, not dropped silently.
    expect(rtcSendMessage(sender.tr, new Uint8Array(1300), 1300)).toBe(RTC_ERR_INVALID);
    await until(
      () => receiver.received.filter((p) => !isRtcp(p)).length >= 14,
      10_000,
      '14 audio packets',
    );
    const rtp = receiver.received.filter((p) => !isRtcp(p));
    const opus = rtp.filter((p) => rtpSsrc(p) === 7);
    expect(opus.map(rtpTimestamp)).toEqual(Array.from({ length: 10 }, (_, i) => i * 960));
    expect(opus.every((p) => p.length === 12 + 120 && (p[1]! & 0x7f) === 111)).toBe(true);
    for (const [, payloadType] of others) {
      const packet = rtp.find((p) => rtpSsrc(p) === 100 + payloadType);
      expect(packet).toBeDefined();
      expect(packet![1]! & 0x7f).toBe(payloadType);
      expect(packet!.length).toBe(12 + 160);
    }
  } finally {
    peers.close();
  }
});
