// Three ws-server nodes sharing one Redis. Only node "a" has the camera's transceiver; a client
// that reaches node "c" is relayed to it: c runs the client listeners, a's transceiver answers
// through Redis, and the data channel runs straight between the client and a. In production
// each node is its own process (or machine) behind a load balancer; here the three share one
// process so that the example runs by itself. Redis: REDIS_URL, else redis://127.0.0.1:6379.
// #region example
import { shutdown } from '@rxdc/core';
import { WebRtcTransceiver, WsServer } from '@rxdc/ws-server';
import { connectToTransceiver } from '@rxdc/ws-server/client';
import { ClusterNode } from '@rxdc/ws-server/cluster';
import { firstValueFrom, switchMap } from 'rxjs';

const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const loopback = { iceServers: [], bindAddress: '127.0.0.1' };

function startNode(nodeId: string, transceiver?: WebRtcTransceiver) {
  const cluster = new ClusterNode({ redis, nodeId, namespace: 'example' });
  const server = new WsServer({ cluster });
  server.addPath('/ws/camera');
  server.addClientListener((path) => console.log(`${nodeId}: client listeners run for ${path}`));
  if (transceiver) server.addTransceiver(transceiver, { path: '/ws/camera' });
  const { port } = server.listen(0, { bindAddress: '127.0.0.1' });
  return { cluster, server, url: `ws://127.0.0.1:${port}/ws/camera` };
}

const camera = new WebRtcTransceiver({ peerConnection: loopback });
camera.dataChannel$.subscribe((channel) =>
  channel.messages$.subscribe((message) => channel.send(`camera on a: ${message}`)),
);
const nodes = [startNode('a', camera), startNode('b'), startNode('c')];
await Promise.all(nodes.map((node) => node.cluster.whenConnected()));

// A client reaches node c, which has no transceiver for /ws/camera: it is relayed to a.
const reply = await firstValueFrom(
  connectToTransceiver(nodes[2]!.url, { peer: loopback }).pipe(
    switchMap(({ channel }) => {
      channel.send('hello');
      return channel.messages$;
    }),
  ),
);
console.log('client on c received:', reply);

// firstValueFrom unsubscribed: the client has left. Each node drains, then stops.
await Promise.all(nodes.map((node) => node.server.drain({ timeout: 5000 })));
camera.close();
await shutdown();
console.log('done');
// #endregion example
