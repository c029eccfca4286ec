/** Every RTCDataChannel this package created (events check their init against it). */
const channels = new WeakSet<object>();

/** Marks `channel` as a real RTCDataChannel. */
export function brandRTCDataChannel(channel: object): void {
  channels.add(channel);
}

/** True for an RTCDataChannel this package created. */
export function isRTCDataChannel(value: unknown): boolean {
  return typeof value === 'object' && value !== null && channels.has(value);
}
