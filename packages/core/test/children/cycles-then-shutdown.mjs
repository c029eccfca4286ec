// Runs create-connect-close cycles of two peers, then shutdown(): must exit with code 0.
import { lastValueFrom } from 'rxjs';
import { shutdown } from '../../dist/index.js';
import { tryOpenChannelPair } from './wire.mjs';

const cycles = Number(process.argv[2] ?? 50);
let failedOpens = 0;
for (let i = 0; i < cycles; i++) {
  const pair = await tryOpenChannelPair();
  if (!pair) {
    failedOpens++;
    continue;
  }
  const { a, b, local, remote } = pair;
  local.send('ping');
  a.close();
  b.close();
  await lastValueFrom(remote.closed$);
}
await shutdown();
console.log(JSON.stringify({ cycles, failedOpens }));
console.log('finished');
