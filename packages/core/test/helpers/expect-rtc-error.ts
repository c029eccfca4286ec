import { expect } from 'vitest';
import { RtcError, type RtcErrorCode } from '../../src/index.js';

/** Asserts that `call` throws an RtcError with `code` (and a message matching `message`). */
export function expectRtcError(call: () => unknown, code: RtcErrorCode, message?: RegExp): void {
  let thrown: unknown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(RtcError);
  expect((thrown as RtcError).code).toBe(code);
  if (message) expect((thrown as RtcError).message).toMatch(message);
}
