// Every exported function called with arbitrary ids, nulls, wrong types, negative and huge
// sizes and tiny buffers: none throws, none aborts the process, each returns a documented code.
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import * as capi from '../src/index.js';

const codes = new Set([0, -1, -2, -3, -4]);
const functions = Object.entries(capi).filter(
  (e): e is [string, (...args: unknown[]) => unknown] =>
    typeof e[1] === 'function' && e[0] !== 'rtcCleanup',
);

// Valid live ids of every kind must be among the arbitrary ones. A shared object would be
// deleted by an early run (rtcDelete, rtcDeletePeerConnection... are among the functions
// called), leaving later runs only dead ids; so each run that draws a live id gets fresh
// objects, created for that run and deleted after it.
const LIVE = ['pc', 'dc', 'tr'] as const;
type LiveKind = (typeof LIVE)[number];
class LiveId {
  constructor(readonly kind: LiveKind) {}
  toString(): string {
    return `live ${this.kind}`;
  }
}

interface Fresh {
  pc: number;
  dc: number;
  tr: number;
}

function freshObjects(): Fresh {
  const pc = capi.rtcCreatePeerConnection({
    bindAddress: '127.0.0.1',
    disableAutoNegotiation: true,
  });
  const dc = capi.rtcCreateDataChannel(pc, 'prop');
  const tr = capi.rtcAddTrack(
    pc,
    'm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\na=rtpmap:111 opus/48000/2\r\na=ssrc:9 cname:p\r\n',
  );
  expect(pc).toBeGreaterThan(0);
  expect(dc).toBeGreaterThan(pc);
  expect(tr).toBeGreaterThan(dc);
  return { pc, dc, tr };
}

function deleteFresh(fresh: Fresh): void {
  capi.rtcDelete(fresh.tr);
  capi.rtcDelete(fresh.dc);
  capi.rtcDeletePeerConnection(fresh.pc);
}

/** Replaces the live-id markers by the ids of objects created for this run. */
function withLiveIds(args: unknown[]): { args: unknown[]; fresh: Fresh | null } {
  if (!args.some((a) => a instanceof LiveId)) return { args, fresh: null };
  const fresh = freshObjects();
  return { args: args.map((a) => (a instanceof LiveId ? fresh[a.kind] : a)), fresh };
}

const anyValue = fc.oneof(
  fc.constantFrom(...LIVE.map((kind) => new LiveId(kind))),
  fc.integer({ min: -5, max: 50 }),
  fc.constantFrom(
    0,
    -1,
    2 ** 31,
    -(2 ** 31) - 1,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    1.5,
    65535,
    1e12,
  ),
  fc.constant(null),
  fc.constant(undefined),
  fc.string({ maxLength: 20 }),
  fc.constantFrom(
    'offer',
    'answer',
    'pranswer',
    'rollback',
    'ws://',
    'wss://127.0.0.1:1/x',
    'http://x',
  ),
  fc.boolean(),
  fc.uint8Array({ maxLength: 8 }),
  fc.constantFrom(
    new Uint8Array(0),
    new Uint8Array(1),
    Int32Array.of(0),
    Int32Array.of(-5),
    new Int32Array(0),
    new Uint32Array(2),
    new Float64Array(1),
  ),
  fc.constant({}),
  fc.constant([]),
  fc.constant(() => {}),
  fc.constant(() => {
    throw new Error('callback throws (expected)');
  }),
);

// Arguments that could reach outside hosts or bind sockets are kept on loopback.
function sanitize(name: string, args: unknown[]): unknown[] {
  if (name === 'rtcCreatePeerConnection')
    return [{ bindAddress: '127.0.0.1', disableAutoNegotiation: true }];
  if (name.startsWith('rtcCreateWebSocket') && name !== 'rtcCreateWebSocketServer') {
    return [`ws://127.0.0.1:9/${String(args[0]).replace(/[^a-z0-9]/gi, '')}`, args[1]];
  }
  if (name === 'rtcCreateWebSocketServer') return [{ port: 0, bindAddress: '127.0.0.1' }, args[1]];
  if (name === 'rtcInitLogger') return [args[0], null];
  return args;
}

const created: Array<[string, number]> = [];
const liveRuns = new Map<string, number>();

