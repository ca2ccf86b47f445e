/**
 * Which practice the console is working in. Most staff belong to one; someone in several picks
 * one, and the pick lasts while they stay in the console (React state, never browser storage).
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { useSession } from '../session/session';

export interface ConsolePractice {
  tenantId: string;
  /** The staff member's roles in this practice. */
  roles: string[];
  /** Every practice they work in, for the picker. */
  practices: { tenantId: string; roles: string[] }[];
  choose: (tenantId: string) => void;
}

const PracticeContext = createContext<ConsolePractice | undefined>(undefined);

export function PracticeProvider({ children }: { children: ReactNode }) {
  const { staffPractices } = useSession();
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const current =
    staffPractices.find((p) => p.tenantId === picked) ?? staffPractices[0] ?? undefined;
  const value = useMemo<ConsolePractice | undefined>(
    () =>
      current && {
        tenantId: current.tenantId,
        roles: current.roles,
        practices: staffPractices,
        choose: setPicked,
      },
    [current, staffPractices],
  );
  if (!value) return null;
  return <PracticeContext.Provider value={value}>{children}</PracticeContext.Provider>;
}

export function useConsolePractice(): ConsolePractice {
  const value = useContext(PracticeContext);
  if (!value) throw new Error('useConsolePractice outside PracticeProvider');
  return value;
}
