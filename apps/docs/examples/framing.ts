// A framed channel carries messages far larger than the channel's maxMessageSize (256 KiB here),
// keeping boundaries and order, and coalesces many small messages into few native ones.
// #region example

import { shutdown } from '@rxdc/core';
import { decodeWith, framed, json, localChannelPair } from '@rxdc/rx';
import { firstValueFrom, from, lastValueFrom, take, toArray } from 'rxjs';

const pair = await localChannelPair({ label: 'framed' });
console.log('native maxMessageSize:', pair.local.maxMessageSize);

// Both sides wrap their end of the channel.
const left = framed(pair.local);
const right = framed(pair.remote);

// Subscribe before sending: what arrives while nobody is subscribed is held for the next one.
const arrived = firstValueFrom(right.messages$.pipe(take(1004), toArray()));

left.send(new Uint8Array(5 * 1024 * 1024).fill(7)); // one 5 MiB message
for (let i = 0; i < 1000; i++) left.send(JSON.stringify({ i })); // coalesced into few packets
left.send('{"i": "last"}');
left.send('not json');
left.send(new Uint8Array([1, 2, 3]));

const messages = await arrived;
const big = messages[0] as Buffer;
console.log(`first: ${big.byteLength} bytes, all 7s: ${big.every((byte) => byte === 7)}`);
console.log(`then ${messages.length - 1} more, in order`);

// Codecs turn messages into values; a message that does not decode is a value too, never a throw.
const decoded = await lastValueFrom(
  from(messages.slice(-4)).pipe(decodeWith(json<{ i: number | string }>()), toArray()),
);
for (const result of decoded) {
  console.log(
    result.ok ? `decoded i=${result.value.i}` : `${result.error.code}: ${result.error.message}`,
  );
}

pair.close();
await shutdown();
// #endregion example