test.each(functions.map(([name]) => name))(
  '%s never throws and returns a documented code',
  (name) => {
    const fn = (capi as unknown as Record<string, (...args: unknown[]) => unknown>)[name]!;
    fc.assert(
      fc.property(fc.array(anyValue, { maxLength: 5 }), (rawArgs) => {
        const live = withLiveIds(sanitize(name, rawArgs));
        const args = live.args;
        let result: unknown;
        try {
          expect(() => {
            result = fn(...args);
          }).not.toThrow();
        } finally {
          if (live.fresh) deleteFresh(live.fresh);
        }
        if (live.fresh) liveRuns.set(name, (liveRuns.get(name) ?? 0) + 1);
        if (name.startsWith('rtcCreate') || name.startsWith('rtcAddTrack')) {
          if (name === 'rtcCreateOpaqueMessage') {
            expect(result === null || typeof result === 'object').toBe(true);
          } else if (typeof result === 'number' && result > 0) created.push([name, result]);
          else expect(codes.has(result as number)).toBe(true);
        } else if (
          name === 'rtcIsOpen' ||
          name === 'rtcIsClosed' ||
          name === 'rtcIsNegotiationNeeded'
        ) {
          expect(typeof result).toBe('boolean');
        } else if (name === 'readCString') {
          expect(typeof result).toBe('string');
        } else if (
          name === 'rtcGetUserPointer' ||
          name === 'rtcSetUserPointer' ||
          name === 'rtcPreload' ||
          name === 'rtcInitLogger' ||
          name === 'rtcDeleteOpaqueMessage'
        ) {
          // void / any value
        } else {
          expect(typeof result).toBe('number');
          expect(Number.isInteger(result)).toBe(true);
          expect(codes.has(result as number) || (result as number) > 0).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  },
);

test('size rules hold for arbitrary buffer sizes', () => {
  const pc2 = capi.rtcCreatePeerConnection({
    bindAddress: '127.0.0.1',
    disableAutoNegotiation: true,
  });
  const dc2 = capi.rtcCreateDataChannel(pc2, 'prop');
  fc.assert(
    fc.property(
      fc.integer({ min: -10, max: 40 }),
      fc.integer({ min: 0, max: 40 }),
      (size, length) => {
        const buffer = new Uint8Array(length);
        const r = capi.rtcGetDataChannelLabel(dc2, buffer, size);
        if (size > length) expect(r).toBe(capi.RTC_ERR_INVALID);
        else if (size < 5) expect(r).toBe(capi.RTC_ERR_TOO_SMALL);
        else {
          expect(r).toBe(5);
          expect(capi.readCString(buffer)).toBe('prop');
        }
      },
    ),
  );
  capi.rtcDeleteDataChannel(dc2);
  capi.rtcDeletePeerConnection(pc2);
});

test('live ids reach the functions that take an id', () => {
  // Every function whose first argument is an id got valid live ids in some runs.
  for (const name of ['rtcSendMessage', 'rtcGetDataChannelLabel', 'rtcGetTrackMid', 'rtcClose'])
    expect(liveRuns.get(name) ?? 0).toBeGreaterThan(0);
});

test('a fresh valid id of each kind is answered with success, not an error', () => {
  const fresh = freshObjects();
  try {
    expect(capi.rtcGetDataChannelLabel(fresh.dc, null, 0)).toBe(5);
    expect(capi.rtcGetTrackMid(fresh.tr, null, 0)).toBe(2);
    expect(capi.rtcGetSsrcsForTrack(fresh.tr, null, 0)).toBe(1);
    expect(capi.rtcIsNegotiationNeeded(fresh.pc)).toBe(true);
    expect(capi.rtcGetDataChannelLabel(fresh.tr, null, 0)).toBe(capi.RTC_ERR_INVALID);
  } finally {
    deleteFresh(fresh);
  }
  expect(capi.rtcGetDataChannelLabel(fresh.dc, null, 0)).toBe(capi.RTC_ERR_INVALID);
});

afterAll(() => {
  for (const [name, id] of created) {
    if (name.includes('WebSocketServer')) capi.rtcDeleteWebSocketServer(id);
    else if (name.includes('WebSocket')) capi.rtcDeleteWebSocket(id);
    else if (name.includes('PeerConnection')) capi.rtcDeletePeerConnection(id);
    else capi.rtcDelete(id);
  }
});
