import { expect } from 'vitest';
import { RtcError } from '../../src/index.js';

/** The `RtcError` code `call` throws (asserting that what it throws is an `RtcError`), or undefined when it returns. */
export function codeOf(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(RtcError);
    return (error as RtcError).code;
  }
  return undefined;
}
