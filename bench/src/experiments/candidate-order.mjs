// An experiment, not a figure (the runner does not run it): why opens through ws-server,
// relayed or not, are bimodal (a few ms, or about 50 ms more). Two @rxdc/core peers on
// loopback signal through a hop of `delay` ms each way (a timer; -1: no hop, called at once),
// the offerer as ws-server's transceiver and the answerer as its client, in two orders:
// - `client-after-server`: what ws-server's clients do, the client applies the server's first
//   candidate and only then sends its own. Its ICE check crosses loopback at once, its
//   candidate crosses the hop: the server learns the client as a peer-reflexive candidate and
//   libjuice checks it back one pacing tick (50 ms) later.
// - `client-with-answer`: the client sends its candidates with its answer. The server then
//   checks first, before the client holds the server's candidates; the client's ICE is not up
//   when the server's first DTLS flight arrives, and the open waits for its 1 s retransmission.
// Run from bench/: `node src/experiments/candidate-order.mjs [opens] [delays]`, e.g.
// `node src/experiments/candidate-order.mjs 20 -1,1,3`. Prints, per order and delay, the
// median open and how many opens were paced (40-500 ms) or stalled (500 ms and more).
import { PeerConnection } from '@rxdc/core';
import { median } from '../harness/stats.mjs';

const loopback = { iceServers: [], bindAddress: '127.0.0.1' };
/** An open that took this long waited for no signaling, nor for a pacing tick. */
const pacedMs = 40;
const stallMs = 500;
/** Every open is bounded: one that never opens counts as a stall. */
const openTimeoutMs = 5_000;

const hop = (delay, f) => (delay < 0 ? f() : setTimeout(f, delay));

/** Ms from creating the server's channel to the client's channel being open. */
async function openOnce(order, delay) {
  const server = new PeerConnection(loopback);
  const client = new PeerConnection(loopback);
  const began = performance.now();
  let clientSends = false;
  const sendClientCandidates = () => {
    if (clientSends) return;
    clientSends = true;
    client.localCandidate$.subscribe((c) => hop(delay, () => server.addRemoteCandidate(c)));
  };
  server.localDescription$.subscribe((d) => hop(delay, () => client.setRemoteDescription(d)));
  client.localDescription$.subscribe((d) => {
    hop(delay, () => server.setRemoteDescription(d));
    if (order === 'client-with-answer') sendClientCandidates();
  });
  server.localCandidate$.subscribe((c) =>
    hop(delay, () => {
      client.addRemoteCandidate(c);
      sendClientCandidates();
    }),
  );
  let timer;
  const opened = new Promise((resolve) => {
    client.dataChannel$.subscribe({
      next: (channel) => channel.open$.subscribe({ next: () => resolve(), error: () => {} }),
      error: () => {},
    });
    timer = setTimeout(resolve, openTimeoutMs);
  });
  server.createDataChannel('experiment');
  await opened;
  clearTimeout(timer);
  const ms = performance.now() - began;
  server.close();
  client.close();
  return ms;
}

const opens = Number(process.argv[2] ?? 20);
const delays = (process.argv[3] ?? '-1,1,3').split(',').map(Number);
for (const order of ['client-after-server', 'client-with-answer']) {
  for (const delay of delays) {
    const times = [];
    for (let i = 0; i < opens; i++) times.push(await openOnce(order, delay));
    const paced = times.filter((x) => x >= pacedMs && x < stallMs).length;
    const stalled = times.filter((x) => x >= stallMs).length;
    console.log(
      `${order.padEnd(20)} hop ${String(delay).padStart(2)} ms: median ${median(times).toFixed(1)} ms, paced ${paced}, stalled ${stalled} of ${opens}`,
    );
  }
}
