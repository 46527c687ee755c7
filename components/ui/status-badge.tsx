'use client';
// A health or state word in colour and in text (colour is never the only signal), in the
// operator's language; the class keeps the state's own name for the colour.
import { useTranslations } from 'next-intl';

export function StatusBadge({ status }: { status: string }) {
  const t = useTranslations('common');
  return <span className={`badge ${status}`}>{t.has(`status.${status}`) ? t(`status.${status}`) : status}</span>;
}
