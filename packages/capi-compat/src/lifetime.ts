// Native objects whose close has been asked for but not yet confirmed by node-datachannel (its
// onClosed / state 'closed' callback). They stay strongly referenced here, and rtcCleanup waits
// for this set to empty before calling node-datachannel's fragile cleanup().

const closing = new Set<object>();
let generation = 0;

/** Keeps `native` alive until its close is confirmed. @internal */
export function awaitClose(native: object): void {
  closing.add(native);
}

/** The close of `native` was confirmed by node-datachannel. @internal */
export function confirmClosed(native: object): void {
  closing.delete(native);
}

/** Number of closes still unconfirmed. @internal */
export function pendingCloses(): number {
  return closing.size;
}

/** Forgets every unconfirmed close (after the native cleanup). @internal */
export function forgetCloses(): void {
  closing.clear();
}

/** Bumped whenever a native object is created, so a deferred cleanup can see new work. @internal */
export function bumpGeneration(): number {
  generation += 1;
  return generation;
}

/** @internal */
export function currentGeneration(): number {
  return generation;
}
