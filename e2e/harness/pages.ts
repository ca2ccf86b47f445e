/**
 * The pages of the web app, by who may open them: the catalogue the accessibility sweep
 * visits and the screenshots command photographs. `name` names the screenshot file;
 * `prepare` brings the page to the state worth checking (a tab, an opened form).
 */
import type { Page } from 'playwright-core';
import { field } from './browser.js';
import type { DemoFacts, DemoPerson } from './demo-facts.js';

export interface AppPage {
  /** Short file-name-safe name, e.g. "portal-home". */
  name: string;
  path: string | ((facts: DemoFacts) => string);
  /** The page's h1 once it has loaded. */
  heading: string | RegExp;
  prepare?: (page: Page) => Promise<void>;
}

export interface StaffPage extends AppPage {
  /** The demo staff member whose role uses the page. */
  staff: string;
}

export const PUBLIC_PAGES: AppPage[] = [
  { name: 'sign-in', path: '/sign-in', heading: 'Sign in' },
  { name: 'enrol', path: '/enrol', heading: 'Activate your account' },
  { name: 'sign-up', path: '/sign-up', heading: 'Create an account' },
  { name: 'reset-password', path: '/reset-password', heading: /password/i },
  { name: 'privacy-notice', path: '/privacy', heading: 'Privacy notice' },
  { name: 'signed-out', path: '/signed-out?reason=idle', heading: 'You are signed out' },
  { name: 'not-found', path: '/no-such-page', heading: 'Page not found' },
];

/** As the demo adult patient (patient@demo.haven.test). */
export const PORTAL_PAGES: AppPage[] = [
  { name: 'portal-home', path: '/portal', heading: 'My record' },
  { name: 'portal-results', path: '/portal/results', heading: 'Results' },
  { name: 'portal-notes', path: '/portal/notes', heading: 'Notes and care plans' },
  { name: 'portal-appointments', path: '/portal/appointments', heading: 'Appointments' },
  {
    name: 'portal-forms',
    path: '/portal/forms',
    heading: 'Questionnaires',
    prepare: (page) => page.getByRole('button', { name: 'Fill in “Before your visit”' }).click(),
  },
  {
    name: 'portal-messages',
    path: '/portal/messages',
    heading: 'Messages',
    prepare: (page) => page.getByRole('button', { name: 'Write to your care team' }).click(),
  },
  {
    name: 'portal-bills',
    path: '/portal/billing',
    heading: 'Bills',
    prepare: (page) => page.getByRole('button', { name: 'Pay this bill' }).click(),
  },
  { name: 'portal-access', path: '/portal/access', heading: 'Who accessed my record' },
  { name: 'portal-sharing', path: '/portal/sharing', heading: 'Sharing and consents' },
  { name: 'portal-proxies', path: '/portal/proxies', heading: 'Proxies' },
  { name: 'portal-details', path: '/portal/details', heading: 'My details' },
  { name: 'security', path: '/security', heading: 'Account security' },
];

const CLINICIAN = 'clinician@demo.haven.test';
const chartOf = (pick: (facts: DemoFacts) => DemoPerson | undefined) => (facts: DemoFacts) =>
  `/console/patients/${pick(facts)?.id ?? 'missing'}`;
/** Adults outside the demo clinician's care team: one to look at, one to open by emergency. */
const outsideAdult = (n: number) => (facts: DemoFacts) =>
  facts.outsideCareTeam.filter((p) => p.age >= 18)[n];
const openTab = (name: string) => (page: Page) =>
  page.getByRole('tab', { name, exact: true }).click();

async function openEmergencyAccess(page: Page): Promise<void> {
  const form = page.getByRole('region', { name: 'Open emergency access' });
  if ((await form.count()) === 0) return;
  await field(form, 'Explain why you need access now').fill('Urgent care visit (screenshot).');
  await form.getByRole('button', { name: 'Open emergency access' }).click();
  await page.getByText(/^Emergency access — ends at/).waitFor();
}

/** Console pages, each with the demo staff member whose role uses it. */
export const CONSOLE_PAGES: StaffPage[] = [
  { name: 'console-search', staff: CLINICIAN, path: '/console', heading: 'Find a patient' },
  {
    name: 'console-chart',
    staff: CLINICIAN,
    path: chartOf((f) => f.adult),
    heading: 'Patient chart',
  },
  {
    name: 'console-chart-results',
    staff: CLINICIAN,
    path: chartOf((f) => f.adult),
    heading: 'Patient chart',
    prepare: openTab('Results'),
  },
  {
    name: 'console-chart-notes',
    staff: CLINICIAN,
    path: chartOf((f) => f.adult),
    heading: 'Patient chart',
    prepare: openTab('Notes and care plans'),
  },
  {
    name: 'console-chart-messages',
    staff: CLINICIAN,
    path: chartOf((f) => f.adult),
    heading: 'Patient chart',
    prepare: openTab('Messages'),
  },
  {
    name: 'console-not-in-care',
    staff: CLINICIAN,
    path: chartOf(outsideAdult(0)),
    heading: 'Patient chart',
  },
  {
    name: 'console-emergency-access',
    staff: CLINICIAN,
    path: chartOf(outsideAdult(1)),
    heading: 'Patient chart',
    prepare: openEmergencyAccess,
  },
  {
    name: 'console-schedule',
    staff: 'frontdesk@demo.haven.test',
    path: '/console/schedule',
    heading: 'Schedule',
  },
  { name: 'console-messages', staff: CLINICIAN, path: '/console/messages', heading: 'Messages' },
  {
    name: 'console-statements',
    staff: 'billing@demo.haven.test',
    path: chartOf((f) => f.adult),
    heading: 'Patient chart',
    prepare: (page) => page.getByRole('button', { name: 'New statement' }).click(),
  },
  { name: 'console-security', staff: CLINICIAN, path: '/security', heading: 'Account security' },
  {
    name: 'console-break-glass-reviews',
    staff: 'privacy@demo.haven.test',
    path: '/console/break-glass-reviews',
    heading: 'Break-the-glass reviews',
  },
  {
    name: 'console-audit',
    staff: 'privacy@demo.haven.test',
    path: '/console/audit',
    heading: 'Audit report',
  },
  {
    name: 'console-staff',
    staff: 'admin@demo.haven.test',
    path: '/console/staff',
    heading: 'Staff',
  },
  {
    name: 'console-settings',
    staff: 'admin@demo.haven.test',
    path: '/console/settings',
    heading: 'Practice settings',
  },
  {
    name: 'console-front-desk',
    staff: 'frontdesk@demo.haven.test',
    path: '/console',
    heading: 'Find a patient',
  },
  {
    name: 'console-change-requests',
    staff: 'frontdesk@demo.haven.test',
    path: '/console/change-requests',
    heading: 'Change requests',
  },
];

export function pathOf(page: AppPage, facts: DemoFacts): string {
  return typeof page.path === 'string' ? page.path : page.path(facts);
}
