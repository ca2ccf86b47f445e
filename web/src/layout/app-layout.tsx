/**
 * The frame of every page: a skip link, the header (brand, area navigation, language,
 * sign-out), the page itself in <main>, and a footer linking the privacy notice. Areas pass
 * their own navigation links; on a phone they fold into a menu.
 */
import { Anchor, AppShell, Burger, Button, Group, NavLink, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, NavLink as RouterNavLink, useLocation, useNavigate } from 'react-router';
import { useT } from '../i18n/i18n';
import { useSession } from '../session/session';
import { LanguagePicker } from './language-picker';
import { layoutMessages } from './messages';

export interface NavItem {
  to: string;
  label: string;
}

export function AppLayout({
  nav = [],
  banner,
  children,
}: {
  nav?: NavItem[];
  banner?: ReactNode;
  children: ReactNode;
}) {
  const t = useT(layoutMessages);
  const { stage, me, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const hasNav = nav.length > 0;

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={hasNav ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <a className="skip-link" href="#main">
        {t('skip')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {hasNav && (
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('menu')}
              />
            )}
            <Anchor component={Link} to="/" fw={700} fz="lg" underline="never">
              {t('brand')}
            </Anchor>
          </Group>
          <Group gap="sm" wrap="nowrap">
            {stage === 'active' && me && (
              <Text size="sm" visibleFrom="sm">
                {me.displayName}
              </Text>
            )}
            <LanguagePicker />
            {stage !== 'signed_out' && (
              <Button
                size="xs"
                variant="default"
                onClick={() => void signOut().then(() => navigate('/signed-out'))}
              >
                {t('signOut')}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {hasNav && (
        <AppShell.Navbar p="xs" aria-label={t('mainNavigation')} component="nav">
          {nav.map((item) => (
            <NavLink
              key={item.to}
              component={RouterNavLink}
              to={item.to}
              end
              label={item.label}
              variant="filled"
              active={location.pathname === item.to}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main id="main" tabIndex={-1}>
        {banner}
        <div className="page">{children}</div>
        <footer className="site-footer">
          <Anchor component={Link} to="/privacy" size="sm">
            {t('privacyNotice')}
          </Anchor>
        </footer>
      </AppShell.Main>
    </AppShell>
  );
}
