import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
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

test('a remote close with nothing pending completes the subject (and progress$), even for a subscriber without an error callback', async () => {
  const pair = await localChannelPair();
  try {
    const left = channelSubject<string>(pair.local);
    const received: string[] = [];
    // No error callback: an error here would be reported as uncaught.
    left.subscribe((message) => received.push(message));
    const outcome = lastValueFrom(left.pipe(toArray())).then(
      (values) => ({ completed: values }),
      (error) => ({ error }),
    );
    const progress = lastValueFrom(left.progress$).then(
      (last) => ({ completed: last }),
      (error) => ({ error }),
    );
    const arrived = firstValueFrom(pair.remote.messages$);
    left.next('hello');
    expect(await arrived).toBe('hello');
    pair.remote.send('bye');
    await firstValueFrom(left);
    await new Promise((resolve) => setTimeout(resolve, 50));
    pair.remote.close();
    expect(await outcome).toEqual({ completed: ['bye'] });
    expect(await progress).toMatchObject({ completed: { sentMessages: 1 } });
    expect(received).toEqual(['bye']);
  } finally {
    pair.close();
  }
});

test('a close while sent messages are still queued fails the subject with CHANNEL_CLOSED naming them', async () => {
  const pair = await localChannelPair();
  try {
    const left = channelSubject<Uint8Array>(pair.local);
    const outcome = lastValueFrom(left).catch((error) => error);
    const chunk = new Uint8Array(64 * 1024);
    for (let i = 0; i < 128; i++) left.next(chunk); // 8 MiB: far more than the 1 MiB high-water mark
    pair.remote.close();
    const error = await outcome;
    expect(error).toMatchObject({ code: 'CHANNEL_CLOSED' });
    expect(error.message).toMatch(/not delivered/);
  } finally {
    pair.close();
  }
});
