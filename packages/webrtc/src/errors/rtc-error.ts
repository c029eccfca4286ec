import { toDictionary, toEnum, toUnsignedInteger } from '../webidl/convert.js';

/**
 * What an {@link RTCError} is about (WebRTC 1.0 `RTCErrorDetailType`).
 *
 * @example
 * ```ts
 * import type { RTCErrorDetailType } from '@rxdc/webrtc';
 * const detail: RTCErrorDetailType = 'sctp-failure';
 * ```
 */
export type RTCErrorDetailType =
  | 'data-channel-failure'
  | 'dtls-failure'
  | 'fingerprint-failure'
  | 'sctp-failure'
  | 'sdp-syntax-error'
  | 'hardware-encoder-not-available'
  | 'hardware-encoder-error';

const detailTypes: readonly RTCErrorDetailType[] = [
  'data-channel-failure',
  'dtls-failure',
  'fingerprint-failure',
  'sctp-failure',
  'sdp-syntax-error',
  'hardware-encoder-not-available',
  'hardware-encoder-error',
];

/**
 * The members of a new {@link RTCError} (WebRTC 1.0 `RTCErrorInit`).
 *
 * @example
 * ```ts
 * import type { RTCErrorInit } from '@rxdc/webrtc';
 * const init: RTCErrorInit = { errorDetail: 'sdp-syntax-error', sdpLineNumber: 3 };
 * ```
 */
export interface RTCErrorInit {
  /** What the error is about (required). */
  errorDetail: RTCErrorDetailType;
  /** The SDP line that failed to parse, for `sdp-syntax-error`. */
  sdpLineNumber?: number;
  /** The SCTP cause code, for `sctp-failure`. */
  sctpCauseCode?: number;
  /** The DTLS alert received, for `dtls-failure`. */
  receivedAlert?: number;
  /** The DTLS alert sent, for `dtls-failure`. */
  sentAlert?: number;
  /** The HTTP status of a failed request (not used by data channels). */
  httpRequestStatusCode?: number;
}

/**
 * WebRTC 1.0's `RTCError`: a `DOMException` named `OperationError` with the detail of what
 * failed. A data channel's `error` event carries one (see {@link RTCErrorEvent}); operations
 * reject with one for an SDP libdatachannel cannot parse (`sdp-syntax-error`).
 *
 * @example
 * ```ts
 * import { RTCError } from '@rxdc/webrtc';
 * const error = new RTCError({ errorDetail: 'data-channel-failure' }, 'the channel failed');
 * console.log(error.name, error.errorDetail); // OperationError data-channel-failure
 * ```
 */
export class RTCError extends DOMException {
  readonly #errorDetail: RTCErrorDetailType;
  readonly #sdpLineNumber: number | null;
  readonly #sctpCauseCode: number | null;
  readonly #receivedAlert: number | null;
  readonly #sentAlert: number | null;
  readonly #httpRequestStatusCode: number | null;

  constructor(init: RTCErrorInit, message = '') {
    // biome-ignore lint/complexity/noArguments: WebIDL counts the arguments actually given
    if (arguments.length < 1)
      throw new TypeError('RTCError: 1 argument required, but only 0 present');
    const dict = toDictionary(init, 'RTCErrorInit');
    if (dict.errorDetail === undefined) throw new TypeError('RTCErrorInit.errorDetail is required');
    const errorDetail = toEnum(dict.errorDetail, detailTypes, 'RTCErrorInit.errorDetail');
    const optionalLong = (name: string) =>
      dict[name] === undefined ? null : toUnsignedInteger(dict[name], 32, `RTCErrorInit.${name}`);
    const fields = {
      sdpLineNumber:
        dict.sdpLineNumber === undefined ? null : Math.trunc(Number(dict.sdpLineNumber)) | 0,
      sctpCauseCode: optionalLong('sctpCauseCode'),
      receivedAlert: optionalLong('receivedAlert'),
      sentAlert: optionalLong('sentAlert'),
      httpRequestStatusCode:
        dict.httpRequestStatusCode === undefined
          ? null
          : Math.trunc(Number(dict.httpRequestStatusCode)) | 0,
    };
    super(String(message), 'OperationError');
    this.#errorDetail = errorDetail;
    this.#sdpLineNumber = fields.sdpLineNumber;
    this.#sctpCauseCode = fields.sctpCauseCode;
    this.#receivedAlert = fields.receivedAlert;
    this.#sentAlert = fields.sentAlert;
    this.#httpRequestStatusCode = fields.httpRequestStatusCode;
  }

  /** What the error is about. */
  get errorDetail(): RTCErrorDetailType {
    return this.#errorDetail;
  }

  /** The SDP line that failed to parse, or null. */
  get sdpLineNumber(): number | null {
    return this.#sdpLineNumber;
  }

  /** The SCTP cause code, or null. */
  get sctpCauseCode(): number | null {
    return this.#sctpCauseCode;
  }

  /** The DTLS alert received, or null. */
  get receivedAlert(): number | null {
    return this.#receivedAlert;
  }

  /** The DTLS alert sent, or null. */
  get sentAlert(): number | null {
    return this.#sentAlert;
  }

  /** The HTTP status of a failed request, or null. */
  get httpRequestStatusCode(): number | null {
    return this.#httpRequestStatusCode;
  }
}
