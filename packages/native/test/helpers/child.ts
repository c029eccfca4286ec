import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a child process did: its exit, its output, and how long it took to exit after saying "finished". */
export interface ChildRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from the line "finished" to the exit (undefined if it never said it). */
  exitAfterFinishedMs: number | undefined;
}

/** Options of {@link runChild} and {@link runChildIn}. */
export interface ChildOptions {
  timeoutMs?: number;
  nodeArgs?: string[];
  env?: Record<string, string>;
}

/** Runs test/children/<script> of this package with node, killing it after `timeoutMs`. */
export function runChild(
  script: string,
  args: string[] = [],
  options: ChildOptions = {},
): Promise<ChildRun> {
  return runChildIn(new URL('../children/', import.meta.url), script, args, options);
}

/**
 * Runs `<folder>/<script>` with node, killing it after `timeoutMs`: the one child runner of the
 * packages' tests (core's runs its own children folder through it).
 */
export function runChildIn(
  folder: URL,
  script: string,
  args: string[] = [],
  options: ChildOptions = {},
): Promise<ChildRun> {
  const path = fileURLToPath(new URL(script, folder));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env },
    });
    let stdout = '';
    let stderr = '';
    let finishedAt: number | undefined;
    child.stdout.on('data', (data: Buffer) => {
      stdout += data;
      if (finishedAt === undefined && /^finished$/m.test(stdout)) finishedAt = performance.now();
    });
    child.stderr.on('data', (data: Buffer) => {
      stderr += data;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const exitedAt = performance.now();
      resolve({
        code,
        signal,
        stdout,
        stderr,
        exitAfterFinishedMs: finishedAt === undefined ? undefined : exitedAt - finishedAt,
      });
    });
  });
}
