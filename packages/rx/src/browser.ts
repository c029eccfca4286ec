/**
 * `@rxdc/rx/browser`: the framed wire format with its credit-based flow control for browser
 * `RTCDataChannel`s. A plain ES module with no Node API and no dependency, importable by a
 * page without a bundler; it talks to `framed()` of `@rxdc/rx` in Node.
 *
 * @packageDocumentation
 */
export type {
  BrowserDataChannel,
  BrowserFramedChannel,
  BrowserFramedOptions,
} from './browser/framed-data-channel.js';
export { framed } from './browser/framed-data-channel.js';
export type { RxErrorCode } from './errors/rx-error.js';
export { RxError } from './errors/rx-error.js';
