// The minimum-cost assignment of rows to distinct columns (the Hungarian method with potentials,
// O(rows² × columns)): the exact part of the fewest-moves lower bound (minimum-moves.ts).

/**
 * Assigns every row to its own column (rows ≤ columns) at the least total cost. Costs may be
 * negative; an entry of Infinity forbids the pair. Returns the total and each row's column, or
 * null when no assignment avoids a forbidden pair.
 */
export function minCostAssignment(cost: readonly (readonly number[])[]): { total: number; columns: number[] } | null {
  const n = cost.length;
  if (n === 0) return { total: 0, columns: [] };
  const m = cost[0]!.length;
  if (n > m) return null;
  // a forbidden pair costs more than any assignment of allowed pairs can, so it is taken only when it must
  let span = 0;
  for (const row of cost) for (const c of row) if (Number.isFinite(c)) span = Math.max(span, Math.abs(c));
  const forbidden = (span + 1) * (n + 1) * 2;
  const at = (i: number, j: number) => {
    const c = cost[i - 1]![j - 1]!;
    return Number.isFinite(c) ? c : forbidden;
  };
  // 1-based potentials u (rows), v (columns); p[j] the row in column j, way[j] the column before j on the path
  const u = new Array<number>(n + 1).fill(0);
  const v = new Array<number>(m + 1).fill(0);
  const p = new Array<number>(m + 1).fill(0);
  const way = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    p[0] = i;
    let j0 = 0;
    const minv = new Array<number>(m + 1).fill(Number.POSITIVE_INFINITY);
    const used = new Array<boolean>(m + 1).fill(false);
    do {
      used[j0] = true;
      const i0 = p[j0]!;
      let delta = Number.POSITIVE_INFINITY;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = at(i0, j) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j]!] = u[p[j]!]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (p[j0] !== 0);
    do {
      const j1 = way[j0]!;
      p[j0] = p[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const columns = new Array<number>(n).fill(-1);
  for (let j = 1; j <= m; j++) if (p[j]! > 0) columns[p[j]! - 1] = j - 1;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const c = cost[i]![columns[i]!]!;
    if (!Number.isFinite(c)) return null;
    total += c;
  }
  return { total, columns };
}
