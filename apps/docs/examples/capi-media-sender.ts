// libdatachannel's examples/media-sender, ported C-style to @rxdc/capi-compat: it forwards an
// RTP H.264 stream (payload type 96) received on UDP 127.0.0.1:6000 to a send-only video
// track, rewriting each packet's SSRC to the track's. It prints its offer (JSON, once ICE
// gathering is complete) and reads the answer (the same JSON) from its standard input; a
// second line, or the end of the input, stops it. As in the original's README, the RTP
// packets must be at most 1200 bytes (gstreamer's `rtph264pay mtu=1200`, ffmpeg's
// `-pkt_size 1200`): a larger one is refused (RTC_ERR_INVALID), never sent cut.
//
// Run: node capi-media-sender.js [udp_port=6000], e.g. with
//   ffmpeg -re -f lavfi -i testsrc2=size=640x480:rate=30 -c:v libx264 -profile:v baseline \
//     -tune zerolatency -g 30 -f rtp -payload_type 96 -pkt_size 1200 rtp://127.0.0.1:6000
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import {
  RTC_CODEC_H264,
  RTC_DIRECTION_SENDONLY,
  RTC_GATHERING_COMPLETE,
  readCString,
  rtcAddTrackEx,
  rtcCleanup,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetLocalDescription,
  rtcGetLocalDescriptionType,
  rtcIsOpen,
  rtcSendMessage,
  rtcSetGatheringStateChangeCallback,
  rtcSetLocalDescription,
  rtcSetRemoteDescription,
  rtcSetStateChangeCallback,
} from '@rxdc/capi-compat';

const port = Number(process.argv[2] ?? 6000);
const ssrc = 42;

const pc = rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
rtcSetStateChangeCallback(pc, (_pc, state) => console.log(`State: ${state}`));
rtcSetGatheringStateChangeCallback(pc, (_pc, state) => {
  console.log(`Gathering State: ${state}`);
  if (state !== RTC_GATHERING_COMPLETE) return;
  const sdp = new Uint8Array(16384);
  const type = new Uint8Array(16);
  rtcGetLocalDescription(pc, sdp, sdp.length);
  rtcGetLocalDescriptionType(pc, type, type.length);
  console.log(JSON.stringify({ type: readCString(type), sdp: readCString(sdp) }));
});

const sock = createSocket('udp4');
sock.bind(port, '127.0.0.1', () => sock.setRecvBufferSize(212992));

const tr = rtcAddTrackEx(pc, {
  direction: RTC_DIRECTION_SENDONLY,
  codec: RTC_CODEC_H264,
  payloadType: 96, // Must match the payload type of the external h264 RTP stream
  ssrc,
  mid: 'video',
  name: 'video-send',
  profile: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
});
rtcSetLocalDescription(pc, null);
console.log(`RTP video stream expected on localhost:${port}`);
console.log('Please copy/paste the answer provided by the browser: ');

let refused = 0;
sock.on('message', (packet) => {
  if (packet.length < 12 || !rtcIsOpen(tr)) return;
  packet.writeUInt32BE(ssrc, 8); // rtp->setSsrc(ssrc)
  if (rtcSendMessage(tr, packet, packet.length) < 0 && refused++ === 0)
    console.error(`RTP packet of ${packet.length} bytes refused: keep them at most 1200 bytes`);
});

const input = createInterface({ input: process.stdin });
let answered = false;
const stop = async () => {
  sock.close();
  rtcDeletePeerConnection(pc);
  await rtcCleanup();
  console.log('stopped');
};
input.on('line', (line) => {
  if (answered) {
    input.close();
    return;
  }
  answered = true;
  const answer = JSON.parse(line) as { type: string; sdp: string };
  rtcSetRemoteDescription(pc, answer.sdp, answer.type);
});
input.once('close', stop);
