// Child process of cluster.test.ts: one ws-server node of a cluster (the built package).
// Arguments: redis URL, namespace, node id, and a JSON object of the transceivers it hosts
// per path ({"/ws/p0": 8}); it serves every path of that object and of the cluster's (argument
// 5, a JSON array), and echoes each data channel message as "<nodeId>: <message>".
// Prints {"port":N} once listening and joined to Redis. On SIGTERM it drains (new clients get
// 503, sessions may finish for 5 s), closes everything, prints {"drained":true} and must then
// exit by itself: no process.exit() anywhere.
import { shutdown } from '@rxdc/core';
import { ClusterNode } from '../../dist/cluster.js';
import { WebRtcTransceiver, WsServer } from '../../dist/index.js';

const [url, namespace, nodeId, hostedJson, pathsJson] = process.argv.slice(2);
const hosted = JSON.parse(hostedJson);
const paths = JSON.parse(pathsJson);

const cluster = new ClusterNode({
  redis: url,
  namespace,
  nodeId,
  heartbeatMs: 250,
  claimTtlMs: 1000,
});
const server = new WsServer({ cluster });
for (const path of paths) server.addPath(path);
const transceivers = [];
for (const [path, count] of Object.entries(hosted)) {
  for (let i = 0; i < count; i++) {
    const transceiver = new WebRtcTransceiver({ peerConnection: { bindAddress: '127.0.0.1' } });
    transceiver.dataChannel$.subscribe((channel) =>
      channel.messages$.subscribe({
        next: (message) => {
          try {
            channel.send(`${nodeId}: ${String(message)}`);
          } catch {}
        },
        error: () => {},
      }),
    );
    server.addTransceiver(transceiver, { path });
    transceivers.push(transceiver);
  }
}
server.errors$.subscribe(() => {}); // refusals are the clients' business here
cluster.errors$.subscribe(() => {});
const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
await cluster.whenConnected();
console.log(JSON.stringify({ port }));

process.once('SIGTERM', async () => {
  await server.drain({ timeout: 5000 });
  for (const transceiver of transceivers) transceiver.close();
  await shutdown();
  console.log(JSON.stringify({ drained: true }));
});
