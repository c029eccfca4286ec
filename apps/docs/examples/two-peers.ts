// Two peers in one process, connected through @rxdc/core's Observables alone: they trade
// descriptions and candidates, open a data channel, exchange text and binary messages, and the
// process exits by itself after shutdown().
// #region example

import { PeerConnection, shutdown } from '@rxdc/core';
import { firstValueFrom, take, toArray } from 'rxjs';

// Loopback only: no STUN server, candidates on 127.0.0.1.
const config = { iceServers: [], bindAddress: '127.0.0.1' };
const alice = new PeerConnection({ ...config, name: 'alice' });
const bob = new PeerConnection({ ...config, name: 'bob' });

// Signaling: here the "wire" is a subscription; in a real app it is a WebSocket.
alice.localDescription$.subscribe((description) => bob.setRemoteDescription(description));
alice.localCandidate$.subscribe((candidate) => bob.addRemoteCandidate(candidate));
bob.localDescription$.subscribe((description) => alice.setRemoteDescription(description));
bob.localCandidate$.subscribe((candidate) => alice.addRemoteCandidate(candidate));

alice.state$.subscribe((state) => console.log('alice is', state));

const chat = alice.createDataChannel('chat');
const incoming = await firstValueFrom(bob.dataChannel$);
console.log(`bob got channel "${incoming.label}"`);

// Bob answers every message; messages sent before he subscribed are held for him.
incoming.messages$.subscribe((message) => {
  incoming.send(typeof message === 'string' ? `echo: ${message}` : message);
});

await firstValueFrom(chat.open$);
const replies = firstValueFrom(chat.messages$.pipe(take(2), toArray()));
chat.send('hello bob');
chat.send(new Uint8Array([1, 2, 3]));

for (const reply of await replies) console.log('alice received', reply);

// Closing completes every stream; shutdown() closes anything left and lets the process exit.
alice.close();
bob.close();
await shutdown();
console.log('done');
// #endregion example
