import { firstValueFrom } from 'rxjs';
import { describe, expect, test } from 'vitest';
import { PeerConnection, Video, WebSocket, WebSocketServer } from '../src/index.js';
import { expectRtcError } from './helpers/expect-rtc-error.js';
import { loopback, openChannelPair } from './helpers/peers.js';

describe('every failure is an RtcError with a code', () => {
  test('send before open is NOT_OPEN, after close is CLOSED', async () => {
    const pc = new PeerConnection(loopback);
    const channel = pc.createDataChannel('early');
    expectRtcError(() => channel.send('too soon'), 'NOT_OPEN', /wait for open\$/);
    channel.close();
    expectRtcError(() => channel.send('too late'), 'CLOSED');
    pc.close();
  });

  test('a message over maxMessageSize is MESSAGE_TOO_LARGE and names the limit', async () => {
    const { a, b, local } = await openChannelPair();
    const limit = local.maxMessageSize;
    expect(limit).toBeGreaterThan(0);
    expectRtcError(
      () => local.send(new Uint8Array(limit + 1)),
      'MESSAGE_TOO_LARGE',
      new RegExp(`${limit} bytes`),
    );
    expectRtcError(
      () => local.send('é'.repeat(limit / 2 + 1)),
      'MESSAGE_TOO_LARGE',
      new RegExp(`${limit}`),
    );
    local.send(new Uint8Array(limit)); // exactly the limit goes through
    expectRtcError(() => local.send(42 as never), 'INVALID_ARGUMENT');
    a.close();
    b.close();
  });

  test('invalid SDP and candidates', () => {
    const pc = new PeerConnection(loopback);
    expectRtcError(
      () => pc.setRemoteDescription({ type: 'offer', sdp: 'not sdp' }),
      'INVALID_SDP',
      /v=/,
    );
    expectRtcError(
      () => pc.setRemoteDescription({ type: 'offer', sdp: 'v=0\r\nthis is broken\r\n' }),
      'INVALID_SDP',
    );
    expectRtcError(
      () => pc.setRemoteDescription({ type: 'bogus' as never, sdp: 'v=0' }),
      'INVALID_SDP',
    );
    expectRtcError(() => pc.setRemoteDescription(null as never), 'INVALID_ARGUMENT');
    expectRtcError(
      () => pc.addRemoteCandidate({ candidate: 'nonsense', mid: '0' }),
      'INVALID_CANDIDATE',
    );
    // A well-formed candidate before the remote description is kept for later, not refused.
    pc.addRemoteCandidate({ candidate: 'a=candidate:1 1 UDP 1 127.0.0.1 9 typ host', mid: '0' });
    pc.close();
  });

  test('invalid configuration', () => {
    expectRtcError(
      () => new PeerConnection({ iceServers: ['http://stun.example.org'] }),
      'INVALID_CONFIG',
      /ICE server URL/,
    );
    expectRtcError(() => new PeerConnection({ iceServers: ['stun:host:99999'] }), 'INVALID_CONFIG');
    expectRtcError(
      () => new PeerConnection({ iceServers: [{ hostname: 'h', port: 0 }] }),
      'INVALID_CONFIG',
    );
    expectRtcError(
      () => new PeerConnection({ portRangeBegin: 6000, portRangeEnd: 5000 }),
      'INVALID_CONFIG',
      /port range/,
    );
    expectRtcError(() => new PeerConnection({ portRangeBegin: 70000 }), 'INVALID_CONFIG');
    expectRtcError(() => new PeerConnection({ bindAddress: 'not-an-ip' }), 'INVALID_CONFIG');
    expectRtcError(() => new PeerConnection({ mtu: -1 }), 'INVALID_CONFIG');
    // Above 4096 node-datachannel opens the connection but loses every large message.
    expectRtcError(() => new PeerConnection({ mtu: 9000 }), 'INVALID_CONFIG', /above 4096/);
    expectRtcError(
      () => new PeerConnection({ iceTransportPolicy: 'some' as never }),
      'INVALID_CONFIG',
    );
    expectRtcError(() => new WebSocket({ connectionTimeout: 1.5 }), 'INVALID_CONFIG');
    expectRtcError(() => new WebSocketServer({ port: -1 }), 'INVALID_CONFIG');
    // Valid forms are accepted.
    new PeerConnection({
      iceServers: ['stun:stun.example.org:3478', 'turn:user:pass@turn.example.org?transport=tcp'],
    }).close();
  });

  test('setLocalDescription cases that would abort node-datachannel are refused', () => {
    const pc = new PeerConnection({ ...loopback, disableAutoNegotiation: true });
    expectRtcError(() => pc.setLocalDescription(), 'NOTHING_TO_NEGOTIATE', /create a data channel/);
    expectRtcError(() => pc.setLocalDescription('offer'), 'NOTHING_TO_NEGOTIATE');
    expectRtcError(() => pc.setLocalDescription('answer'), 'INVALID_STATE');
    expectRtcError(() => pc.setLocalDescription('bogus' as never), 'INVALID_ARGUMENT');
    pc.createDataChannel('now there is something');
    pc.setLocalDescription();
    expect(pc.signalingState).toBe('have-local-offer');

    const answerer = new PeerConnection({ ...loopback, disableAutoNegotiation: true });
    answerer.setRemoteDescription(pc.localDescription!);
    expectRtcError(() => answerer.setLocalDescription('offer'), 'INVALID_STATE', /answer it first/);
    answerer.setLocalDescription();
    expect(answerer.localDescription?.type).toBe('answer');
    pc.close();
    answerer.close();
  });

  test('use after close is CLOSED, and snapshots stay readable', async () => {
    const { a, b, local, remote } = await openChannelPair();
    const echoed = firstValueFrom(remote.messages$);
    local.send('some bytes');
    await echoed;
    while (a.bytesSent === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const description = a.localDescription;
    a.close();
    expectRtcError(() => a.createDataChannel('x'), 'CLOSED');
    expectRtcError(() => a.setRemoteDescription({ type: 'offer', sdp: 'v=0' }), 'CLOSED');
    // A late candidate from signaling is dropped: it cannot matter, and must not throw there.
    expect(a.addRemoteCandidate({ candidate: 'candidate:x', mid: '0' })).toBeUndefined();
    expectRtcError(() => a.setLocalDescription(), 'CLOSED');
    expect(a.state).toBe('closed');
    expect(a.localDescription).toEqual(description);
    expect(a.bytesSent).toBeGreaterThan(0);
    expect(a.maxMessageSize).toBe(0);
    b.close();
  });

  test('a track that is not open: requestKeyframe sends nothing (false), requestBitrate refuses', () => {
    const pc = new PeerConnection(loopback);
    const video = new Video('video', 'SendRecv');
    video.addH264Codec(96);
    const track = pc.addTrack(video);
    expect(track.mid).toBe('video');
    // Safe at any time: node-datachannel would abort the process, rxdc sends nothing.
    expect(track.requestKeyframe()).toBe(false);
    expectRtcError(() => track.requestBitrate(1000), 'NOT_OPEN');
    expectRtcError(() => track.requestBitrate(-5), 'INVALID_ARGUMENT');
    expectRtcError(() => pc.addTrack({} as never), 'INVALID_ARGUMENT');
    pc.close();
    expect(track.requestKeyframe()).toBe(false);
    expectRtcError(() => track.requestBitrate(1000), 'CLOSED');
  });

  test('bad arguments to channel options', () => {
    const pc = new PeerConnection(loopback);
    expectRtcError(() => pc.createDataChannel(5 as never), 'INVALID_ARGUMENT');
    expectRtcError(
      () => pc.createDataChannel('x', { maxRetransmits: 1, maxPacketLifeTime: 1 }),
      'INVALID_ARGUMENT',
      /not both/,
    );
    expectRtcError(() => pc.createDataChannel('x', { negotiated: true }), 'INVALID_ARGUMENT');
    expectRtcError(() => pc.createDataChannel('x', { id: 70000 }), 'INVALID_ARGUMENT');
    const channel = pc.createDataChannel('ok');
    expectRtcError(() => {
      channel.bufferedAmountLowThreshold = -1;
    }, 'INVALID_ARGUMENT');
    pc.close();
  });
});
