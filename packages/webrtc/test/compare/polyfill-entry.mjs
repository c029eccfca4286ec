// node-datachannel's own W3C polyfill, as its users import it, for running this package's
// conformance tests against it (vitest.polyfill.config.ts). It does not export RTCErrorEvent.
export * from 'node-datachannel/polyfill';
export const RTCErrorEvent = undefined;
