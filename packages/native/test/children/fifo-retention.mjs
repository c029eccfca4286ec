// Child of fifo-retention.test.ts (run with --expose-gc): what a long-lived BoundedFifo keeps
// alive after its values were taken, cleared or pruned, measured after young-generation GCs
// only (the GCs that run between full ones while messages stream). Prints the external
// ArrayBuffer bytes still alive for each way of letting values go.
import { BoundedFifo } from '../../dist/index.js';

// Small messages: the whole run stays below V8's external-memory GC triggers, so nothing is
// promoted by a GC the test did not ask for.
const CHUNK = 4096;
const HELD = 64;
const settle = async () => {
  for (let i = 0; i < 4; i++) {
    gc({ type: 'minor' });
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
};
const alive = () => process.memoryUsage().arrayBuffers;

/** A queue in V8's old space, as a channel's queue is after a while. */
async function oldQueue() {
  const fifo = new BoundedFifo();
  for (let i = 0; i < 100; i++) fifo.push(Buffer.alloc(16));
  while (fifo.count > 0) fifo.shift();
  gc();
  gc();
  await settle();
  return fifo;
}

async function measure(letGo) {
  const fifo = await oldQueue();
  const before = alive();
  letGo(fifo);
  await settle();
  const after = alive() - before;
  globalThis.keep = fifo; // the queue itself stays alive, as a channel's does
  return after;
}

const results = {
  // Streaming past a compaction: HELD messages queued at a time, each taken in order.
  shifted: await measure((fifo) => {
    for (let i = 0; i < HELD; i++) fifo.push(Buffer.alloc(CHUNK, 1));
    for (let i = 0; i < 1100; i++) {
      fifo.shift();
      fifo.push(Buffer.alloc(CHUNK, 1));
    }
    while (fifo.count > 0) fifo.shift();
  }),
  cleared: await measure((fifo) => {
    for (let i = 0; i < HELD; i++) fifo.push(Buffer.alloc(CHUNK, 1));
    fifo.clear();
  }),
  pruned: await measure((fifo) => {
    for (let i = 0; i < HELD; i++) fifo.push(Buffer.alloc(CHUNK, 1));
    fifo.prune(() => true);
  }),
};
console.log(JSON.stringify(results));
