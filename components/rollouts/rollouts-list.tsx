'use client';
// Every rollout with its state and step, refreshed every 5 s.
import Link from 'next/link';
import { useApi } from '@/lib/hooks/use-api';
import { StatusBadge } from '@/components/ui/status-badge';
import { EmptyState } from '@/components/ui/empty-state';
import type { RolloutSummaryView } from './types';

export function RolloutsList() {
  const { data, error } = useApi<{ rollouts: RolloutSummaryView[] }>('/api/rollouts');
  if (error && !data) return <p role="alert" className="error">Could not load the rollouts: {error.message}</p>;
  if (!data) return <p aria-busy="true" className="placeholder">Loading…</p>;
  if (data.rollouts.length === 0)
    return (
      <EmptyState title="No rollouts yet">
        <p>Create one to give a strategy to a subset of the workers, in steps.</p>
      </EmptyState>
    );
  return (
    <table>
      <caption>{data.rollouts.length} rollouts, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">State</th>
          <th scope="col">Candidate</th>
          <th scope="col">Step</th>
          <th scope="col" className="num">Percent</th>
          <th scope="col">Created</th>
        </tr>
      </thead>
      <tbody>
        {data.rollouts.map((r) => (
          <tr key={r.id}>
            <th scope="row">
              <Link href={`/rollouts/${r.id}`}>{r.name}</Link>
            </th>
            <td>
              <StatusBadge status={r.state} />
            </td>
            <td>{r.candidate.kind}</td>
            <td>
              {r.state === 'draft' ? 'not started' : `${r.step + 1} of ${r.steps.length}`}
            </td>
            <td className="num">{r.percent}%</td>
            <td>{r.createdAt.replace('T', ' ').slice(0, 16)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
