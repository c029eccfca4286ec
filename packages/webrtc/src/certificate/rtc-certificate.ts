import { domException } from '../errors/dom-exceptions.js';

/**
 * A certificate fingerprint (WebRTC 1.0 `RTCDtlsFingerprint`).
 *
 * @example
 * ```ts
 * import type { RTCDtlsFingerprint } from '@rxdc/webrtc';
 * const fingerprint: RTCDtlsFingerprint = { algorithm: 'sha-256', value: 'AB:CD' };
 * ```
 */
export interface RTCDtlsFingerprint {
  /** The hash function, such as `'sha-256'`. */
  algorithm: string;
  /** The fingerprint, as colon-separated upper-case hex. */
  value: string;
}

const constructing = Symbol('RTCCertificate');

/**
 * WebRTC 1.0's RTCCertificate, as far as libdatachannel backs it: libdatachannel makes its own
 * certificate for each peer connection (its fingerprint is in the local description) and
 * cannot take one generated in JavaScript, so `RTCPeerConnection.generateCertificate` rejects
 * with `NotSupportedError` and only rxdc creates these objects.
 *
 * @example
 * ```ts
 * import { RTCCertificate } from '@rxdc/webrtc';
 * console.log(typeof RTCCertificate.prototype.getFingerprints); // function
 * ```
 */
export class RTCCertificate {
  readonly #expires: number;
  readonly #fingerprints: RTCDtlsFingerprint[];

  /** @internal */
  constructor(token: typeof constructing, expires: number, fingerprints: RTCDtlsFingerprint[]) {
    if (token !== constructing) throw new TypeError('Illegal constructor');
    this.#expires = expires;
    this.#fingerprints = fingerprints;
  }

  /** @internal */
  static create(expires: number, fingerprints: RTCDtlsFingerprint[]): RTCCertificate {
    return new RTCCertificate(constructing, expires, fingerprints);
  }

  /** When the certificate expires, in milliseconds since 1970. */
  get expires(): number {
    return this.#expires;
  }

  /** The certificate's fingerprints. */
  getFingerprints(): RTCDtlsFingerprint[] {
    return this.#fingerprints.map((fingerprint) => ({ ...fingerprint }));
  }
}

/** `RTCPeerConnection.generateCertificate`: libdatachannel cannot use one. @internal */
export function generateCertificate(keygenAlgorithm: unknown): Promise<RTCCertificate> {
  if (
    typeof keygenAlgorithm !== 'string' &&
    (typeof keygenAlgorithm !== 'object' || keygenAlgorithm === null)
  )
    return Promise.reject(new TypeError('generateCertificate takes an AlgorithmIdentifier'));
  return Promise.reject(
    domException(
      'NotSupportedError',
      'generateCertificate: libdatachannel makes its own certificate for each connection and cannot use one generated here',
    ),
  );
}
