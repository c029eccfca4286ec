// A remote that ignores our a=max-message-size (raw node-datachannel, its answer edited to say
// more): the message over the limit is never delivered cut; the channel reports an RTCError
// (data-channel-failure) in an error event, then closes.
import nodeDataChannel from 'node-datachannel';
import { expect, test } from 'vitest';
import { RTCErrorEvent, RTCPeerConnection } from '../src/index.js';
import { next } from './helpers/peers.js';

test('a message over maxMessageSize from a remote that ignores it: error event, then close; nothing delivered cut', async () => {
  const raw = new nodeDataChannel.PeerConnection('raw', {
    iceServers: [],
    bindAddress: '127.0.0.1',
  });
  const pc = new RTCPeerConnection({ bindAddress: '127.0.0.1', maxMessageSize: 1000 });
  try {
    raw.onLocalDescription(async (sdp, type) => {
      if (type.toLowerCase() !== 'offer') return;
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription();
      // The remote ignores our limit: it is told 262144.
      const answer = (pc.localDescription?.sdp ?? '').replace(
        /a=max-message-size:\d+/,
        'a=max-message-size:262144',
      );
      try {
        raw.setRemoteDescription(answer, 'answer');
      } catch {}
    });
    raw.onLocalCandidate((candidate, mid) => {
      pc.addIceCandidate({ candidate: candidate.replace(/^a=/, ''), sdpMid: mid }).catch(() => {});
    });
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      try {
        raw.addRemoteCandidate(candidate.candidate, candidate.sdpMid ?? '0');
      } catch {}
    };
    raw.onStateChange(() => {});
    const sender = raw.createDataChannel('limit');
    sender.onClosed(() => {});
    const { channel } = await next<Event & { channel: import('../src/index.js').RTCDataChannel }>(
      pc,
      'datachannel',
    );
    const messages: unknown[] = [];
    const events: string[] = [];
    channel.onmessage = ({ data }) => messages.push(data);
    const errored = new Promise<RTCErrorEvent>((resolve) => {
      channel.onerror = (event) => {
        events.push('error');
        resolve(event);
      };
    });
    const closed = new Promise<void>((resolve) => {
      channel.onclose = () => {
        events.push('close');
        resolve();
      };
    });
    const send = () => {
      sender.sendMessage('small');
      sender.sendMessageBinary(Buffer.alloc(5000, 1));
    };
    if (sender.isOpen()) send();
    else sender.onOpen(send);
    const event = await errored;
    await closed;
    expect(event).toBeInstanceOf(RTCErrorEvent);
    expect(event.error.errorDetail).toBe('data-channel-failure');
    expect(events).toEqual(['error', 'close']);
    expect(messages).toEqual(['small']);
    expect(channel.readyState).toBe('closed');
    sender.close();
  } finally {
    pc.close();
    raw.close();
  }
});
