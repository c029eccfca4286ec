// Data channels closed the moment they are created (half) or the moment they open (half) on a
// connected pair. libdatachannel loses the close event of a remote copy closed before its
// callbacks are set; such a copy must not be handed out nor kept, and once both peers are
// closed nothing may stay in liveObjects() and the process must exit by itself.
// argv[2]: how many channels. Run with --expose-gc (see the end).
import { liveObjects } from '../../dist/index.js';
import { openChannelPair } from './wire.mjs';

const count = Number(process.argv[2] ?? 100);
const { a, b } = await openChannelPair('first');
let handedOut = 0;
let handedOutClosed = 0;
b.dataChannel$.subscribe((channel) => {
  handedOut += 1;
  if (!channel.isOpen) handedOutClosed += 1;
});
for (let i = 0; i < count; i++) {
  const channel = a.createDataChannel(`c${i}`);
  if (i % 2 === 0) channel.close();
  else channel.open$.subscribe({ next: () => channel.close(), error: () => {} });
  if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 10));
}
await new Promise((resolve) => setTimeout(resolve, 1000));
a.close();
b.close();
// A peer's close settles every channel of that peer one second later, confirmed or not.
await new Promise((resolve) => setTimeout(resolve, 1500));
console.log(`handed out ${handedOut}, closed at hand-over ${handedOutClosed}`);
console.log(`live ${JSON.stringify(liveObjects())}`);
// An abandoned native channel stops keeping the process alive once it is collected: collect
// now rather than at V8's next idle collection (seconds later).
globalThis.gc?.();
console.log('finished');
