import { Anchor, Text } from '@mantine/core';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../components/page-title';
import { defineMessages, useT } from '../i18n/i18n';
import { AppLayout } from '../layout/app-layout';

const messages = defineMessages(
  {
    title: 'You are signed out',
    idle: 'You were signed out because the page was left idle, to protect your privacy.',
    plain: 'Nothing from your record was left on this device.',
    again: 'Sign in again',
  },
  {
    title: 'Ha cerrado la sesión',
    idle: 'Se cerró su sesión porque la página estuvo inactiva, para proteger su privacidad.',
    plain: 'No quedó nada de su expediente en este dispositivo.',
    again: 'Iniciar sesión de nuevo',
  },
);

export function SignedOutPage() {
  const t = useT(messages);
  const [params] = useSearchParams();
  return (
    <AppLayout>
      <PageTitle>{t('title')}</PageTitle>
      {params.get('reason') === 'idle' && <Text mb="sm">{t('idle')}</Text>}
      <Text mb="md">{t('plain')}</Text>
      <Anchor component={Link} to="/sign-in">
        {t('again')}
      </Anchor>
    </AppLayout>
  );
}
