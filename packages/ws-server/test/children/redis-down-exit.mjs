// Child of the redis-faults test: a WsServer in a cluster whose Redis was never there. It
// waits until the node reports why, stops the server with a whenConnected() still pending,
// prints what it saw and when it stopped, and must then exit by itself.

import { ClusterNode } from '../../dist/cluster.js';
import { WsServer } from '../../dist/index.js';

const [url] = process.argv.slice(2);
const cluster = new ClusterNode({ redis: url, heartbeatMs: 100 });
const server = new WsServer({ cluster });
// The server reports its cluster's problems on its own errors$ too.
const reported = new Promise((resolve) => server.errors$.subscribe(resolve));
server.listen(0, { bindAddress: '127.0.0.1' });
const waited = cluster.whenConnected(60_000).then(
  () => 'connected',
  (error) => error.code,
);
const error = await reported;
await server.stop();
console.log(JSON.stringify({ code: error.code, message: error.message, stoppedAt: Date.now() }));
console.log(JSON.stringify({ whenConnected: await waited }));
