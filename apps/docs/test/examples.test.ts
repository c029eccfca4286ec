// Every headless example runs as its own process, the way a reader runs it: it must print what
// the guide says, in order, and exit by itself with code 0, within a bound.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type RedisServerHandle,
  startRedisServer,
} from '../../../packages/ws-server/test/helpers/redis-server.js';
import { compileExamples, docs, startExample } from './run-example.js';

/** What each example must print (in this order), and how long it may take. */
const expectations: Record<string, { lines: RegExp[]; timeoutMs?: number }> = {
  'two-peers': {
    lines: [
      /alice is connected/,
      /bob got channel "chat"/,
      /echo: hello bob/,
      /<Buffer 01 02 03>/,
      /^done$/m,
    ],
  },
  'typed-events': { lines: [/right received hello through events/, /^done$/m] },
  errors: {
    lines: [
      /^NOTHING_TO_NEGOTIATE/m,
      /^INVALID_SDP/m,
      /^INVALID_CONFIG/m,
      /^NOT_OPEN/m,
      /^MESSAGE_TOO_LARGE: .*262144/m,
      /^CLOSED/m,
      /^done$/m,
    ],
  },
  'websocket-echo': {
    lines: [
      /server accepted \/chat\?room=1/,
      /client received \[ 'ping', <Buffer de ad> \]/,
      /^done$/m,
    ],
  },
  'using-and-shutdown': {
    lines: [
      /inside the block: PeerConnection, DataChannel/,
      /alive after the block: .*forgotten is new/,
      /after shutdown: 0/,
    ],
  },
  backpressure: {
    lines: [
      /sent 33554432 bytes in 512 messages, done: true/,
      /never buffered more than 1 MiB/,
      /received 33554432 bytes/,
    ],
    timeoutMs: 60_000,
  },
  framing: {
    lines: [
      /native maxMessageSize: 262144/,
      /first: 5242880 bytes, all 7s: true/,
      /then 1003 more, in order/,
      /decoded i=999/,
      /decoded i=last/,
      /DECODE_FAILED: .*#2/,
      /DECODE_FAILED: .*#3/,
    ],
    timeoutMs: 60_000,
  },
  'flow-control': {
    lines: [
      /nobody reading: the sender stopped within 3 MiB of 10: true/,
      /for await read 10485760 bytes, then the sender completed/,
      /pipeline carried 4194304 bytes/,
    ],
    timeoutMs: 60_000,
  },
  'channel-subject': {
    lines: [/bob: got "hi"/, /bob: got "how are you\?"/, /bob: got "bye"/, /^closed$/m],
  },
  'capi-two-peers': {
    lines: [
      /bob got channel "chat" \(protocol "chat\/1"\)/,
      /alice: channel open/,
      /bob received text: hello from C/,
      /alice talks to 127\.0\.0\.1:\d+/,
    ],
  },
  'ws-server-express': {
    lines: [
      /GET \/hello: 200 hello from express/,
      /data channel: echo: over the same port/,
      /after stop, GET \/hello: 200/,
      /^done$/m,
    ],
  },
  'ws-server-node-client': {
    lines: [
      /client connecting on \/ws\/echo/,
      /transceiver is OPENED/,
      /client received \[ 'echo: one', 'echo: two' \]/,
      /transceiver is CLOSED/,
      /^done$/m,
    ],
  },
  'ws-server-cluster': {
    lines: [
      /c: client listeners run for \/ws\/camera/,
      /client on c received: camera on a: hello/,
      /^done$/m,
    ],
  },
  'media-stream': {
    lines: [
      /bob received 30 frames, payload type 96/,
      /alice was asked for a key frame/,
      /^done$/m,
    ],
    timeoutMs: 30_000,
  },
  'dsl-port': {
    lines: [
      /path_add SUCCESS/,
      /path_add outside \/ws\/ SET_FAILED/,
      /listening: true on a free port: true/,
      /after stop: listening=false port=0/,
      /second stop SET_FAILED/,
    ],
  },
};

/** Examples that need a browser: run by browser-example.test.ts. */
const needsBrowser = ['browser-and-node', 'framed-browser'];
/**
 * Examples a reader talks to (an answer pasted on their input, RTP on a UDP port): run by
 * capi-media-examples.test.ts. (The streamer/ folder's port runs in e2e/test/capi-streamer.)
 */
const interactive = ['capi-media-receiver', 'capi-media-sender'];

// The cluster example needs a Redis: a redis-server of this test's own, given as REDIS_URL
// (the examples inherit the environment).
let redis: RedisServerHandle | undefined;
beforeAll(async () => {
  compileExamples();
  redis = await startRedisServer();
  process.env.REDIS_URL = redis.url;
});
afterAll(async () => {
  await redis?.dispose();
});

describe('examples', () => {
  it('every example file is run by a test (a new example needs its expectations here)', () => {
    const files = readdirSync(join(docs, 'examples'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual(
      [...Object.keys(expectations), ...needsBrowser, ...interactive].sort(),
    );
  });

  for (const [name, { lines, timeoutMs = 20_000 }] of Object.entries(expectations)) {
    it(`${name} runs, prints what the guide shows, and exits by itself`, async () => {
      const run = startExample(name);
      const result = await run.exit(timeoutMs);
      const stdout = run.stdout();
      expect(result.signal, `killed after ${timeoutMs} ms:\n${stdout}\n${run.stderr()}`).toBeNull();
      expect(result.code, run.stderr()).toBe(0);
      let from = 0;
      for (const line of lines) {
        const match = line.exec(stdout.slice(from));
        expect(match, `expected ${line} (in order) in:\n${stdout}`).not.toBeNull();
        from += (match?.index ?? 0) + (match?.[0].length ?? 0);
      }
    }, 90_000);
  }
});
