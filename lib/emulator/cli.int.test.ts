// scripts/emulator.ts on its own: one JSON line on stdout once the servers listen, a clean exit on SIGTERM.
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('npm run emulator', () => {
  it('prints the server addresses as one JSON line, serves them, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/emulator.ts', '--scenario', 'issue-181', '--base-port', '0', '--speed', '10', '--seed', '3'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        readline.createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      const first = JSON.parse(line) as { scenario: string; servers: string[]; seed: number };
      expect(first).toMatchObject({ scenario: 'issue-181', seed: 3 });
      expect(first.servers).toHaveLength(2);
      for (const s of first.servers) expect(s).toMatch(/^127\.0\.0\.\d+:\d+$/);
      const health = await fetch(`http://${first.servers[1]}/actuator/health`);
      expect(await health.json()).toEqual({ status: 'UP' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
