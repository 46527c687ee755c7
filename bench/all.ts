// npm run bench: every benchmark in turn (each prints its baseline beside its figure), written to one
// report, bench/report.md, with the machine and the date. Copy a run's figures into
// docs/performance.md as a dated section. A benchmark that fails is reported as failed and the
// rest still run; the exit code is then 1.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './support.ts';

const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
const only = process.argv.slice(2);
const names = Object.keys(scripts)
  .filter((s) => s.startsWith('bench:'))
  .map((s) => s.slice('bench:'.length))
  .filter((n) => only.length === 0 || only.includes(n));
const unknown = only.filter((n) => !scripts[`bench:${n}`]);
if (unknown.length) {
  process.stderr.write(`no such benchmark: ${unknown.join(', ')} (known: ${Object.keys(scripts).filter((s) => s.startsWith('bench:')).join(', ')})\n`);
  process.exit(2);
}

function run(name: string): Promise<{ code: number | null; output: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', `bench:${name}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (d: Buffer) => {
      output += d;
      process.stdout.write(d);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} at the start`;
const sections: string[] = [`# Benchmark report\n\n${new Date().toISOString()}\n\nMachine: ${machine}\n`];
let failed = 0;
for (const name of names) {
  process.stdout.write(`\n==== bench:${name} ====\n`);
  const r = await run(name);
  if (r.code !== 0) failed++;
  sections.push(`## bench:${name} (${r.code === 0 ? 'ok' : `FAILED, exit ${r.code}`}, ${r.seconds.toFixed(0)} s)\n\n\`\`\`\n${r.output.trimEnd()}\n\`\`\`\n`);
}
const report = path.join(ROOT, 'bench', 'report.md');
fs.writeFileSync(report, sections.join('\n'));
process.stdout.write(`\nwrote ${path.relative(ROOT, report)}: ${names.length} benchmarks, ${failed} failed\n`);
process.exit(failed ? 1 : 0);
