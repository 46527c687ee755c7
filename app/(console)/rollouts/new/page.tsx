// New rollout: the creation form with the strategy preview.
import { catalogue } from '@/lib/api/strategies';
import { RolloutForm } from '@/components/rollouts/rollout-form';

export const dynamic = 'force-dynamic';

export default function NewRolloutPage() {
  return (
    <>
      <h1>New rollout</h1>
      <p className="lede">Pick the candidate strategy and the workers it applies to, preview what it would do, then create it (it starts as a draft).</p>
      <RolloutForm kinds={catalogue().map((s) => s.kind)} />
    </>
  );
}
