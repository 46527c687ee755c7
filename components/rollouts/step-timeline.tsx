// The steps of a rollout in order: done, current (with when a timed pause ends) and next.
import type { RolloutSummaryView } from './types';

function pauseText(pause: RolloutSummaryView['steps'][number]['pause']): string {
  return 'manual' in pause ? 'then waits for an operator' : `then waits ${pause.seconds} s`;
}

export function StepTimeline({ rollout, now }: { rollout: RolloutSummaryView; now: number }) {
  const started = rollout.state !== 'draft';
  const ends = rollout.pauseEndsAt ? Date.parse(rollout.pauseEndsAt) : null;
  const finished = rollout.state === 'completed' || rollout.state === 'balancing';
  return (
    <ol className="timeline" aria-label="Steps">
      {rollout.steps.map((s, i) => {
        const done = finished || (started && rollout.state !== 'aborted' && i < rollout.step);
        const current = started && !finished && rollout.state !== 'aborted' && i === rollout.step;
        return (
          <li key={i} aria-current={current ? 'step' : undefined} data-state={done ? 'done' : current ? 'current' : 'next'}>
            <strong>
              Step {i + 1}: {s.percent}%
            </strong>{' '}
            {pauseText(s.pause)}
            {done ? ' — done' : null}
            {current ? (
              <>
                {' — '}
                <em>{rollout.state === 'paused' ? 'here, paused' : 'here now'}</em>
                {ends && rollout.state === 'running' ? `; moves on in ${Math.max(0, Math.ceil((ends - now) / 1000))} s (${new Date(ends).toISOString().slice(11, 19)} UTC)` : null}
              </>
            ) : null}
            {!done && !current && started && i === rollout.step + 1 && rollout.state !== 'aborted' ? ' — next' : null}
          </li>
        );
      })}
    </ol>
  );
}
