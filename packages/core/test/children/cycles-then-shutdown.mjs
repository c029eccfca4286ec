// Runs create-connect-close cycles of two peers, then shutdown(): must exit with code 0.
import { lastValueFrom } from 'rxjs';
import { shutdown } from '../../dist/index.js';
import { openChannelPair } from './wire.mjs';

const cycles = Number(process.argv[2] ?? 50);
for (let i = 0; i < cycles; i++) {
  const { a, b, local, remote } = await openChannelPair();
  local.send('ping');
  a.close();
  b.close();
  await lastValueFrom(remote.closed$);
}
await shutdown();
console.log('finished');
