import { defineEventHandlers } from '../events/event-handler-attributes.js';
import type { RTCDtlsTransport } from './rtc-dtls-transport.js';

/**
 * An SCTP transport's state (WebRTC 1.0 `RTCSctpTransportState`).
 *
 * @example
 * ```ts
 * import type { RTCSctpTransportState } from '@rxdc/webrtc';
 * const state: RTCSctpTransportState = 'connected';
 * ```
 */
export type RTCSctpTransportState = 'connecting' | 'connected' | 'closed';

/** What an RTCSctpTransport reads from its peer connection. @internal */
export interface SctpTransportSource {
  maxMessageSize(): number;
  maxChannels(): number | null;
}

const constructing = Symbol('RTCSctpTransport');

/**
 * The SCTP transport that carries the data channels: `pc.sctp`, once a description that
 * negotiates data channels was applied.
 *
 * @example
 * ```ts
 * import { RTCPeerConnection } from '@rxdc/webrtc';
 * const pc = new RTCPeerConnection();
 * console.log(pc.sctp); // null until negotiated
 * pc.close();
 * ```
 */
export class RTCSctpTransport extends EventTarget {
  /** Called for each `statechange` event. */
  declare onstatechange: ((this: RTCSctpTransport, event: Event) => unknown) | null;
  readonly #transport: RTCDtlsTransport;
  readonly #source: SctpTransportSource;
  #state: RTCSctpTransportState = 'connecting';

  /** @internal */
  constructor(
    token: typeof constructing,
    transport: RTCDtlsTransport,
    source: SctpTransportSource,
  ) {
    if (token !== constructing) throw new TypeError('Illegal constructor');
    super();
    this.#transport = transport;
    this.#source = source;
  }

  /** @internal */
  static create(transport: RTCDtlsTransport, source: SctpTransportSource): RTCSctpTransport {
    return new RTCSctpTransport(constructing, transport, source);
  }

  /** The DTLS transport it runs on. */
  get transport(): RTCDtlsTransport {
    return this.#transport;
  }
  /** The SCTP state. */
  get state(): RTCSctpTransportState {
    return this.#state;
  }
  /** The largest message `send` accepts, in bytes. */
  get maxMessageSize(): number {
    return this.#source.maxMessageSize();
  }
  /** How many data channels can be open at once, or null until connected. */
  get maxChannels(): number | null {
    return this.#state === 'connected' ? this.#source.maxChannels() : null;
  }

  /** @internal */
  setState(state: RTCSctpTransportState, fire: boolean): void {
    if (this.#state === state || this.#state === 'closed') return;
    this.#state = state;
    if (fire) this.dispatchEvent(new Event('statechange'));
  }
}

defineEventHandlers(RTCSctpTransport.prototype, ['statechange']);
