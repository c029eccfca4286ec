// libdatachannel's examples/media-receiver, ported C-style to @rxdc/capi-compat: a receive-only
// H.264 video track (payload type 96, 3 Mbit/s asked with `b=AS:3000`) with an RTCP receiving
// session, whose RTP packets are forwarded to UDP 127.0.0.1:5000 (for gstreamer or ffplay). It
// prints its offer (JSON, once ICE gathering is complete) and reads the answer (the same JSON)
// from its standard input; a second line ("press any key"), or the end of the input, stops it.
//
// Run: node capi-media-receiver.js [udp_port=5000]
import { createSocket } from 'node:dgram';
import { createInterface } from 'node:readline';
import {
  RTC_GATHERING_COMPLETE,
  readCString,
  rtcAddTrack,
  rtcChainRtcpReceivingSession,
  rtcCleanup,
  rtcCreatePeerConnection,
  rtcDeletePeerConnection,
  rtcGetLocalDescription,
  rtcGetLocalDescriptionType,
  rtcSetGatheringStateChangeCallback,
  rtcSetLocalDescription,
  rtcSetMessageCallback,
  rtcSetRemoteDescription,
  rtcSetStateChangeCallback,
} from '@rxdc/capi-compat';

const port = Number(process.argv[2] ?? 5000);

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

// Request 3Mbps (Browsers do not encode more than 2.5MBps from a webcam)
const tr = rtcAddTrack(
  pc,
  [
    'm=video 9 UDP/TLS/RTP/SAVPF 96',
    'a=mid:video',
    'a=recvonly',
    'b=AS:3000',
    'a=rtpmap:96 H264/90000',
    'a=rtcp-fb:96 nack',
    'a=rtcp-fb:96 nack pli',
    'a=rtcp-fb:96 goog-remb',
    'a=fmtp:96 profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
    '',
  ].join('\r\n'),
);
rtcChainRtcpReceivingSession(tr);
rtcSetMessageCallback(tr, (_tr, message) => {
  // This is an RTP packet
  sock.send(message as Uint8Array, port, '127.0.0.1');
});

rtcSetLocalDescription(pc, null);
console.log(`Expect RTP video traffic on localhost:${port}`);
console.log('Please copy/paste the answer provided by the browser: ');

const input = createInterface({ input: process.stdin });
let answered = false;
input.on('line', (line) => {
  if (answered) {
    input.close();
    return;
  }
  answered = true;
  console.log('Got answer');
  const answer = JSON.parse(line) as { type: string; sdp: string };
  rtcSetRemoteDescription(pc, answer.sdp, answer.type);
  console.log('Press any key to exit.');
});
input.once('close', async () => {
  rtcDeletePeerConnection(pc);
  sock.close();
  await rtcCleanup();
  console.log('stopped');
});
