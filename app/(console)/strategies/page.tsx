// Strategies: the catalogue of server-selection strategies, and the what-if preview.
import { catalogue } from '@/lib/api/strategies';
import { PreviewPanel } from '@/components/strategies/preview-panel';
import { z } from 'zod';

export const dynamic = 'force-dynamic';

function defaults(schema: z.ZodType): string {
  const parsed = schema.safeParse({});
  return parsed.success && parsed.data && Object.keys(parsed.data as object).length ? JSON.stringify(parsed.data) : 'none';
}

export default function StrategiesPage() {
  const strategies = catalogue();
  return (
    <>
      <h1>Strategies</h1>
      <p className="lede">
        How a worker orders the server list when it (re)discovers its server, and therefore where an app lands when it is
        elected. Preview what a strategy would do to the cluster before a single worker gets it.
      </p>
      <h2>Preview</h2>
      <PreviewPanel kinds={strategies.map((s) => s.kind)} />
      <h2>Catalogue</h2>
      <table>
        <caption>{strategies.length} strategies</caption>
        <thead>
          <tr>
            <th scope="col">Strategy</th>
            <th scope="col">What it does</th>
            <th scope="col">Parameters (defaults)</th>
          </tr>
        </thead>
        <tbody>
          {strategies.map((s) => (
            <tr key={s.kind}>
              <th scope="row">{s.kind}</th>
              <td className="wrap">{s.description}</td>
              <td className="wrap">
                <code>{defaults(s.params)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
