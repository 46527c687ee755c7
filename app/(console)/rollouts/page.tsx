// Rollouts: every rollout with its state, and the way to a new one.
import Link from 'next/link';
import { IfCan } from '@/components/auth/session';
import { RolloutsList } from '@/components/rollouts/rollouts-list';

export const dynamic = 'force-dynamic';

export default function RolloutsPage() {
  return (
    <>
      <h1>Rollouts</h1>
      <p className="lede">
        A strategy given to a subset of the workers in steps, watched against the control group, then widened, paused or rolled back.
      </p>
      <IfCan role="operator">
        <p>
          <Link href="/rollouts/new" className="button-link">
            New rollout
          </Link>
        </p>
      </IfCan>
      <RolloutsList />
    </>
  );
}
