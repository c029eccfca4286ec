// Typed events are a real Node EventEmitter: events.on / events.once work, `break` ends the
// loop and removes its listeners.
import { on, once } from 'node:events';
import { expect, test } from 'vitest';
import { openChannelPair } from './helpers/peers.js';

test("for await (const [m] of on(channel, 'message')) receives, and break ends it cleanly", async () => {
  const { a, b, local, remote } = await openChannelPair('events');
  for (const text of ['one', 'two', 'three']) local.send(text);
  const received: unknown[] = [];
  for await (const [message] of on(remote, 'message')) {
    received.push(message);
    if (received.length === 3) break;
  }
  expect(received).toEqual(['one', 'two', 'three']);
  expect(remote.listenerCount('message')).toBe(0);
  expect(remote.listenerCount('error')).toBe(0);

  // The next message still arrives, to a new listener: nothing was lost or left behind.
  const next = once(remote, 'message');
  local.send('four');
  expect(await next).toEqual(['four']);

  const closed = once(remote, 'closed');
  a.close();
  await closed;
  b.close();
});
