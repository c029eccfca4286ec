// Two connected peers on native's lifetimes, a log sink installed, then closeEverything(): the
// process must exit by itself with nothing alive (prints a JSON report first).
import {
  addLogSink,
  ChannelLifetime,
  closeEverything,
  liveObjects,
  NativePeerConnectionClass,
  PeerLifetime,
} from '../../dist/index.js';

const ignore = () => {};
const lines = [];
const removeSink = addLogSink('Info', (level, message) => lines.push(`${level} ${message}`));
const channelCallbacks = {
  message: ignore,
  open: ignore,
  error: ignore,
  bufferedAmountLow: ignore,
  closed: ignore,
};
function peer(name, onSignal) {
  const native = new NativePeerConnectionClass(name, { iceServers: [], bindAddress: '127.0.0.1' });
  const lifetime = new PeerLifetime(
    native,
    {
      localDescription: (sdp, type) => onSignal({ sdp, type: type.toLowerCase() }),
      localCandidate: (candidate, mid) => onSignal({ candidate, mid }),
      state: ignore,
      iceState: ignore,
      signalingState: ignore,
      gatheringState: ignore,
      dataChannel: (dc) => {
        const channel = new ChannelLifetime('DataChannel', dc, channelCallbacks, {
          report: ignore,
        });
        lifetime.adoptIncoming(channel);
      },
      track: ignore,
      closing: ignore,
      closed: ignore,
    },
    ignore,
  );
  return lifetime;
}
let a;
let b;
const deliver = (to) => (signal) =>
  setImmediate(() => {
    if ('sdp' in signal) to().setRemoteDescription(signal);
    else to().addRemoteCandidate(signal);
  });
a = peer(
  'a',
  deliver(() => b),
);
b = peer(
  'b',
  deliver(() => a),
);
let opened = false;
const local = new ChannelLifetime(
  'DataChannel',
  a.native.createDataChannel('x'),
  {
    ...channelCallbacks,
    open: () => {
      opened = true;
    },
  },
  { report: ignore },
);
a.adopt(local);
const deadline = Date.now() + 20_000;
while (!opened && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
const before = liveObjects().length;
await closeEverything();
removeSink();
console.log(
  JSON.stringify({ opened, before, after: liveObjects().length, logged: lines.length > 0 }),
);
