'use client';
// What the console shows when a page fails to render: say so in the console's frame, with the
// reference the server log has (the digest), a retry and the way back.
import Link from 'next/link';
import { useTranslations } from 'next-intl';

export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('pages.error');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede" role="alert">
        {t('lede')}
      </p>
      {error.digest ? <p className="note">{t('digest', { digest: error.digest })}</p> : null}
      <p>
        <button type="button" onClick={reset}>
          {t('retry')}
        </button>{' '}
        <Link href="/overview">{t('back')}</Link>
      </p>
    </>
  );
}
