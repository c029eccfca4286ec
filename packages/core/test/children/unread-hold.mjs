// 300 MiB sent to a channel (or socket) nobody reads, in another process: the receiver (this
// process) must stay within the hold limit + 64 MiB of RSS, report HOLD_OVERFLOW, and keep
// serving a second peer. Usage: node --expose-gc unread-hold.mjs <channel|socket>
// The sender is a child of this process (same script, role "sender-channel"/"sender-socket"),
// signaling over the IPC channel, so its memory is not counted here.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { PeerConnection, shutdown, WebSocket, WebSocketServer } from '../../dist/index.js';

const MiB = 1024 * 1024;
const TOTAL = 300 * MiB;
const CHUNK = 64 * 1024;
const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
const role = process.argv[2];
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends up to `total` bytes on `channel` with flow control; resolves with the bytes sent. */
function flood(channel, total) {
  return new Promise((resolve) => {
    const payload = Buffer.alloc(CHUNK, 7);
    let sent = 0;
    channel.bufferedAmountLowThreshold = 1 * MiB;
    const pump = () => {
      try {
        while (sent < total && channel.bufferedAmount < 4 * MiB) {
          channel.send(payload);
          sent += CHUNK;
        }
      } catch {
        return resolve(sent); // CLOSED: the receiver closed it
      }
      if (sent >= total) resolve(sent);
    };
    channel.bufferedAmountLow$.subscribe(pump);
    channel.closed$.subscribe(() => resolve(sent));
    pump();
  });
}

// ---------------------------------------------------------------- sender (child)
async function sender(kind) {
  const peers = new Map();
  process.on('message', async (message) => {
    if (message.type === 'port') {
      const url = `ws://127.0.0.1:${message.port}`;
      const first = new WebSocket();
      first.open(`${url}/flood`);
      await firstValueFrom(first.open$);
      const sent = await flood(first, TOTAL);
      process.send({ type: 'flooded', sent });
      const second = new WebSocket();
      second.open(`${url}/second`);
      await firstValueFrom(second.open$);
      const echo = firstValueFrom(second.messages$);
      second.send('ping');
      process.send({ type: 'second', echo: String(await echo) });
      first.close();
      second.close();
      await shutdown();
      process.exit(0);
    }
    const peer = peers.get(message.id);
    if (message.type === 'description') peer.setRemoteDescription(message.description);
    if (message.type === 'candidate') peer.addRemoteCandidate(message.candidate);
  });
  if (kind === 'socket') return;
  const connect = (id, label) => {
    const peer = new PeerConnection(loopback);
    peers.set(id, peer);
    peer.localDescription$.subscribe((description) =>
      process.send({ type: 'description', id, description }),
    );
    peer.localCandidate$.subscribe((candidate) =>
      process.send({ type: 'candidate', id, candidate }),
    );
    return peer.createDataChannel(label);
  };
  const first = connect(1, 'flood');
  await firstValueFrom(first.open$);
  const sent = await flood(first, TOTAL);
  process.send({ type: 'flooded', sent });
  const second = connect(2, 'second');
  await firstValueFrom(second.open$);
  const echo = firstValueFrom(second.messages$);
  second.send('ping');
  process.send({ type: 'second', echo: String(await echo) });
  for (const peer of peers.values()) peer.close();
  await shutdown();
  process.exit(0);
}

// ---------------------------------------------------------------- receiver (this process)
async function receiver(kind) {
  const child = fork(fileURLToPath(import.meta.url), [`sender-${kind}`], { stdio: 'inherit' });
  const fromSender = (type) =>
    new Promise((resolve) => {
      const listener = (message) => {
        if (message.type !== type) return;
        child.off('message', listener);
        resolve(message);
      };
      child.on('message', listener);
    });
  globalThis.gc();
  await sleep(200);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const errors = [];
  const peers = new Map();
  let server;
  const taken = [];
  if (kind === 'socket') {
    server = new WebSocketServer({ port: 0, bindAddress: '127.0.0.1' });
    server.clients$.subscribe((socket) => {
      taken.push(socket);
      socket.error$.subscribe((error) => errors.push(error.code));
      // The first socket is never read; the second one is served (an echo).
      if (socket.path === '/second') socket.messages$.subscribe((m) => socket.send(m));
    });
    child.send({ type: 'port', port: server.port });
  } else {
    child.on('message', (message) => {
      if (message.type !== 'description' && message.type !== 'candidate') return;
      let peer = peers.get(message.id);
      if (!peer) {
        peer = new PeerConnection(loopback);
        peers.set(message.id, peer);
        const id = message.id;
        peer.localDescription$.subscribe((description) =>
          child.send({ type: 'description', id, description }),
        );
        peer.localCandidate$.subscribe((candidate) =>
          child.send({ type: 'candidate', id, candidate }),
        );
        peer.dataChannel$.subscribe((channel) => {
          taken.push(channel);
          channel.error$.subscribe((error) => errors.push(error.code));
          // The first channel is never read; the second one is served (an echo).
          if (channel.label === 'second') channel.messages$.subscribe((m) => channel.send(m));
        });
      }
      if (message.type === 'description') peer.setRemoteDescription(message.description);
      else peer.addRemoteCandidate(message.candidate);
    });
  }
  const { sent } = await fromSender('flooded');
  const { echo } = await fromSender('second');
  clearInterval(sampler);
  const firstClosed = taken[0]?.isClosed === true;
  await new Promise((resolve) => child.on('exit', resolve));
  for (const peer of peers.values()) peer.close();
  server?.stop();
  await shutdown();
  console.log(
    JSON.stringify({
      errors,
      firstClosed,
      sentMiB: Math.round(sent / MiB),
      peakGrowthMiB: Math.round((peak - baseline) / MiB),
      echo,
    }),
  );
  process.exit(0);
}

if (role === 'sender-channel') await sender('channel');
else if (role === 'sender-socket') await sender('socket');
else await receiver(role);
