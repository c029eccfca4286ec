import { spawn } from 'node:child_process';

/** Resolves when `check()` is true, polling; rejects after `ms`. */
export async function until(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs a node script in a child process; resolves with exit code, signal, time and output. */
export function runNode(
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<{
  code: number | null;
  signal: string | null;
  ms: number;
  stdout: string;
  stderr: string;
}> {
  return new Promise((resolve) => {
    const start = Date.now();
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 15_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, ms: Date.now() - start, stdout, stderr });
    });
  });
}
