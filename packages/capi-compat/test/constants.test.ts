import { expect, test } from 'vitest';
import { RTC_ERR_SUCCESS } from '../src/index.js';

test('RTC_ERR_SUCCESS is 0 as in rtc.h', () => {
  expect(RTC_ERR_SUCCESS).toBe(0);
});
