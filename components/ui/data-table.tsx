// One table for the console's lists: a caption, columns that say how to show a row, sortable
// headers when the list sorts, and an empty state in place of an empty table. Rows stay plain data;
// a page composes DataTable with the pager (table-controls.tsx). Renders on the server as well.
import type { ReactNode } from 'react';
import { SortHeader } from './table-controls';

export interface Column<R> {
  /** names the column; for a sortable column, what the list sorts by */
  key: string;
  label: ReactNode;
  cell: (row: R) => ReactNode;
  numeric?: boolean;
  /** the cell that names the row, read out as the row's header */
  rowHeader?: boolean;
  sortable?: boolean;
}

/** the list's sort as its URL holds it, and how to change it */
export interface TableSort {
  sort: string;
  order: string;
  onSort: (column: string, order: 'asc' | 'desc') => void;
}

const num = (c: { numeric?: boolean }) => (c.numeric ? 'num' : undefined);

export function DataTable<R>({ columns, rows, rowKey, caption, empty, sort }: { columns: readonly Column<R>[]; rows: readonly R[]; rowKey: (row: R) => string | number; caption?: ReactNode; empty?: ReactNode; sort?: TableSort }) {
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  return (
    <div className="table-box">
      <table>
        {caption === undefined ? null : <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c) =>
              c.sortable && sort ? (
                <SortHeader key={c.key} label={c.label} column={c.key} sort={sort.sort} order={sort.order} onSort={sort.onSort} numeric={c.numeric} />
              ) : (
                <th key={c.key} scope="col" className={num(c)}>
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.key} scope="row" className={num(c)}>
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.key} className={num(c)}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
