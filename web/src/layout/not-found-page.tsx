import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import { PageTitle } from '../components/page-title';
import { useT } from '../i18n/i18n';
import { AppLayout } from './app-layout';
import { layoutMessages } from './messages';

export function NotFoundPage() {
  const t = useT(layoutMessages);
  return (
    <AppLayout>
      <PageTitle>{t('notFoundTitle')}</PageTitle>
      <Text>{t('notFoundBody')}</Text>
      <Anchor component={Link} to="/">
        {t('goHome')}
      </Anchor>
    </AppLayout>
  );
}
