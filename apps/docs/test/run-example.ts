// Compiles the examples (emit only, into the git-ignored .examples-out/) and runs one as a
// child process, the way a reader runs it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const docs = join(dirname(fileURLToPath(import.meta.url)), '..');
const examplesOut = join(docs, '.examples-out');

let compiled = false;

/** Emits every example to .examples-out/ (type errors are the `typecheck` script's job). */
export function compileExamples(): void {
  if (compiled) return;
  execFileSync(
    process.execPath,
    [join(docs, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.examples.json'],
    {
      cwd: docs,
      stdio: 'inherit',
    },
  );
  // The browser example serves its page from beside itself.
  cpSync(join(docs, 'examples', 'browser'), join(examplesOut, 'browser'), { recursive: true });
  compiled = true;
}

export interface ExampleRun {
  readonly child: ChildProcess;
  /** Everything printed so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves when a line matching `pattern` has been printed. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code and signal, killing the process after `timeoutMs`. */
  exit(
    timeoutMs: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/**
 * Runs `.examples-out/<name>.js` with `args`; `stdin: 'pipe'` gives it a standard input the
 * test writes to (`run.child.stdin`), as a reader types into the example.
 */
export function startExample(
  name: string,
  args: string[] = [],
  options: { stdin?: 'ignore' | 'pipe' } = {},
): ExampleRun {
  const started = Date.now();
  const child = spawn(process.execPath, [join(examplesOut, `${name}.js`), ...args], {
    cwd: docs,
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (chunk) => {
    out += chunk;
    for (const wake of waiters) wake();
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>(
    (resolve) => {
      child.on('exit', (code, signal) => resolve({ code, signal, ms: Date.now() - started }));
    },
  );
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(out);
          if (!match) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `${name}: no ${pattern} within ${timeoutMs} ms; stdout:\n${out}\nstderr:\n${err}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    async exit(timeoutMs) {
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}
