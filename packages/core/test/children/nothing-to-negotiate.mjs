// setLocalDescription on a peer whose only track was closed: libdatachannel throws "No
// DataChannel or Track to negotiate" inside a call node-datachannel does not guard (SIGABRT).
// It must be refused with NOTHING_TO_NEGOTIATE, and a peer that still has something to
// negotiate must not be refused. argv[2]: the case.
import { PeerConnection, Video } from '../../dist/index.js';

const which = process.argv[2];
const pc = new PeerConnection({
  iceServers: [],
  bindAddress: '127.0.0.1',
  disableAutoNegotiation: true,
});
const video = (mid) => {
  const media = new Video(mid, 'SendOnly');
  media.addH264Codec(96);
  return media;
};
const track = pc.addTrack(video('video'));
if (which === 'rollback-then-track-closed') {
  pc.setLocalDescription('offer');
  pc.setLocalDescription('rollback');
}
if (which === 'two-tracks-one-closed') pc.addTrack(video('video2'));
if (which === 'channel-closed') pc.createDataChannel('x').close();
track.close();
try {
  pc.setLocalDescription();
  console.log('outcome: set');
} catch (error) {
  console.log(`outcome: ${error.name} ${error.code}`);
}
pc.close();
console.log('finished');
