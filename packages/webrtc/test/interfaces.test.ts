// The dictionary-built interfaces, from WebRTC 1.0's WebIDL: constructors, defaults,
// conversions, toJSON, and the TypeErrors WebIDL names.
import { describe, expect, test } from 'vitest';
import {
  RTCCertificate,
  RTCDataChannel,
  RTCDataChannelEvent,
  RTCDtlsTransport,
  RTCError,
  RTCErrorEvent,
  RTCIceCandidate,
  RTCIceTransport,
  RTCPeerConnection,
  RTCPeerConnectionIceEvent,
  RTCSctpTransport,
  RTCSessionDescription,
} from '../src/index.js';

const host = 'candidate:1 1 UDP 2122317823 127.0.0.1 5000 typ host';
const srflx =
  'candidate:842163049 1 udp 1677729535 203.0.113.5 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0 ufrag abcd';

describe('RTCSessionDescription', () => {
  test('reads type and sdp (default ""), and toJSON gives both', () => {
    const description = new RTCSessionDescription({ type: 'offer', sdp: 'v=0\r\n' });
    expect(description.type).toBe('offer');
    expect(description.sdp).toBe('v=0\r\n');
    expect(description.toJSON()).toEqual({ type: 'offer', sdp: 'v=0\r\n' });
    expect(new RTCSessionDescription({ type: 'rollback' }).sdp).toBe('');
  });
  test('its attributes are read-only', () => {
    const description = new RTCSessionDescription({ type: 'answer', sdp: 'x' });
    expect(() => {
      (description as unknown as { sdp: string }).sdp = 'y';
    }).toThrow(TypeError);
    expect(description.sdp).toBe('x');
  });
  test('a missing dictionary, missing type or a type outside RTCSdpType is a TypeError', () => {
    expect(() => new (RTCSessionDescription as unknown as new () => unknown)()).toThrow(TypeError);
    expect(() => new RTCSessionDescription({} as never)).toThrow(TypeError);
    expect(() => new RTCSessionDescription({ type: 'bogus' as never })).toThrow(TypeError);
    expect(() => new RTCSessionDescription(5 as never)).toThrow(TypeError);
  });
  test('sdp is converted to a DOMString', () => {
    expect(new RTCSessionDescription({ type: 'offer', sdp: 42 as never }).sdp).toBe('42');
    expect(new RTCSessionDescription({ type: 'offer', sdp: null as never }).sdp).toBe('null');
  });
});

