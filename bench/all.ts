// npm run bench: every benchmark in turn (each prints its baseline beside its figure and a MET / NOT
// MET line per target), written to one report, bench/report.md, with the machine and the date; it
// ends with the targets not met. Copy a run's figures into docs/performance.md as a dated section.
// A benchmark that fails is reported as failed and the rest still run; the exit code is then 1.
// `--strict` also exits 1 when a target is not met or a benchmark printed no verdict.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from '../test/support/process.ts';

const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
const strict = process.argv.includes('--strict');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
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
let met = 0;
const notMet: string[] = [];
const silent: string[] = [];
for (const name of names) {
  process.stdout.write(`\n==== bench:${name} ====\n`);
  const r = await run(name);
  if (r.code !== 0) failed++;
  // the verdict lines of bench/support.ts's verdict()
  const verdicts = [...r.output.matchAll(/^\s*(MET|NOT MET)\s+(.*)$/gm)];
  if (verdicts.length === 0 && r.code === 0) silent.push(`bench:${name}`);
  for (const [, v, text] of verdicts) {
    if (v === 'MET') met++;
    else notMet.push(`bench:${name}: ${text}`);
  }
  sections.push(`## bench:${name} (${r.code === 0 ? 'ok' : `FAILED, exit ${r.code}`}, ${r.seconds.toFixed(0)} s)\n\n\`\`\`\n${r.output.trimEnd()}\n\`\`\`\n`);
}
const summary = [
  `targets: ${met} met, ${notMet.length} not met${failed ? `; ${failed} benchmarks failed` : ''}`,
  ...(notMet.length ? ['not met:', ...notMet.map((t) => `  ${t}`)] : []),
  ...(silent.length ? [`printed no verdict: ${silent.join(', ')}`] : []),
].join('\n');
sections.push(`## Summary\n\n\`\`\`\n${summary}\n\`\`\`\n`);
const report = path.join(ROOT, 'bench', 'report.md');
fs.writeFileSync(report, sections.join('\n'));
process.stdout.write(`\n${summary}\nwrote ${path.relative(ROOT, report)}: ${names.length} benchmarks, ${failed} failed\n`);
process.exit(failed || (strict && (notMet.length || silent.length)) ? 1 : 0);
