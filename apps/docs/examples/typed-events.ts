// The same objects without RxJS: every stream is also a typed event.
// #region example
import { PeerConnection, shutdown } from '@rxdc/core';

const config = { iceServers: [], bindAddress: '127.0.0.1' };
const left = new PeerConnection(config);
const right = new PeerConnection(config);

left.on('localDescription', (description) => right.setRemoteDescription(description));
left.on('localCandidate', (candidate) => right.addRemoteCandidate(candidate));
right.on('localDescription', (description) => left.setRemoteDescription(description));
right.on('localCandidate', (candidate) => left.addRemoteCandidate(candidate));

right.on('dataChannel', (channel) => {
  channel.on('message', (message) => {
    console.log('right received', message);
    left.close();
    right.close();
    void shutdown().then(() => console.log('done'));
  });
});

const channel = left.createDataChannel('events');
channel.on('open', () => channel.send('hello through events'));
// #endregion example
