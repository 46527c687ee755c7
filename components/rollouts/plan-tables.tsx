'use client';
// A rollout's plan in the creation form: each step's predicted max/mean and moves, then every app
// that would move (from → to, its load) with the totals (POST /api/strategies/preview's `plan`).
import { useTranslations } from 'next-intl';

interface PlannedMove {
  app: string;
  from: string | null;
  to: string;
  load: number;
}
export interface MovePlan {
  appsMoved: number;
  loadMoved: number;
  moves: PlannedMove[];
  minimumMoves: number;
  maxMean: { before: number; target: number; after: number };
  steps: { percent: number; cohortApps: number; appsMoved: number; loadMoved: number; minimumMoves: number; maxMean: number; moves: PlannedMove[] }[] | null;
}
const figure = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/** The rollout's plan: each step's predicted balance and moves (when previewed with steps), then every app that would move with the totals. */
export function PlanTables({ plan }: { plan: MovePlan }) {
  const t = useTranslations('rolloutForm');
  const steps = plan.steps ?? [];
  const moves = steps.length ? steps.flatMap((s) => s.moves.map((m) => ({ ...m, percent: s.percent }))) : plan.moves.map((m) => ({ ...m, percent: 100 }));
  const total = moves.reduce((a, m) => a + m.load, 0);
  return (
    <>
      {steps.length ? (
        <div className="table-box">
          <table>
            <caption>{t('stepsCaption', { before: plan.maxMean.before.toFixed(2), minimum: plan.minimumMoves })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('stepCol')}</th>
                <th scope="col" className="num">{t('cohortCol')}</th>
                <th scope="col" className="num">{t('maxMeanCol')}</th>
                <th scope="col" className="num">{t('appsMoved')}</th>
                <th scope="col" className="num">{t('loadMoved')}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.percent}>
                  <th scope="row">{s.percent}%</th>
                  <td className="num">{s.cohortApps}</td>
                  <td className="num">{s.maxMean.toFixed(2)}</td>
                  <td className="num">{s.appsMoved}</td>
                  <td className="num">{figure(s.loadMoved)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="table-box">
        <table>
          <caption>{t('movesCaption', { count: moves.length, load: figure(total) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stepCol')}</th>
              <th scope="col">{t('appCol')}</th>
              <th scope="col">{t('fromTo')}</th>
              <th scope="col" className="num">{t('loadCol')}</th>
            </tr>
          </thead>
          <tbody>
            {moves.map((m) => (
              <tr key={m.app}>
                <td>{m.percent}%</td>
                <th scope="row">{m.app}</th>
                <td>
                  {m.from ?? t('unbound')} → {m.to}
                </td>
                <td className="num">{figure(m.load)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colSpan={3}>
                {t('total')}
              </th>
              <td className="num">{figure(total)}</td>
            </tr>
          </tfoot>
        </table>
      </div>
    </>
  );
}
