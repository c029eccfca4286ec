import { firstValueFrom, take, toArray } from 'rxjs';
import { expect, test } from 'vitest';
import { json } from '../src/codecs/json.js';
import { localChannelPair } from '../src/signaling/local-channel-pair.js';
import { channelSubject } from '../src/subject/channel-subject.js';

test('a channel subject sends with next(), receives by subscribing, and closes on complete() once drained', async () => {
  const pair = await localChannelPair();
  try {
    const left = channelSubject(pair.local, { codec: json<{ n: number }>() });
    const right = channelSubject(pair.remote, { codec: json<{ n: number }>() });
    const received = firstValueFrom(right.pipe(take(500), toArray()));
    for (let n = 0; n < 500; n++) left.next({ n });
    expect((await received).map((v) => v.n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
    left.complete();
    await firstValueFrom(pair.local.closed$);
    expect(pair.local.isClosed).toBe(true);
  } finally {
    pair.close();
  }
});

test('a message the codec cannot decode fails the subscribers with DECODE_FAILED', async () => {
  const pair = await localChannelPair();
  try {
    const right = channelSubject(pair.remote, { codec: json<unknown>() });
    const outcome = firstValueFrom(right).catch((error) => error);
    pair.local.send('{broken');
    expect(await outcome).toMatchObject({ code: 'DECODE_FAILED' });
  } finally {
    pair.close();
  }
});
