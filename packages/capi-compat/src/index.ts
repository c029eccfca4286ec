/**
 * Error codes returned by every `rtcXxx` function, with the values of libdatachannel's `rtc.h`.
 *
 * @example
 * ```ts
 * import { RTC_ERR_SUCCESS } from '@rxdc/capi-compat';
 * if (result < RTC_ERR_SUCCESS) console.error('failed with', result);
 * ```
 */
export const RTC_ERR_SUCCESS = 0;
