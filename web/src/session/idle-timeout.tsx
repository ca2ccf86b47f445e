/**
 * The browser half of the idle time-out (ONC 170.315(d)(5)): the same limit as the server's
 * session, a warning a minute before, then sign-out and a page that says why. Activity (keys,
 * pointer, touch) resets the clock, and is reported to the server at most once a minute so
 * its own idle clock agrees.
 */
import { Button, Group, Modal, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { apiGet } from '../api/client';
import { useT } from '../i18n/i18n';
import { sessionMessages } from './messages';
import { useSession } from './session';

const WARNING_SECONDS = 60;
const PING_EVERY_MS = 60_000;
const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

export function IdleTimeout() {
  const { stage, idleTimeoutSeconds, signOut } = useSession();
  const t = useT(sessionMessages);
  const navigate = useNavigate();
  const lastActivity = useRef(Date.now());
  const lastPing = useRef(Date.now());
  const [secondsLeft, setSecondsLeft] = useState<number | undefined>(undefined);
  const active = stage === 'active';

  useEffect(() => {
    if (!active) return;
    lastActivity.current = Date.now();
    lastPing.current = Date.now();
    const onActivity = () => {
      lastActivity.current = Date.now();
    };
    for (const name of ACTIVITY) window.addEventListener(name, onActivity, { passive: true });
    const timer = window.setInterval(() => {
      const now = Date.now();
      const idleFor = (now - lastActivity.current) / 1000;
      const left = Math.ceil(idleTimeoutSeconds - idleFor);
      if (left <= 0) {
        window.clearInterval(timer);
        void signOut().finally(() => void navigate('/signed-out?reason=idle'));
        return;
      }
      setSecondsLeft(left <= WARNING_SECONDS ? left : undefined);
      const activeSincePing = lastActivity.current > lastPing.current;
      if (activeSincePing && left > WARNING_SECONDS && now - lastPing.current >= PING_EVERY_MS) {
        lastPing.current = now;
        void apiGet('/api/auth/session').catch(() => undefined);
      }
    }, 1000);
    return () => {
      window.clearInterval(timer);
      for (const name of ACTIVITY) window.removeEventListener(name, onActivity);
    };
  }, [active, idleTimeoutSeconds, navigate, signOut]);

  const stay = () => {
    lastActivity.current = Date.now();
    lastPing.current = Date.now();
    setSecondsLeft(undefined);
    void apiGet('/api/auth/session').catch(() => undefined);
  };

  return (
    <Modal
      opened={active && secondsLeft !== undefined}
      onClose={stay}
      title={t('idleTitle')}
      centered
      closeOnClickOutside={false}
    >
      <Text role="timer" aria-live="assertive">
        {t('idleBody', { seconds: secondsLeft ?? 0 })}
      </Text>
      <Group mt="md" justify="flex-end">
        <Button
          variant="default"
          onClick={() => void signOut().then(() => navigate('/signed-out'))}
        >
          {t('signOutNow')}
        </Button>
        <Button onClick={stay} data-autofocus>
          {t('stay')}
        </Button>
      </Group>
    </Modal>
  );
}
