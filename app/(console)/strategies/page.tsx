// Strategies: the catalogue of server-selection strategies, and the what-if preview.
import { getTranslations } from 'next-intl/server';
import { catalogue } from '@/lib/api/strategies';
import { PreviewPanel } from '@/components/strategies/preview-panel';
import { z } from 'zod';
import { paramFields, type ObjectSchema } from '@/lib/domain/param-fields';

export const dynamic = 'force-dynamic';

function defaults(schema: z.ZodType): string | null {
  const parsed = schema.safeParse({});
  return parsed.success && parsed.data && Object.keys(parsed.data as object).length ? JSON.stringify(parsed.data) : null;
}

export default async function StrategiesPage() {
  const strategies = catalogue();
  const t = await getTranslations('pages.strategies');
  const kinds = await getTranslations('strategyKinds');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <h2>{t('preview')}</h2>
      <PreviewPanel strategies={strategies.map((s) => ({ kind: s.kind, fields: paramFields(z.toJSONSchema(s.params, { io: 'input', unrepresentable: 'any' }) as ObjectSchema) }))} />
      <h2>{t('catalogue')}</h2>
      <div className="table-box">
        <table>
          <caption>{t('caption', { count: strategies.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('strategy')}</th>
              <th scope="col">{t('what')}</th>
              <th scope="col">{t('params')}</th>
            </tr>
          </thead>
          <tbody>
            {strategies.map((s) => (
              <tr key={s.kind}>
                <th scope="row">{s.kind}</th>
                <td className="wrap">{kinds.has(s.kind) ? kinds(s.kind) : s.description}</td>
                <td className="wrap">
                  <code>{defaults(s.params) ?? t('noParams')}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
