// The one table from @rxdc/native's RtcError codes to rtc.h's error codes: an invalid argument
// is RTC_ERR_INVALID, any other failure RTC_ERR_FAILURE (as libdatachannel's C wrapper answers).
import { RtcError, type RtcErrorCode } from '@rxdc/native';
import { RTC_ERR_FAILURE, RTC_ERR_INVALID, RTC_ERR_NOT_AVAIL } from './constants.js';

const rtcErrorCodes: Readonly<Record<RtcErrorCode, number>> = {
  INVALID_ARGUMENT: RTC_ERR_INVALID,
  INVALID_CONFIG: RTC_ERR_INVALID,
  // rtcSendMessage over the size limit has always been RTC_ERR_INVALID (libdatachannel throws
  // std::invalid_argument for it).
  MESSAGE_TOO_LARGE: RTC_ERR_INVALID,
  CLOSED: RTC_ERR_FAILURE,
  NOT_OPEN: RTC_ERR_FAILURE,
  INVALID_SDP: RTC_ERR_FAILURE,
  INVALID_CANDIDATE: RTC_ERR_FAILURE,
  INVALID_STATE: RTC_ERR_FAILURE,
  NOTHING_TO_NEGOTIATE: RTC_ERR_FAILURE,
  BIND_FAILED: RTC_ERR_FAILURE,
  CHANNEL_ERROR: RTC_ERR_FAILURE,
  LIMIT_EXCEEDED: RTC_ERR_FAILURE,
  CONNECTION_FAILED: RTC_ERR_FAILURE,
  HOLD_OVERFLOW: RTC_ERR_FAILURE,
  NATIVE_FAILURE: RTC_ERR_FAILURE,
  // What node-datachannel makes impossible (a PLI handler after a receiving session, ...):
  // libdatachannel's "element not available".
  UNSUPPORTED: RTC_ERR_NOT_AVAIL,
};

/**
 * The rtc.h error code for what a call into @rxdc/native threw: its `RtcError.code` through
 * the one table; RTC_ERR_FAILURE for anything else. @internal
 */
export function toRtcErr(error: unknown): number {
  return error instanceof RtcError
    ? (rtcErrorCodes[error.code] ?? RTC_ERR_FAILURE)
    : RTC_ERR_FAILURE;
}
