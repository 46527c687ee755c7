// What the console shows for a page that does not exist (an unknown path, a server nobody knows):
// say so in the console's frame, with the way back. The answer's status is 404.
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

export default async function NotFound() {
  const t = await getTranslations('pages.notFound');
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lede">{t('lede')}</p>
      <p>
        <Link href="/overview">{t('back')}</Link>
      </p>
    </>
  );
}
