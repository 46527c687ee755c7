'use client';
// "Updated N s ago", and a warning when the page's data or the cluster's data is old.
import { useTranslations } from 'next-intl';
import { useLoadErrorText } from '@/components/ui/field-errors';
import { useSecondsSince } from '@/lib/hooks/use-api';

export function Freshness({ updatedAt, error, staleAfterS }: { updatedAt: number | null; error?: Error; staleAfterS: number }) {
  const t = useTranslations('common');
  const loadText = useLoadErrorText();
  const ago = useSecondsSince(updatedAt);
  const stale = ago !== null && ago > staleAfterS;
  return (
    <p className="freshness" aria-live="polite">
      {ago === null ? t('loading') : t('updated', { seconds: ago })}
      {error ? <span className="error">{t('refreshFailed', { message: loadText(error) })}</span> : null}
      {stale && !error ? <span className="error">{t('staleFor', { seconds: ago })}</span> : null}
    </p>
  );
}
