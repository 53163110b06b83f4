'use client';
import { GlobalOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { LOCALE_COOKIE } from '../../locales';

/** One click to the other language; the choice is kept in a cookie for a year. */
export function LanguageSwitch() {
  const t = useTranslations('common');
  const locale = useLocale();
  const router = useRouter();
  return (
    <Button
      type="text"
      icon={<GlobalOutlined />}
      data-testid="language-switch"
      onClick={() => {
        const next = locale === 'en' ? 'zh-CN' : 'en';
        document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=31536000; samesite=lax`;
        router.refresh();
      }}
    >
      {t('switchLanguage')}
    </Button>
  );
}
