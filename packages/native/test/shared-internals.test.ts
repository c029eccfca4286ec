// The small internals every package shares: the error base, describeError, the FIFO, the retry
// helper and reportUnhandled. The error base is checked on two copies (this source and the
// CommonJS build), as an app that mixes `import` and `require` loads two.
import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import * as esm from '../src/index.js';

const cjs = createRequire(import.meta.url)('../dist/index.cjs') as typeof esm;

test('a branded subclass of RxdcError is instanceof across copies; an unbranded one is not', () => {
  class EsmQueueError extends esm.RxdcError<'FULL'> {
    static override readonly brand = 'rxdc.test.QueueError';
  }
  class CjsQueueError extends cjs.RxdcError<'FULL'> {
    static override readonly brand = 'rxdc.test.QueueError';
  }
  const error = new CjsQueueError('FULL', 'full', { cause: 1 });
  expect(error).toBeInstanceOf(EsmQueueError);
  expect(error).toBeInstanceOf(esm.RxdcError);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(esm.RtcError);
  expect([error.name, error.code, error.message, error.cause]).toEqual([
    'QueueError',
    'FULL',
    'full',
    1,
  ]);
  class Plain extends esm.RxdcError {}
  expect(new Plain('X', 'x')).toBeInstanceOf(Plain);
  expect(new EsmQueueError('FULL', 'x')).not.toBeInstanceOf(Plain);
  expect(new Plain('X', 'x').name).toBe('RxdcError');
});

test('RtcError is an RxdcError of either copy, keeps its name, and a plain Error is neither', () => {
  const error = new cjs.RtcError('CLOSED', 'closed');
  expect(error).toBeInstanceOf(esm.RxdcError);
  expect(error).toBeInstanceOf(esm.RtcError);
  expect(error.name).toBe('RtcError');
  expect(new Error('x')).not.toBeInstanceOf(esm.RxdcError);
  expect({ code: 'CLOSED' }).not.toBeInstanceOf(esm.RtcError);
  expect(null).not.toBeInstanceOf(esm.RtcError);
});

test('describeError says what any value is and never throws', () => {
  const error = new Error('boom');
  expect(esm.describeError(error)).toBe('boom');
  expect(esm.describeError(error, { stack: true })).toBe(error.stack);
  expect(esm.describeError('plain')).toBe('plain');
  expect(esm.describeError(undefined)).toBe('undefined');
  expect(esm.describeError(Symbol('s'))).toBe('Symbol(s)');
  expect(esm.describeError(Object.create(null))).toBe('[object Object]');
  const hostile = {
    toString() {
      throw new Error('no');
    },
  };
  expect(esm.describeError(hostile)).toBe('[object Object]');
});

test('BoundedFifo refuses past either limit, keeps order, and compacts a long-lived queue', () => {
  const queue = new esm.BoundedFifo<string>({ maxCount: 3, maxBytes: 10, sizeOf: (s) => s.length });
  expect(queue.push('abcd')).toBe(true);
  expect(queue.push('efgh')).toBe(true);
  expect(queue.push('ijk')).toBe(false); // 11 bytes
  expect(queue.push('ij')).toBe(true);
  expect(queue.push('')).toBe(false); // a fourth value
  expect([queue.count, queue.bytes, queue.peek(), queue.peekSize()]).toEqual([3, 10, 'abcd', 4]);
  expect([...queue]).toEqual(['abcd', 'efgh', 'ij']);
  queue.prune((s) => s === 'efgh');
  expect([queue.shift(), queue.shift(), queue.shift(), queue.bytes]).toEqual([
    'abcd',
    'ij',
    undefined,
    0,
  ]);

  // Two in, one out, 5000 times: every value comes out once, in order, through compactions.
  const long = new esm.BoundedFifo<number>();
  let next = 0;
  for (let i = 0; i < 5000; i++) {
    long.push(2 * i);
    long.push(2 * i + 1);
    expect(long.shift()).toBe(next++);
  }
  expect(long.count).toBe(5000);
  while (long.count > 0) expect(long.shift()).toBe(next++);
  expect(next).toBe(10_000);
});

test('withRetry tries again until success, stops at attempts, and asks retryIf', async () => {
  const tries: number[] = [];
  const result = await esm.withRetry(
    (attempt) => {
      tries.push(attempt);
      if (attempt < 3) throw new Error(`try ${attempt}`);
      return 'done';
    },
    { attempts: 3, initialDelayMs: 1 },
  );
  expect([result, tries]).toEqual(['done', [1, 2, 3]]);

  await expect(
    esm.withRetry(() => Promise.reject(new Error('always')), { attempts: 2, initialDelayMs: 0 }),
  ).rejects.toThrow('always');

  let calls = 0;
  const refused = esm.withRetry(
    () => {
      calls++;
      throw new TypeError('bad input');
    },
    { attempts: 5, retryIf: (error) => !(error instanceof TypeError) },
  );
  await expect(refused).rejects.toThrow(TypeError);
  expect(calls).toBe(1);

  await expect(esm.withRetry(() => 1, { attempts: 0 })).rejects.toThrow(RangeError);
  const controller = new AbortController();
  const aborted = esm.withRetry(
    () => {
      controller.abort(new Error('stopped'));
      throw new Error('fails');
    },
    { attempts: 3, initialDelayMs: 60_000, signal: controller.signal },
  );
  await expect(aborted).rejects.toThrow('stopped');
});

test('backoffDelay grows by factor, stops at the maximum, and takes off up to jitter', () => {
  expect([1, 2, 3, 10].map((n) => esm.backoffDelay(n, { initialDelayMs: 100, jitter: 0 }))).toEqual(
    [100, 200, 400, 10_000],
  );
  expect(esm.backoffDelay(1, { initialDelayMs: 100, jitter: 0.5, random: () => 0.999 })).toBe(50);
});

test('reportUnhandled calls the handler, or throws on a later macrotask, never into the caller', async () => {
  const seen: unknown[] = [];
  const error = new Error('nobody listened');
  esm.reportUnhandled(error, (e) => seen.push(e));
  expect(seen).toEqual([error]);

  const uncaught: unknown[] = [];
  const listener = (e: unknown): void => {
    uncaught.push(e);
  };
  const others = process.listeners('uncaughtException');
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', listener);
  try {
    const thrown = new Error('handler threw');
    expect(() => esm.reportUnhandled(error)).not.toThrow();
    expect(() =>
      esm.reportUnhandled(error, () => {
        throw thrown;
      }),
    ).not.toThrow();
    expect(uncaught).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(uncaught).toEqual([error, thrown]);
  } finally {
    process.off('uncaughtException', listener);
    for (const other of others) process.on('uncaughtException', other);
  }
});
