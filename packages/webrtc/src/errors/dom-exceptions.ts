import { RtcError } from '@rxdc/native';
import { RTCError } from './rtc-error.js';

/**
 * The DOMExceptions WebRTC 1.0 names, and the one place where rxdc's typed errors
 * (`RtcError` codes from @rxdc/native) become the exception the spec names for the call.
 */

/** A `DOMException` named `name` (InvalidStateError, OperationError, ...). */
export function domException(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

/** The `InvalidStateError` of a call on a closed RTCPeerConnection. */
export function closedError(method: string): DOMException {
  return domException('InvalidStateError', `${method}: the RTCPeerConnection is closed`);
}

/**
 * The spec's exception for an error of @rxdc/native (or node-datachannel) during `what`:
 * invalid state → `InvalidStateError`, a rejected SDP → `RTCError` `sdp-syntax-error`, a
 * rejected candidate or anything else → `OperationError`. The native error is kept as `cause`.
 */
export function fromNativeError(error: unknown, what: string): Error {
  if (error instanceof DOMException || error instanceof TypeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  let exception: DOMException;
  if (error instanceof RtcError && (error.code === 'INVALID_STATE' || error.code === 'CLOSED'))
    exception = domException('InvalidStateError', `${what}: ${message}`);
  else if (error instanceof RtcError && error.code === 'INVALID_SDP')
    exception = new RTCError({ errorDetail: 'sdp-syntax-error' }, `${what}: ${message}`);
  else exception = domException('OperationError', `${what}: ${message}`);
  Object.defineProperty(exception, 'cause', { value: error, configurable: true, writable: true });
  return exception;
}
