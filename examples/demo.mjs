// rxdc demo: two WebRTC peers in one process, connected only through @rxdc/core's Observables.
// They negotiate over loopback, open a data channel, exchange text and binary messages, print
// what happens, close, and the process exits by itself.
import { PeerConnection } from '@rxdc/core';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';

const started = performance.now();
const log = (who, what) =>
  console.log(
    `${(performance.now() - started).toFixed(1).padStart(7)} ms  ${who.padEnd(5)} ${what}`,
  );

// Loopback only: no STUN server, candidates on 127.0.0.1.
const config = { iceServers: [], bindAddress: '127.0.0.1' };
const alice = new PeerConnection({ ...config, name: 'alice' });
const bob = new PeerConnection({ ...config, name: 'bob' });

// Signaling: each peer's descriptions and candidates go straight to the other.
alice.localDescription$.subscribe((description) => {
  log('alice', `sends her ${description.type} (${description.sdp.length} bytes of SDP)`);
  bob.setRemoteDescription(description);
});
bob.localDescription$.subscribe((description) => {
  log('bob', `sends his ${description.type}`);
  alice.setRemoteDescription(description);
});
alice.localCandidate$.subscribe((candidate) => bob.addRemoteCandidate(candidate));
bob.localCandidate$.subscribe((candidate) => alice.addRemoteCandidate(candidate));
alice.state$.subscribe((state) => log('alice', `state ${state}`));
bob.state$.subscribe((state) => log('bob', `state ${state}`));

// Bob answers every message on every channel Alice opens. A connection that cannot be
// established fails dataChannel$ with an RtcError (code CONNECTION_FAILED) saying why.
bob.dataChannel$.subscribe({
  next: (channel) => {
    log('bob', `accepts channel "${channel.label}"`);
    channel.messages$.subscribe((message) => {
      const shown = typeof message === 'string' ? `"${message}"` : `${message.byteLength} bytes`;
      log('bob', `receives ${shown}`);
      channel.send(
        typeof message === 'string' ? message.toUpperCase() : Buffer.from(message).reverse(),
      );
    });
  },
  error: (error) => {
    log('bob', `connection failed: ${error.message}`);
    process.exitCode = 1;
  },
});

const chat = alice.createDataChannel('chat');
await firstValueFrom(chat.open$);
log(
  'alice',
  `channel "chat" open (stream ${chat.streamId}, max message ${chat.maxMessageSize} bytes)`,
);

const replies = lastValueFrom(chat.messages$.pipe(take(3), toArray()));
chat.send('hello bob');
chat.send('how are you?');
chat.send(new Uint8Array([1, 2, 3, 4]));
for (const reply of await replies) {
  log(
    'alice',
    `receives ${typeof reply === 'string' ? `"${reply}"` : `[${[...reply].join(', ')}]`}`,
  );
}

const pair = alice.selectedCandidatePair;
log(
  'alice',
  `connected ${pair?.local.address}:${pair?.local.port} -> ${pair?.remote.address}:${pair?.remote.port}`,
);

alice.close();
await firstValueFrom(bob.state$.pipe(filter((state) => state === 'closed')));
bob.close();
log('demo', 'both peers closed; the process now exits by itself');
