/**
 * The parent of every /console page: staff only, and the practice being worked in, kept while
 * the person moves between console pages.
 */
import { Outlet } from 'react-router';
import { RequireStaff } from '../session/guards';
import { PracticeProvider } from './practice-context';

export function ConsoleRoot() {
  return (
    <RequireStaff>
      <PracticeProvider>
        <Outlet />
      </PracticeProvider>
    </RequireStaff>
  );
}
