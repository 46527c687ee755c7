// npm run coverage [-- <vitest file filters>]: the vitest suite with line coverage of the test
// processes (vitest's V8 provider) merged with that of every process they start (the Fulcrum
// servers and emulators of the process tests, which inherit NODE_V8_COVERAGE; c8 maps their tsx
// code back to the sources). Prints a summary per area and writes coverage/index.html.
// Code that runs inside the Next.js build (app/, and lib/api as the routes bundle it) is measured
// only where tests import it directly: the built chunks are left out. (They carry source maps, and
// with c8 --exclude-after-remap they map back to the sources, but every line of every bundled module
// then counts as run: app/api 100 % from the OIDC test alone.)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import libCoverage from 'istanbul-lib-coverage';
import libReport from 'istanbul-lib-report';
import reports from 'istanbul-reports';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'coverage');
const raw = path.join(out, 'raw');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(raw, { recursive: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const include = ['lib/**', 'server.ts', 'app/**', 'components/**', 'scripts/**'];
const exclude = ['**/*.test.ts', '**/*.test.tsx', 'test/**', 'e2e/**', 'bench/**', '.next/**', 'node_modules/**'];

// 1. the suite, with its own processes measured by vitest and its children writing raw V8 coverage
const run = spawnSync(
  bin('vitest'),
  ['run', '--coverage.enabled', '--coverage.provider=v8', '--coverage.reporter=json', `--coverage.reportsDirectory=${path.join(out, 'vitest')}`, ...include.map((g) => `--coverage.include=${g}`), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_V8_COVERAGE: raw } },
);

// 2. the children's raw coverage as istanbul data (c8 reads each file's source map, tsx's inline ones)
const c8 = spawnSync(
  bin('c8'),
  ['report', '--temp-directory', raw, '--reporter=json', '--report-dir', path.join(out, 'processes'), '--all=false', ...include.flatMap((g) => ['--include', g]), ...exclude.flatMap((g) => ['--exclude', g])],
  { cwd: root, stdio: 'inherit' },
);
if (c8.status !== 0) process.stderr.write('coverage: c8 could not read the child processes’ coverage\n');

// 3. merged: a line counts as covered when any process ran it
const map = libCoverage.createCoverageMap({});
for (const part of ['vitest', 'processes']) {
  const file = path.join(out, part, 'coverage-final.json');
  if (fs.existsSync(file)) map.merge(JSON.parse(fs.readFileSync(file, 'utf8')));
}
const context = libReport.createContext({ dir: out, coverageMap: map, defaultSummarizer: 'nested' });
reports.create('html').execute(context);
reports.create('text-summary').execute(context);

// per area: lib/<folder>, app/api, the rest of app, components, server.ts, scripts
const areas = new Map();
for (const file of map.files()) {
  const rel = path.relative(root, file).split(path.sep);
  const area = rel[0] === 'lib' ? (rel.length > 2 ? `lib/${rel[1]}` : 'lib/*.ts') : rel[0] === 'app' ? (rel[1] === 'api' ? 'app/api' : 'app (pages)') : rel[0];
  const s = map.fileCoverageFor(file).toSummary();
  const a = areas.get(area) ?? { covered: 0, total: 0, files: 0 };
  a.covered += s.lines.covered;
  a.total += s.lines.total;
  a.files++;
  areas.set(area, a);
}
// code that runs only inside Next.js's bundles (the browser's, or the server chunks of pages and
// routes) is not measured here (see the top of this file): say so rather than print 0 %
const BUNDLED = new Set(['app (pages)', 'app/api', 'components', 'lib/hooks']);
process.stdout.write('\nlines covered per area (the tests and the processes they start):\n');
for (const [area, a] of [...areas].filter(([name, a]) => !(BUNDLED.has(name) && a.covered === 0)).sort((x, y) => x[1].covered / (x[1].total || 1) - y[1].covered / (y[1].total || 1))) {
  process.stdout.write(`  ${area.padEnd(22)} ${a.total ? ((100 * a.covered) / a.total).toFixed(1).padStart(5) : '  n/a'} %  (${a.covered} of ${a.total} lines, ${a.files} files)\n`);
}
const unmeasured = [...areas].filter(([name, a]) => BUNDLED.has(name) && a.covered === 0);
if (unmeasured.length) process.stdout.write(`  not measured (they run in Next.js's bundles; the e2e tests in Chromium exercise them): ${unmeasured.map(([name, a]) => `${name} (${a.files} files)`).join(', ')}\n`);
process.stdout.write(`report: ${path.relative(root, path.join(out, 'index.html'))}\n`);
process.exit(run.status ?? 1);
