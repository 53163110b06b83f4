import { getTranslations } from 'next-intl/server';
import { RefusalPage } from '../src/console/refusal-page';

/** Shown by requireRoute when the route table does not allow the page to this principal. */
export default async function Forbidden() {
  const t = await getTranslations('common');
  return <RefusalPage status="403" title={t('forbiddenTitle')} text={t('forbiddenText')} back={t('backHome')} />;
}
