// One rollout: steps, controls, cohort vs control, members, moves and events.
import { RolloutDetail } from '@/components/rollouts/rollout-detail';

export const dynamic = 'force-dynamic';

export default async function RolloutPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <RolloutDetail id={id} />;
}
