// The table kit renders what the lists' e2e specs and screen readers rely on: a caption, column
// headers (numeric ones marked), a row header per row, sortable headers only when the list sorts,
// and the empty state instead of an empty table when one is given.
import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { DataTable, type Column } from './data-table';

interface Row {
  id: number;
  name: string;
  load: number;
}
const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', rowHeader: true, sortable: true, cell: (r) => r.name },
  { key: 'load', label: 'Load', numeric: true, sortable: true, cell: (r) => r.load },
  { key: 'note', label: 'Note', cell: (r) => (r.load > 1 ? <em>busy</em> : '–') },
];
const rows: Row[] = [
  { id: 1, name: 'a', load: 2 },
  { id: 2, name: 'b', load: 0.5 },
];

describe('DataTable', () => {
  it('renders the caption, the column headers, a row header per row and numeric cells marked', () => {
    const html = renderToStaticMarkup(<DataTable columns={columns} rows={rows} rowKey={(r) => r.id} caption="2 servers" />);
    expect(html).toContain('<caption>2 servers</caption>');
    expect(html).toContain('<th scope="col">Name</th><th scope="col" class="num">Load</th><th scope="col">Note</th>');
    expect(html).toContain('<tr><th scope="row">a</th><td class="num">2</td><td><em>busy</em></td></tr>');
    expect(html).toContain('<tr><th scope="row">b</th><td class="num">0.5</td><td>–</td></tr>');
    expect(html).not.toContain('aria-sort');
  });

  it('makes the sortable headers buttons that say the current sort, and leaves the others plain', () => {
    const html = renderToStaticMarkup(<DataTable columns={columns} rows={rows} rowKey={(r) => r.id} sort={{ sort: 'load', order: 'desc', onSort: () => undefined }} />);
    expect(html).toMatch(/<th scope="col" aria-sort="none"><button[^>]*>Name<\/button><\/th>/);
    expect(html).toMatch(/<th scope="col" class="num" aria-sort="descending"><button[^>]*>Load ▼<\/button><\/th>/);
    expect(html).toContain('<th scope="col">Note</th>');
    expect(html).not.toContain('<caption>');
  });

  it('shows the empty state instead of a table with no rows, and the bare table when it has none', () => {
    expect(renderToStaticMarkup(<DataTable columns={columns} rows={[]} rowKey={(r) => r.id} empty={<p>Nothing yet</p>} />)).toBe('<p>Nothing yet</p>');
    const bare = renderToStaticMarkup(<DataTable columns={columns} rows={[]} rowKey={(r) => r.id} />);
    expect(bare).toContain('<tbody></tbody>');
    expect(bare).toContain('<th scope="col">Name</th>');
  });
});
