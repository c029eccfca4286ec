// A process that subscribed to libdatachannel's log: node-datachannel keeps its logger callback
// until cleanup(), so shutdown() must release it for the process to exit by itself.
import { logLines, shutdown } from '../../dist/index.js';
import { openChannelPair } from './wire.mjs';

const lines = [];
const subscription = logLines('Info').subscribe((line) => lines.push(line));
const { local, remote } = await openChannelPair();
const received = new Promise((resolve) => remote.messages$.subscribe(resolve));
local.send('hello');
await received;
subscription.unsubscribe();
await shutdown();
console.log(
  JSON.stringify({
    logged: lines.length > 0,
    levels: [...new Set(lines.map((l) => l.level))].sort(),
  }),
);
console.log('finished');
