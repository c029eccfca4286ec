import { TestScheduler } from 'rxjs/testing';
import { expect } from 'vitest';

export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}
