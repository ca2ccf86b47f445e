import { NativeSelect } from '@mantine/core';
import { useLanguage, useT, type Language } from '../i18n/i18n';
import { layoutMessages } from './messages';

const NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

export function LanguagePicker() {
  const { language, setLanguage } = useLanguage();
  const t = useT(layoutMessages);
  return (
    <NativeSelect
      aria-label={t('language')}
      size="xs"
      value={language}
      onChange={(event) => setLanguage(event.currentTarget.value as Language)}
      data={Object.entries(NAMES).map(([value, label]) => ({ value, label }))}
    />
  );
}