describe('RTCIceCandidate', () => {
  test('parses a host candidate into its fields', () => {
    const candidate = new RTCIceCandidate({ candidate: host, sdpMid: '0' });
    expect(candidate).toMatchObject({
      candidate: host,
      sdpMid: '0',
      sdpMLineIndex: null,
      foundation: '1',
      component: 'rtp',
      priority: 2122317823,
      address: '127.0.0.1',
      protocol: 'udp',
      port: 5000,
      type: 'host',
      tcpType: null,
      relatedAddress: null,
      relatedPort: null,
      usernameFragment: null,
    });
  });
  test('parses related address, port and ufrag of a server-reflexive candidate', () => {
    const candidate = new RTCIceCandidate({ candidate: srflx, sdpMLineIndex: 0 });
    expect(candidate.type).toBe('srflx');
    expect(candidate.relatedAddress).toBe('10.0.0.2');
    expect(candidate.relatedPort).toBe(46154);
    expect(candidate.usernameFragment).toBe('abcd');
    expect(candidate.sdpMLineIndex).toBe(0);
  });
  test('an explicit usernameFragment wins over the ufrag in the attribute', () => {
    expect(
      new RTCIceCandidate({ candidate: srflx, sdpMid: '0', usernameFragment: 'x' })
        .usernameFragment,
    ).toBe('x');
  });
  test('toJSON gives candidate, sdpMid, sdpMLineIndex and usernameFragment', () => {
    expect(
      new RTCIceCandidate({ candidate: host, sdpMid: '0', sdpMLineIndex: 0 }).toJSON(),
    ).toEqual({
      candidate: host,
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: null,
    });
  });
  test('both sdpMid and sdpMLineIndex null (or missing) is a TypeError, also for an empty candidate', () => {
    expect(() => new RTCIceCandidate()).toThrow(TypeError);
    expect(() => new RTCIceCandidate({ candidate: host })).toThrow(TypeError);
    expect(() => new RTCIceCandidate({ candidate: '', sdpMid: null, sdpMLineIndex: null })).toThrow(
      TypeError,
    );
  });
  test('an unparsable attribute leaves the parsed fields null', () => {
    const candidate = new RTCIceCandidate({ candidate: 'garbage', sdpMid: '0' });
    expect(candidate.candidate).toBe('garbage');
    expect([candidate.address, candidate.port, candidate.type, candidate.foundation]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
  test('sdpMLineIndex is an unsigned short (modulo 2^16)', () => {
    expect(new RTCIceCandidate({ sdpMLineIndex: 65537 }).sdpMLineIndex).toBe(1);
  });
});

describe('events', () => {
  test('RTCPeerConnectionIceEvent: candidate and url default to null', () => {
    const event = new RTCPeerConnectionIceEvent('icecandidate');
    expect(event.type).toBe('icecandidate');
    expect(event.candidate).toBeNull();
    expect(event.url).toBeNull();
    const candidate = new RTCIceCandidate({ candidate: host, sdpMid: '0' });
    const full = new RTCPeerConnectionIceEvent('icecandidate', {
      candidate,
      url: 'stun:x',
      bubbles: true,
    });
    expect(full.candidate).toBe(candidate);
    expect(full.url).toBe('stun:x');
    expect(full.bubbles).toBe(true);
    expect(full).toBeInstanceOf(Event);
  });
  test('RTCPeerConnectionIceEvent: a candidate that is not an RTCIceCandidate is a TypeError', () => {
    expect(() => new RTCPeerConnectionIceEvent('icecandidate', { candidate: {} as never })).toThrow(
      TypeError,
    );
    expect(() => new (RTCPeerConnectionIceEvent as unknown as new () => unknown)()).toThrow(
      TypeError,
    );
  });
  test('RTCDataChannelEvent needs a real RTCDataChannel', () => {
    expect(() => new RTCDataChannelEvent('datachannel', {} as never)).toThrow(TypeError);
    expect(() => new RTCDataChannelEvent('datachannel', { channel: {} as never })).toThrow(
      TypeError,
    );
    expect(
      () => new (RTCDataChannelEvent as unknown as new (t: string) => unknown)('datachannel'),
    ).toThrow(TypeError);
    const pc = new RTCPeerConnection();
    const channel = pc.createDataChannel('x');
    const event = new RTCDataChannelEvent('datachannel', { channel });
    expect(event.channel).toBe(channel);
    expect(event).toBeInstanceOf(Event);
    pc.close();
  });
  test('RTCErrorEvent needs an RTCError', () => {
    const error = new RTCError({ errorDetail: 'sctp-failure', sctpCauseCode: 12 }, 'boom');
    const event = new RTCErrorEvent('error', { error });
    expect(event.error).toBe(error);
    expect(() => new RTCErrorEvent('error', { error: new Error('x') as never })).toThrow(TypeError);
    expect(() => new RTCErrorEvent('error', {} as never)).toThrow(TypeError);
  });
});

describe('RTCError', () => {
  test('is a DOMException named OperationError with its detail fields', () => {
    const error = new RTCError({ errorDetail: 'sdp-syntax-error', sdpLineNumber: 7 }, 'bad line');
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OperationError');
    expect(error.message).toBe('bad line');
    expect(error.errorDetail).toBe('sdp-syntax-error');
    expect(error.sdpLineNumber).toBe(7);
    expect([
      error.sctpCauseCode,
      error.receivedAlert,
      error.sentAlert,
      error.httpRequestStatusCode,
    ]).toEqual([null, null, null, null]);
  });
  test('the message defaults to ""; every detail field is read', () => {
    const error = new RTCError({
      errorDetail: 'dtls-failure',
      receivedAlert: 40,
      sentAlert: 42,
      sctpCauseCode: 3,
      httpRequestStatusCode: 404,
    });
    expect(error.message).toBe('');
    expect([
      error.receivedAlert,
      error.sentAlert,
      error.sctpCauseCode,
      error.httpRequestStatusCode,
    ]).toEqual([40, 42, 3, 404]);
  });
  test('a missing or unknown errorDetail is a TypeError', () => {
    expect(() => new RTCError({} as never)).toThrow(TypeError);
    expect(() => new RTCError({ errorDetail: 'nope' as never })).toThrow(TypeError);
    expect(() => new (RTCError as unknown as new () => unknown)()).toThrow(TypeError);
  });
});

describe('interfaces only the implementation creates', () => {
  test('new RTCDataChannel, RTCSctpTransport, RTCDtlsTransport, RTCIceTransport, RTCCertificate: TypeError', () => {
    for (const Interface of [
      RTCDataChannel,
      RTCSctpTransport,
      RTCDtlsTransport,
      RTCIceTransport,
      RTCCertificate,
    ]) {
      expect(() => new (Interface as unknown as new () => unknown)(), Interface.name).toThrow(
        TypeError,
      );
    }
  });
  test('generateCertificate rejects with NotSupportedError (TypeError without an algorithm)', async () => {
    await expect(
      RTCPeerConnection.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' } as never),
    ).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(RTCPeerConnection.generateCertificate(undefined as never)).rejects.toBeInstanceOf(
      TypeError,
    );
  });
});
