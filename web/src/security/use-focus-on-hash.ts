/**
 * Brings a part of the page into view, and its heading into focus, when the address ends with
 * its anchor (e.g. /security#authenticator-app from the enrolment page). The router does not
 * do this for client-side navigation, and the page's own h1 takes focus on arrival first.
 */
import { useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

export function useFocusOnHash(anchor: string): void {
  const location = useLocation();
  const done = useRef(false);
  useEffect(() => {
    if (done.current || location.hash !== `#${anchor}`) return;
    const section = document.getElementById(anchor);
    if (!section) return;
    done.current = true;
    section.scrollIntoView({ block: 'start' });
    section.querySelector<HTMLElement>('h2, h3')?.focus({ preventScroll: true });
  }, [anchor, location.hash]);
}
