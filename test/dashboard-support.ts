// For tests: the expressions of docs/grafana-dashboard.json's panels and the metrics they read.
import fs from 'node:fs';

export const DASHBOARD_PATH = new URL('../docs/grafana-dashboard.json', import.meta.url);

/** Every expression of the dashboard's panels, with the template variable set to a value. */
export function dashboardExpressions(): { title: string; expr: string }[] {
  const d = JSON.parse(fs.readFileSync(DASHBOARD_PATH, 'utf8')) as { panels: { title: string; targets?: { expr: string }[] }[] };
  return d.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ title: p.title, expr: t.expr.replaceAll('$measure', 'apps') })));
}

/** The metric names an expression reads (identifiers starting fulcrum_ that are not label names). */
export const metricNames = (expr: string) => [...new Set([...expr.matchAll(/\b(fulcrum_[a-z_]+)\b(?!\s*=)/g)].map((m) => m[1]!))];
