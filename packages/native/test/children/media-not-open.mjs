// Every media call on a track that is not open, or closed: node-datachannel aborts the process
// for requestKeyframe/requestBitrate when a handler would send them (libdatachannel throws
// "Track is not open" through an unguarded native call). Through @rxdc/native each one must be
// a typed RtcError and the process must exit 0. Prints one line per call: "<call> <code|result>".
import nodeDataChannel from 'node-datachannel';
import { ChannelLifetime } from '../../dist/index.js';

const pc = new nodeDataChannel.PeerConnection('p', { iceServers: [], bindAddress: '127.0.0.1' });
const video = new nodeDataChannel.Video('v', 'SendRecv');
video.addH264Codec(96);
const native = pc.addTrack(video);
const lifetime = new ChannelLifetime(
  'Track',
  native,
  { message() {}, open() {}, error() {}, bufferedAmountLow() {}, closed() {} },
  { report: (e) => console.log('reported', String(e)) },
);
const media = lifetime.media;
const outcome = (name, call) => {
  try {
    console.log(name, String(call()));
  } catch (error) {
    console.log(name, error?.code ?? `not an RtcError: ${error}`);
  }
};
media.setPacketizer({
  type: 'h264',
  separator: 'StartSequence',
  rtp: { ssrc: 1, cname: 'c', payloadType: 96, clockRate: 90000 },
});
media.chain({ type: 'rtcp-receiving-session' });
globalThis.gc?.();
outcome('requestKeyframe', () => media.requestKeyframe());
outcome('requestBitrate', () => media.requestBitrate(100000));
outcome('requestBitrate-zero', () => media.requestBitrate(0));
outcome('send', () => media.send(Buffer.from([0, 0, 0, 1, 0x65, 1])));
outcome('rtpTimestamp', () => {
  media.rtpTimestamp = 1234;
  return media.rtpTimestamp;
});
lifetime.close();
outcome('closed-requestKeyframe', () => media.requestKeyframe());
outcome('closed-requestBitrate', () => media.requestBitrate(1000));
outcome('closed-send', () => media.send(Buffer.from([0, 0, 0, 1, 0x65, 1])));
outcome('closed-setPacketizer', () =>
  media.setPacketizer({
    type: 'rtp',
    rtp: { ssrc: 1, cname: 'c', payloadType: 111, clockRate: 48000 },
  }),
);
outcome('closed-chain', () => media.chain({ type: 'rtcp-nack-responder' }));
outcome('closed-rtpTimestamp', () => media.rtpTimestamp);
outcome('closed-set-rtpTimestamp', () => {
  media.rtpTimestamp = 5;
});
outcome('closed-media', () => lifetime.media.handlers.length);
pc.close();
await lifetime.whenReleased();
console.log('finished');
