import { firstValueFrom } from 'rxjs';
import { afterEach, describe, expect, test } from 'vitest';
import { localChannelPair } from '../src/signaling/local-channel-pair.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

describe('signaling', () => {
  test('localChannelPair connects two local peers in one call', async () => {
    const pair = await localChannelPair({ label: 'one-call' });
    cleanups.push(pair.close);
    const got = firstValueFrom(pair.remote.messages$);
    pair.local.send('hello');
    expect(await got).toBe('hello');
    expect(pair.remote.label).toBe('one-call');
  });
});
