// Lifetimes: `using` closes an object at the end of its block; liveObjects() lists what is
// still open; shutdown() closes the rest and releases node-datachannel so the process exits.
// #region example
import { liveObjects, PeerConnection, shutdown } from '@rxdc/core';

{
  using peer = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
  peer.createDataChannel('short-lived');
  console.log(
    'inside the block:',
    liveObjects()
      .map((o) => o.kind)
      .join(', '),
  );
} // peer.close() runs here, and closes its channel too

const forgotten = new PeerConnection({ iceServers: [], bindAddress: '127.0.0.1' });
// The closed ones stay listed, marked closing, until node-datachannel confirms the close.
const describe = liveObjects().map((o) => (o.closing ? `${o.kind} (closing)` : o.kind));
console.log(`alive after the block: ${describe.join(', ')}; forgotten is ${forgotten.state}`);

// Without this the process would not exit: node-datachannel keeps it alive.
await shutdown();
console.log('after shutdown:', liveObjects().length);
// #endregion example
