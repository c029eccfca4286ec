// A program that opens two connections of @rxdc/webrtc (CommonJS build), uses them, leaves
// a listener that throws, and closes them; it must exit by itself, without cleanup().
const { RTCPeerConnection } = require(process.argv[2]);
const mode = process.argv[3];
const config = { bindAddress: '127.0.0.1' };
let thrown = 0;
process.on('uncaughtException', (error) => {
  if (String(error.message).includes('(expected)')) thrown += 1;
  else throw error;
});

async function once() {
  const a = new RTCPeerConnection(config);
  const b = new RTCPeerConnection(config);
  a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate).catch(() => {});
  b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate).catch(() => {});
  const channel = a.createDataChannel('x');
  const echoed = new Promise((resolve) => {
    channel.onmessage = ({ data }) => resolve(data);
  });
  b.ondatachannel = ({ channel: remote }) => {
    remote.onmessage = ({ data }) => {
      remote.send(data);
      throw new Error('listener failure (expected)');
    };
  };
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  await new Promise((resolve) => {
    channel.onopen = resolve;
  });
  channel.send('ping');
  if ((await echoed) !== 'ping') throw new Error('no echo');
  // Calls that end as unhandled rejections or aborts in other implementations.
  await a.addIceCandidate({ candidate: 'candidate:bogus', sdpMid: '7' }).catch(() => {});
  if (mode === 'remote-close') {
    // Only one side closes: the other must let the process go once its peer is gone.
    a.close();
    await new Promise((resolve) => {
      b.onconnectionstatechange = () => b.connectionState === 'disconnected' && resolve();
    });
    b.close();
  } else if (mode === 'channel-close') {
    channel.close();
    await new Promise((resolve) => {
      channel.onclose = resolve;
    });
    a.close();
    b.close();
  } else {
    a.close();
    b.close();
  }
  try {
    channel.send('after close');
  } catch (error) {
    if (error.name !== 'InvalidStateError') throw error;
  }
}

(async () => {
  await once();
  await once();
  process.stdout.write(`done thrown=${thrown}\n`);
})();
