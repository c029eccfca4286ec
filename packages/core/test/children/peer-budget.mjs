// A remote opens 40 channels on one peer connection and sends 15 MiB on each while this process
// does not read them: `taken` takes every channel from dataChannel$ but never reads messages$,
// `untaken` never takes them. The receiver (this process) must stay within the peer's hold
// budget + a margin of RSS and report HOLD_OVERFLOW. Usage:
//   node --expose-gc peer-budget.mjs <taken|untaken> [unbounded]
// `unbounded` lifts the peer and process budgets (what every release before them did).
// The sender is a child of this process (role "sender"), signaling over the IPC channel, so its
// memory is not counted here.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { PeerConnection, setMaxProcessHeldBytes, shutdown } from '../../dist/index.js';

const MiB = 1024 * 1024;
const CHANNELS = 40;
const PER_CHANNEL = 15 * MiB;
const CHUNK = 64 * 1024;
const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
const [role, bound] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends up to `total` bytes on `channel` with flow control; resolves with the bytes sent. */
function flood(channel, total) {
  return new Promise((resolve) => {
    const payload = Buffer.alloc(CHUNK, 7);
    let sent = 0;
    channel.bufferedAmountLowThreshold = 256 * 1024;
    const pump = () => {
      try {
        while (sent < total && channel.bufferedAmount < 1 * MiB) {
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

async function sender() {
  const peer = new PeerConnection(loopback);
  process.on('message', (message) => {
    if (message.type === 'description') peer.setRemoteDescription(message.description);
    if (message.type === 'candidate') peer.addRemoteCandidate(message.candidate);
    if (message.type === 'done') {
      peer.close();
      shutdown().then(() => process.exit(0));
    }
  });
  peer.localDescription$.subscribe((description) =>
    process.send({ type: 'description', description }),
  );
  peer.localCandidate$.subscribe((candidate) => process.send({ type: 'candidate', candidate }));
  const channels = Array.from({ length: CHANNELS }, (_, i) => peer.createDataChannel(`c${i}`));
  await Promise.all(channels.map((channel) => firstValueFrom(channel.open$)));
  const sent = await Promise.all(channels.map((channel) => flood(channel, PER_CHANNEL)));
  process.send({ type: 'flooded', sent: sent.reduce((a, b) => a + b, 0) });
}

async function receiver(mode) {
  const child = fork(fileURLToPath(import.meta.url), ['sender'], { stdio: 'inherit' });
  if (bound === 'unbounded') setMaxProcessHeldBytes(Number.POSITIVE_INFINITY);
  globalThis.gc();
  await sleep(200);
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const peer = new PeerConnection({
    ...loopback,
    ...(bound === 'unbounded' && { hold: { maxPeerHeldBytes: Number.POSITIVE_INFINITY } }),
  });
  const peerErrors = [];
  const channelErrors = [];
  const taken = [];
  peer.error$.subscribe((error) => peerErrors.push(error.code));
  peer.localDescription$.subscribe((description) =>
    child.send({ type: 'description', description }),
  );
  peer.localCandidate$.subscribe((candidate) => child.send({ type: 'candidate', candidate }));
  if (mode === 'taken') {
    peer.dataChannel$.subscribe((channel) => {
      taken.push(channel);
      channel.error$.subscribe((error) => channelErrors.push(error.code));
    });
  }
  let finished = false;
  const flooded = new Promise((resolve) =>
    child.on('message', (message) => {
      if (message.type === 'description') peer.setRemoteDescription(message.description);
      if (message.type === 'candidate') peer.addRemoteCandidate(message.candidate);
      if (message.type === 'flooded') resolve(message.sent);
    }),
  );
  child.once('exit', (code) => {
    if (!finished) {
      console.error(`the sender exited (${code}) before it finished`);
      process.exit(1);
    }
  });
  const sent = await flooded;
  finished = true;
  await sleep(1500); // what was sent last is delivered and held
  clearInterval(sampler);
  child.send({ type: 'done' });
  await new Promise((resolve) => child.on('exit', resolve));
  peer.close();
  await shutdown();
  const count = (list) => list.filter((code) => code === 'HOLD_OVERFLOW').length;
  console.log(
    JSON.stringify({
      mode,
      sentMiB: Math.round(sent / MiB),
      peakGrowthMiB: Math.round((peak - baseline) / MiB),
      peerOverflows: count(peerErrors),
      channelOverflows: count(channelErrors),
      closedTaken: taken.filter((channel) => channel.isClosed).length,
    }),
  );
  process.exit(0);
}

if (role === 'sender') await sender();
else await receiver(role);
