// A channel as a Subject, like RxJS's webSocket subject: next() sends (through the backpressure
// queue), subscribing receives, complete() closes once everything queued has gone out.
// #region example

import { shutdown } from '@rxdc/core';
import { channelSubject, json, localChannelPair } from '@rxdc/rx';
import { firstValueFrom, take, toArray } from 'rxjs';

interface Chat {
  from: string;
  text: string;
}

const pair = await localChannelPair({ label: 'chat' });
const alice = channelSubject(pair.local, { codec: json<Chat>() });
const bob = channelSubject(pair.remote, { codec: json<Chat>() });

// Bob answers each message. A subject fails its subscribers when sending fails (the channel
// closed under it, or a message did not decode), so give it an error callback.
bob.subscribe({
  next: (chat) => bob.next({ from: 'bob', text: `got "${chat.text}"` }),
  error: (error) => console.log('bob stopped:', error.code ?? error),
});

const answers = firstValueFrom(alice.pipe(take(3), toArray()));
for (const text of ['hi', 'how are you?', 'bye']) alice.next({ from: 'alice', text });
for (const answer of await answers) console.log(`${answer.from}: ${answer.text}`);

alice.complete(); // closes the channel after the queue drains
await firstValueFrom(pair.remote.closed$);
console.log('closed');
pair.close();
await shutdown();
// #endregion example
