import {
  type ChildOptions,
  type ChildRun,
  runChildIn,
} from '../../../native/test/helpers/child.js';

export type { ChildRun };

/** Runs test/children/<script> of core with node, killing it after `timeoutMs`. */
export function runChild(
  script: string,
  args: string[] = [],
  options: ChildOptions = {},
): Promise<ChildRun> {
  return runChildIn(new URL('../children/', import.meta.url), script, args, options);
}
