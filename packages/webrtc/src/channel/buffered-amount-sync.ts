// WebRTC 1.0 counts a message in bufferedAmount from send() to the task that reports it handed
// to the network. That task is queued when the bytes are sent, so it runs before any task queued
// later, such as the remote side's message event when both ends live in this process. Here the
// report is a setImmediate, which Node runs after the native callbacks already waiting (a
// loopback message arrives there first). So every native event that is about to be dispatched
// first settles the reports still pending, in the order of the sends.

/** A channel whose bytes sent in an earlier turn are not yet reported handed to the network. */
interface PendingSync {
  /** Reports the bytes handed to the network; true if it dispatched `bufferedamountlow`. */
  syncBufferedAmount(): boolean;
}

const pending = new Set<PendingSync>();

/** Registers `channel` to report its bytes sent in this turn on the next one (or earlier, see above). */
export function scheduleBufferedAmountSync(channel: PendingSync): void {
  if (pending.has(channel)) return;
  pending.add(channel);
  setImmediate(() => {
    if (pending.delete(channel)) channel.syncBufferedAmount();
  });
}

/**
 * Settles every pending report before a native event is dispatched; true if any of them
 * dispatched `bufferedamountlow` (the caller then dispatches its own event on a later turn, so
 * that what listeners awaited runs first, as between two tasks).
 */
export function settleBufferedAmounts(): boolean {
  if (pending.size === 0) return false;
  let dispatched = false;
  for (const channel of [...pending]) {
    pending.delete(channel);
    if (channel.syncBufferedAmount()) dispatched = true;
  }
  return dispatched;
}
