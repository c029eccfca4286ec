// Child process of the cluster tests: one ClusterNode (the built package) that advertises one
// free transceiver on a path and echoes the frames of every tunnel opened to it. It prints
// "ready" once advertised, and runs until killed: the tests kill it to see a node die.
import { ClusterNode } from '../../dist/cluster.js';

const [url, namespace, nodeId, path] = process.argv.slice(2);
const node = new ClusterNode({ redis: url, namespace, nodeId, heartbeatMs: 100, claimTtlMs: 300 });
let free = 1;
node.onTunnel((tunnel) => {
  if (free === 0) return false;
  free -= 1;
  node.advertise({ paths: { [path]: free }, any: 0 });
  tunnel.attach({ frame: (frame) => tunnel.send(frame), closed: () => {} });
  return true;
});
node.start();
node.advertise({ paths: { [path]: free }, any: 0 });
await node.whenConnected();
// Give the first heartbeat a moment to land.
setTimeout(() => console.log('ready'), 300);
