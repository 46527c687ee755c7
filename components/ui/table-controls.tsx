'use client';
// The table kit's interactive pieces (components/ui/data-table.tsx): a sortable column header and the pager.
import type { ReactNode } from 'react';
import { useTranslations } from 'next-intl';

export function SortHeader({ label, column, sort, order, onSort, numeric }: { label: ReactNode; column: string; sort: string; order: string; onSort: (column: string, order: 'asc' | 'desc') => void; numeric?: boolean }) {
  const active = sort === column;
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="sort" onClick={() => onSort(column, active && order === 'asc' ? 'desc' : 'asc')}>
        {label}
        {active ? (order === 'asc' ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}

export function Pager({ page, pageSize, total, onPage, children }: { page: number; pageSize: number; total: number; onPage: (p: number) => void; children?: ReactNode }) {
  const t = useTranslations('lists');
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pager" aria-label={t('pages')}>
      <button type="button" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('previous')}
      </button>
      <span>
        {t('pageOf', { page: Math.min(page, pages), pages, total })}
      </span>
      <button type="button" disabled={page >= pages} onClick={() => onPage(page + 1)}>
        {t('next')}
      </button>
      {children}
    </nav>
  );
}
