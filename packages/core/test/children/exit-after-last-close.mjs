// Each scenario ends with its last close (or shutdown()), then says "finished": the process must
// exit by itself within a second of it (issue 18: 7-15 s, ~7 s, or never, before rxdc released
// what node-datachannel never confirms). argv[2]: the scenario.
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { PeerConnection, shutdown, WebSocket } from '../../dist/index.js';
import { loopback } from './wire.mjs';

function wired() {
  const a = new PeerConnection({ ...loopback, name: 'a' });
  const b = new PeerConnection({ ...loopback, name: 'b' });
  a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
  a.localCandidate$.subscribe((c) => b.addRemoteCandidate(c));
  b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
  b.localCandidate$.subscribe((c) => a.addRemoteCandidate(c));
  return [a, b];
}

const scenarios = {
  // A data channel closed in the tick it was created: the peers still connect (the channel was
  // negotiated), then both close.
  async channelClosedAsCreated() {
    const [a, b] = wired();
    a.createDataChannel('gone').close();
    const connected = (peer) => firstValueFrom(peer.state$.pipe(filter((s) => s === 'connected')));
    await Promise.all([connected(a), connected(b)]);
    a.close();
    b.close();
  },
  // A WebSocket URL of 24,000 characters is refused; the socket is closed.
  async refusedLongUrl() {
    const socket = new WebSocket();
    try {
      socket.open(`ws://127.0.0.1:9/${'a'.repeat(24_000)}`);
    } catch (error) {
      if (error.code !== 'INVALID_ARGUMENT') throw error;
    }
    socket.close();
  },
  // A WebSocket never opened, then shutdown() (issue 20).
  async neverOpenedThenShutdown() {
    new WebSocket();
    await shutdown();
  },
  // A WebSocket whose open() threw on an http:// URL, then shutdown() (issue 20).
  async refusedSchemeThenShutdown() {
    const socket = new WebSocket();
    try {
      socket.open('http://127.0.0.1:9/');
    } catch (error) {
      if (error.code !== 'INVALID_ARGUMENT') throw error;
    }
    await shutdown();
  },
  // A connected pair whose channel is closed as it opens on the remote side.
  async closedAsItOpens() {
    const [a, b] = wired();
    b.dataChannel$.subscribe((channel) => channel.close());
    const local = a.createDataChannel('x');
    await lastValueFrom(local.closed$, { defaultValue: undefined });
    await firstValueFrom(a.state$.pipe(filter((s) => s === 'connected')));
    a.close();
    b.close();
  },
};

await scenarios[process.argv[2]]();
console.log('finished');
