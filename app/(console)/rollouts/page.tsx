// Rollouts: not built yet, and the page says so.
import { EmptyState } from '@/components/ui/empty-state';

export default function RolloutsPage() {
  return (
    <>
      <h1>Rollouts</h1>
      <EmptyState title="Nothing here yet">
        <p>Gray-release rollouts of a strategy to worker subsets are not built yet. No worker is being given a server order by Fulcrum.</p>
      </EmptyState>
    </>
  );
}
