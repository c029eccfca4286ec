// 20 of 20 child processes that open, use and close connections exit by themselves, with
// code 0, without cleanup(): three ways of closing, a listener that throws, a bad candidate.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const program = fileURLToPath(new URL('./children/open-use-close.cjs', import.meta.url));
const entry = fileURLToPath(new URL('../dist/index.cjs', import.meta.url));

function run(
  mode: string,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [program, entry, mode], {
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
    // A child that does not exit by itself is killed, and the test fails on its signal.
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

test('20 of 20 child processes exit by themselves after closing their connections', async () => {
  const modes = ['both-close', 'remote-close', 'channel-close'];
  const results = [];
  for (let i = 0; i < 20; i++) {
    const mode = modes[i % modes.length] as string;
    const result = await run(mode);
    results.push({ mode, ...result });
  }
  for (const result of results) {
    expect(result.signal, `${result.mode}: ${result.stderr}`).toBeNull();
    expect(result.code, `${result.mode}: ${result.stderr}`).toBe(0);
    expect(result.stdout).toContain('done thrown=2');
  }
}, 600_000);
