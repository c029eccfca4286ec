import { defineEventHandlers } from '../events/event-handler-attributes.js';
import type { RTCErrorEvent } from '../events/rtc-error-event.js';
import type { RTCIceTransport } from './rtc-ice-transport.js';

/**
 * A DTLS transport's state (WebRTC 1.0 `RTCDtlsTransportState`).
 *
 * @example
 * ```ts
 * import type { RTCDtlsTransportState } from '@rxdc/webrtc';
 * const state: RTCDtlsTransportState = 'connected';
 * ```
 */
export type RTCDtlsTransportState = 'new' | 'connecting' | 'connected' | 'closed' | 'failed';

const constructing = Symbol('RTCDtlsTransport');

/**
 * The DTLS transport under the SCTP transport. libdatachannel reports its state only as part
 * of the connection state, so `state` follows `connectionState`; it exposes the remote
 * certificate's fingerprint but not the certificate, so `getRemoteCertificates()` is empty.
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const pc = new RTCPeerConnection();
 * console.log(pc.sctp?.transport.state ?? 'no SCTP transport yet');
 * pc.close();
 * ```
 */
export class RTCDtlsTransport extends EventTarget {
  /** Called for each `statechange` event. */
  declare onstatechange: ((this: RTCDtlsTransport, event: Event) => unknown) | null;
  /** Called for the `error` event (never fired: libdatachannel reports DTLS failures as connection failures). */
  declare onerror: ((this: RTCDtlsTransport, event: RTCErrorEvent) => unknown) | null;
  readonly #iceTransport: RTCIceTransport;
  #state: RTCDtlsTransportState = 'new';

  /** @internal */
  constructor(token: typeof constructing, iceTransport: RTCIceTransport) {
    if (token !== constructing) throw new TypeError('Illegal constructor');
    super();
    this.#iceTransport = iceTransport;
  }

  /** @internal */
  static create(iceTransport: RTCIceTransport): RTCDtlsTransport {
    return new RTCDtlsTransport(constructing, iceTransport);
  }

  /** The ICE transport it runs on. */
  get iceTransport(): RTCIceTransport {
    return this.#iceTransport;
  }
  /** The DTLS state. */
  get state(): RTCDtlsTransportState {
    return this.#state;
  }

  /** The remote certificates (DER): always empty, libdatachannel does not expose them. */
  getRemoteCertificates(): ArrayBuffer[] {
    return [];
  }

  /** @internal */
  setState(state: RTCDtlsTransportState, fire: boolean): void {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    if (fire) this.dispatchEvent(new Event('statechange'));
  }
}

defineEventHandlers(RTCDtlsTransport.prototype, ['statechange', 'error']);
