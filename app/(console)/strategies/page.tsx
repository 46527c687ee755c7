// Strategies: not built yet, and the page says so.
import { EmptyState } from '@/components/ui/empty-state';

export default function StrategiesPage() {
  return (
    <>
      <h1>Strategies</h1>
      <EmptyState title="Nothing here yet">
        <p>The catalogue of server-selection strategies and the what-if preview are not built yet.</p>
      </EmptyState>
    </>
  );
}
