import { getTranslations } from 'next-intl/server';
import { RefusalPage } from '../src/console/refusal-page';

export default async function NotFound() {
  const t = await getTranslations('common');
  return <RefusalPage status="404" title={t('notFoundTitle')} text={t('notFoundText')} back={t('backHome')} />;
}
