// Child of the signaling-bounds test: a WsServer (the built package) whose transceivers are
// WebRtcTransceivers, one per client, measuring its own event-loop delay while a hostile
// client floods it with deeply nested JSON. Prints its port, then, on "stop" from stdin, the
// delay percentiles and what it reported, and exits.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ConnectionState, WebRtcTransceiver, WsServer } from '../../dist/index.js';

const server = new WsServer();
const reported = { invalid: 0, closedClients: 0 };
server.addClientListener(() => {
  const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
  transceiver.errors$.subscribe((error) => {
    if (error.code === 'INVALID_SIGNALING') reported.invalid++;
    if (/closed a client/.test(error.message)) reported.closedClients++;
  });
  transceiver.addClientListener((state) => {
    if (state !== ConnectionState.CLOSED) return;
    server.removeTransceiver(transceiver);
    transceiver.close();
  });
  server.addTransceiver(transceiver);
});
const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
console.log(JSON.stringify({ port }));
process.stdin.once('data', async () => {
  process.stdin.destroy();
  delay.disable();
  await server.stop();
  const ms = (ns) => Math.round(ns / 1e5) / 10;
  console.log(JSON.stringify({ p50: ms(delay.percentile(50)), max: ms(delay.max), ...reported }));
});
