// 100 data channels, each closed by its creator the moment it opens: every remote copy that was
// handed out must reach the remote side as closed (issue 18: 1-3 of 100 never did, in 3 of 6
// runs), before the peers themselves close. argv[2]: how many channels.
import { firstValueFrom, map, race, timer } from 'rxjs';
import { openChannelPair } from './wire.mjs';

const count = Number(process.argv[2] ?? 100);
const { a, b } = await openChannelPair('first');
const remotes = [];
b.dataChannel$.subscribe((channel) => remotes.push(channel));
const locals = [];
for (let i = 0; i < count; i++) {
  const channel = a.createDataChannel(`c${i}`);
  locals.push(channel);
  channel.open$.subscribe({ next: () => channel.close(), error: () => {} });
}
await Promise.all(locals.map((channel) => firstValueFrom(channel.closed$)));
const closedInTime = await Promise.all(
  remotes.map((channel) =>
    firstValueFrom(race(channel.closed$.pipe(map(() => true)), timer(5000).pipe(map(() => false)))),
  ),
);
const never = remotes.filter((_, i) => !closedInTime[i]).map((channel) => channel.label);
console.log(JSON.stringify({ count, handedOut: remotes.length, neverClosed: never }));
a.close();
b.close();
console.log('finished');
