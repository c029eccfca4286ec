// RTCPeerConnection's constructor, getConfiguration and setConfiguration: WebIDL conversions,
// dictionary defaults and the exceptions WebRTC 1.0 names.
import { expect, test } from 'vitest';
import { RTCPeerConnection } from '../src/index.js';

function withPeer(config: object, check: (pc: RTCPeerConnection) => void): void {
  const pc = new RTCPeerConnection(config);
  try {
    check(pc);
  } finally {
    pc.close();
  }
}

test('defaults: no ICE servers, all, balanced, require, no certificates, pool 0', () => {
  withPeer({}, (pc) => {
    expect(pc.getConfiguration()).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
      bundlePolicy: 'balanced',
      rtcpMuxPolicy: 'require',
      certificates: [],
      iceCandidatePoolSize: 0,
    });
  });
  const bare = new RTCPeerConnection();
  expect(bare.getConfiguration().iceServers).toEqual([]);
  bare.close();
});

test('ICE servers: urls as a string or a list, TURN with credentials, given back by getConfiguration', () => {
  const iceServers = [
    { urls: 'stun:stun.example.org:3478' },
    {
      urls: ['turn:turn.example.org?transport=tcp', 'turns:turn.example.org:5349'],
      username: 'u',
      credential: 'p',
    },
  ];
  withPeer(
    {
      iceServers,
      iceTransportPolicy: 'relay',
      bundlePolicy: 'max-bundle',
      iceCandidatePoolSize: 3,
    },
    (pc) => {
      const config = pc.getConfiguration();
      expect(config.iceServers).toEqual([
        { urls: ['stun:stun.example.org:3478'] },
        {
          urls: ['turn:turn.example.org?transport=tcp', 'turns:turn.example.org:5349'],
          username: 'u',
          credential: 'p',
        },
      ]);
      expect(config.iceTransportPolicy).toBe('relay');
      expect(config.bundlePolicy).toBe('max-bundle');
      expect(config.iceCandidatePoolSize).toBe(3);
      // a copy each time
      expect(pc.getConfiguration()).not.toBe(config);
    },
  );
});

test('a URL that does not parse, or an empty urls list, is a SyntaxError', () => {
  for (const urls of [
    'http://example.org',
    'stun:',
    'stun:host:99999',
    [],
    'stun:host?transport=udp',
  ]) {
    expect(() => new RTCPeerConnection({ iceServers: [{ urls }] }), JSON.stringify(urls)).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
  }
});

test('a TURN server without username or credential is an InvalidAccessError', () => {
  expect(() => new RTCPeerConnection({ iceServers: [{ urls: 'turn:turn.example.org' }] })).toThrow(
    expect.objectContaining({ name: 'InvalidAccessError' }),
  );
  expect(
    () => new RTCPeerConnection({ iceServers: [{ urls: 'turn:t.example.org', username: 'u' }] }),
  ).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
});

test('stuns: is a NotSupportedError (libdatachannel has no STUN over TLS)', () => {
  expect(() => new RTCPeerConnection({ iceServers: [{ urls: 'stuns:stun.example.org' }] })).toThrow(
    expect.objectContaining({ name: 'NotSupportedError' }),
  );
});

test('a URL long enough to crash libdatachannel is refused first (SyntaxError)', () => {
  const urls = `stun:${'a'.repeat(30_000)}.example.org`;
  expect(() => new RTCPeerConnection({ iceServers: [{ urls }] })).toThrow(
    expect.objectContaining({ name: 'SyntaxError' }),
  );
});

test('wrong types and enum values are TypeErrors', () => {
  const bad: object[] = [
    { iceServers: 'stun:x' },
    { iceServers: [{}] },
    { iceServers: [5] },
    { iceTransportPolicy: 'none' },
    { bundlePolicy: 'max' },
    { rtcpMuxPolicy: 'negotiate' },
    { iceCandidatePoolSize: 256 },
    { iceCandidatePoolSize: -1 },
    { certificates: [{}] },
    { bindAddress: 'localhost' },
  ];
  for (const config of bad)
    expect(() => new RTCPeerConnection(config as never), JSON.stringify(config)).toThrow(TypeError);
  expect(() => new RTCPeerConnection(5 as never)).toThrow(TypeError);
});

test('setConfiguration: keeps new ICE servers; refuses what the spec forbids to change', () => {
  withPeer({ iceServers: [] }, (pc) => {
    pc.setConfiguration({ iceServers: [{ urls: 'stun:stun.example.org' }] });
    expect(pc.getConfiguration().iceServers).toEqual([{ urls: ['stun:stun.example.org'] }]);
    expect(() => pc.setConfiguration({ bundlePolicy: 'max-compat' })).toThrow(
      expect.objectContaining({ name: 'InvalidModificationError' }),
    );
    expect(() => pc.setConfiguration({ iceServers: [{ urls: 'ftp:x' }] })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    pc.setConfiguration({ iceCandidatePoolSize: 2 });
    expect(pc.getConfiguration().iceCandidatePoolSize).toBe(2);
  });
  const closed = new RTCPeerConnection();
  closed.close();
  expect(() => closed.setConfiguration({})).toThrow(
    expect.objectContaining({ name: 'InvalidStateError' }),
  );
});

test('a new connection: every state is new/stable, descriptions null, sctp null', () => {
  withPeer({}, (pc) => {
    expect(pc.signalingState).toBe('stable');
    expect(pc.connectionState).toBe('new');
    expect(pc.iceConnectionState).toBe('new');
    expect(pc.iceGatheringState).toBe('new');
    expect(pc.localDescription).toBeNull();
    expect(pc.remoteDescription).toBeNull();
    expect(pc.currentLocalDescription).toBeNull();
    expect(pc.pendingLocalDescription).toBeNull();
    expect(pc.currentRemoteDescription).toBeNull();
    expect(pc.pendingRemoteDescription).toBeNull();
    expect(pc.canTrickleIceCandidates).toBeNull();
    expect(pc.sctp).toBeNull();
    for (const name of [
      'onnegotiationneeded',
      'onicecandidate',
      'onicecandidateerror',
      'onsignalingstatechange',
      'oniceconnectionstatechange',
      'onicegatheringstatechange',
      'onconnectionstatechange',
      'ondatachannel',
      'ontrack',
    ]) {
      expect((pc as unknown as Record<string, unknown>)[name], name).toBeNull();
    }
  });
});

test('close(): signalingState closed, every state closed, no event; idempotent', () => {
  const pc = new RTCPeerConnection();
  const events: string[] = [];
  for (const type of ['signalingstatechange', 'connectionstatechange', 'iceconnectionstatechange'])
    pc.addEventListener(type, () => events.push(type));
  pc.close();
  pc.close();
  expect(pc.signalingState).toBe('closed');
  expect(pc.connectionState).toBe('closed');
  expect(pc.iceConnectionState).toBe('closed');
  expect(events).toEqual([]);
});
