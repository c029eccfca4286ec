// Every failure is an RtcError with a code to switch on, and a message that says what to do.
// Nothing here can abort the process, even the calls that would with raw node-datachannel.
// #region example

import { PeerConnection, RtcError, shutdown } from '@rxdc/core';
import { firstValueFrom } from 'rxjs';

function codeOf(action: () => unknown): string {
  try {
    action();
    return 'no error';
  } catch (error) {
    if (error instanceof RtcError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

const config = { iceServers: [], bindAddress: '127.0.0.1' };

// Raw node-datachannel aborts the process here ("No DataChannel or Track to negotiate").
const lonely = new PeerConnection({ ...config, disableAutoNegotiation: true });
console.log(codeOf(() => lonely.setLocalDescription()));

// Not SDP at all.
console.log(codeOf(() => lonely.setRemoteDescription({ type: 'offer', sdp: 'hello' })));

// A bad ICE server URL is caught before node-datachannel sees it.
console.log(codeOf(() => new PeerConnection({ iceServers: ['stun:'] })));

const a = new PeerConnection(config);
const b = new PeerConnection(config);
a.localDescription$.subscribe((d) => b.setRemoteDescription(d));
a.localCandidate$.subscribe((c) => b.addRemoteCandidate(c));
b.localDescription$.subscribe((d) => a.setRemoteDescription(d));
b.localCandidate$.subscribe((c) => a.addRemoteCandidate(c));

const channel = a.createDataChannel('errors');
console.log(codeOf(() => channel.send('too early'))); // NOT_OPEN
await firstValueFrom(channel.open$);
const tooBig = new Uint8Array(channel.maxMessageSize + 1);
console.log(codeOf(() => channel.send(tooBig))); // MESSAGE_TOO_LARGE, naming the limit
channel.close();
console.log(codeOf(() => channel.send('too late'))); // CLOSED

await shutdown();
console.log('done');
// #endregion example
