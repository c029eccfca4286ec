// capi.messages.1k: 1 KiB messages sent with rtcSendMessage and received through the message
// callback, vs raw node-datachannel, alternate rounds in the same process (best of each).
import * as capi from '@rxdc/capi-compat';
import nodeDataChannel from 'node-datachannel';

const MESSAGE = 1024;
const COUNT = 20_000;
const ROUNDS = 3;
const HIGH = 1 << 20;
const cfg = { iceServers: [], bindAddress: '127.0.0.1' };

function until(check, ms = 15_000) {
  return new Promise((resolve, reject) => {
    const start = Date.now();
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() - start > ms) reject(new Error('bench timeout'));
      else setTimeout(tick, 1);
    };
    tick();
  });
}

async function rawRound() {
  const a = new nodeDataChannel.PeerConnection('a', cfg);
  const b = new nodeDataChannel.PeerConnection('b', cfg);
  a.onStateChange(() => {});
  b.onStateChange(() => {});
  a.onLocalDescription((sdp, type) => b.setRemoteDescription(sdp, type));
  b.onLocalDescription((sdp, type) => a.setRemoteDescription(sdp, type));
  a.onLocalCandidate((c, m) => b.addRemoteCandidate(c, m));
  b.onLocalCandidate((c, m) => a.addRemoteCandidate(c, m));
  let received = 0;
  let remote = null;
  b.onDataChannel((dc) => {
    remote = dc;
    dc.onClosed(() => {});
    dc.onMessage(() => {
      received++;
    });
  });
  const dc = a.createDataChannel('bench');
  let open = false;
  dc.onOpen(() => {
    open = true;
  });
  dc.onClosed(() => {});
  await until(() => open && remote);
  const payload = Buffer.alloc(MESSAGE, 7);
  let sent = 0;
  dc.setBufferedAmountLowThreshold(HIGH / 2);
  const pump = () => {
    while (sent < COUNT && dc.bufferedAmount() < HIGH) {
      dc.sendMessageBinary(payload);
      sent++;
    }
  };
  dc.onBufferedAmountLow(pump);
  const start = performance.now();
  pump();
  await until(() => received >= COUNT, 60_000);
  const rate = COUNT / ((performance.now() - start) / 1000);
  dc.close();
  remote.close();
  a.close();
  b.close();
  return rate;
}

async function capiRound() {
  const peers = {};
  const mk = (name) => {
    const pc = capi.rtcCreatePeerConnection({ bindAddress: '127.0.0.1' });
    peers[name] = pc;
    return pc;
  };
  const a = mk('a');
  const b = mk('b');
  capi.rtcSetLocalDescriptionCallback(a, (_pc, sdp, type) =>
    capi.rtcSetRemoteDescription(b, sdp, type),
  );
  capi.rtcSetLocalDescriptionCallback(b, (_pc, sdp, type) =>
    capi.rtcSetRemoteDescription(a, sdp, type),
  );
  capi.rtcSetLocalCandidateCallback(a, (_pc, c, m) => capi.rtcAddRemoteCandidate(b, c, m));
  capi.rtcSetLocalCandidateCallback(b, (_pc, c, m) => capi.rtcAddRemoteCandidate(a, c, m));
  let received = 0;
  let remote = 0;
  capi.rtcSetDataChannelCallback(b, (_pc, dc) => {
    remote = dc;
    capi.rtcSetMessageCallback(dc, () => {
      received++;
    });
  });
  const dc = capi.rtcCreateDataChannel(a, 'bench');
  let open = false;
  capi.rtcSetOpenCallback(dc, () => {
    open = true;
  });
  await until(() => open && remote);
  const payload = new Uint8Array(MESSAGE).fill(7);
  let sent = 0;
  capi.rtcSetBufferedAmountLowThreshold(dc, HIGH / 2);
  const pump = () => {
    while (sent < COUNT && capi.rtcGetBufferedAmount(dc) < HIGH) {
      capi.rtcSendMessage(dc, payload, MESSAGE);
      sent++;
    }
  };
  capi.rtcSetBufferedAmountLowCallback(dc, pump);
  const start = performance.now();
  pump();
  await until(() => received >= COUNT, 60_000);
  const rate = COUNT / ((performance.now() - start) / 1000);
  capi.rtcDeleteDataChannel(dc);
  capi.rtcDeleteDataChannel(remote);
  capi.rtcDeletePeerConnection(a);
  capi.rtcDeletePeerConnection(b);
  return rate;
}

export default [
  {
    id: 'capi.messages.1k',
    unit: 'msg/s',
    target: '>= 0.9',
    measure: async () => {
      let ours = 0;
      let baseline = 0;
      for (let round = 0; round < ROUNDS; round++) {
        baseline = Math.max(baseline, await rawRound());
        ours = Math.max(ours, await capiRound());
      }
      return { ours, baseline, extra: { messages: COUNT, rounds: ROUNDS } };
    },
  },
];
