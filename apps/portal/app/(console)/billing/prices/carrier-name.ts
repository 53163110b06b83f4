'use client';
import { useTranslations } from 'next-intl';

/** The carrier's name ('*': every carrier), or its code for one the console has no words for. */
export function useCarrierName(): (code: string) => string {
  const t = useTranslations('billing');
  return (code) => {
    const key = `carriers.${code}`;
    return t.has(key as 'carriers.CMCC') ? t(key as 'carriers.CMCC') : code;
  };
}
