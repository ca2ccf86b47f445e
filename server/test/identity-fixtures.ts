/** People and browsers for identity tests. */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { platformScope, type Keyring } from '../src/crypto/index.js';
import type { HavenDatabase } from '../src/db/database.js';
import { systemTransaction, tenantTransaction } from '../src/db/transactions.js';
import { confirmTotpEnrolment, startTotpEnrolment, totpCodeAt } from '../src/identity/mfa/index.js';
import { CURRENT_ATTESTATION_VERSION } from '../src/identity/staff/index.js';
import type { OutgoingEmail } from '../src/email/mailer.js';
import { createAccount } from '../src/identity/accounts/accounts.js';
import { hashPassword } from '../src/identity/password-hashing.js';
import type { StaffRole } from '../src/identity/roles.js';
import { sendQueuedEmails } from '../src/notifications/email-queue.js';
import type { HavenApp } from '../src/app/build-app.js';

export const TEST_PASSWORD = 'lantern-orbit-velvet-92';

export interface TestUser {
  userId: string;
  email: string;
  password: string;
}

/** An account with a password, optionally staff in a practice. Unique email per call. */
export async function createTestUser(
  db: HavenDatabase,
  keyring: Keyring,
  options: { staff?: { tenantId: string; role: StaffRole }; mfaEmail?: boolean } = {},
): Promise<TestUser> {
  const email = `user-${randomBytes(5).toString('hex')}@example.org`;
  const key = await keyring.dataKey(platformScope());
  const passwordHash = await hashPassword(TEST_PASSWORD);
  const userId = await systemTransaction(db, async (tx) => {
    const id = await createAccount(tx, key, { email, displayName: 'Test Person', passwordHash });
    if (options.staff) {
      await tx
        .insertInto('practice_membership')
        .values({ tenant_id: options.staff.tenantId, user_id: id, role: options.staff.role })
        .execute();
    }
    if (options.mfaEmail) {
      await tx
        .updateTable('app_user')
        .set({ mfa_email_enabled: true })
        .where('id', '=', id)
        .execute();
    }
    return id;
  });
  return { userId, email, password: TEST_PASSWORD };
}

/** A browser for `app.inject`: keeps cookies and the CSRF token, sends them back. */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  /** Each browser is its own client address, so per-address limits count it alone. */
  readonly ip = `127.${randomBytes(3).join('.')}`;

  constructor(
    private readonly app: HavenApp,
    private readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
  ) {}

  async request(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await this.app.inject({
      method,
      url,
      remoteAddress: this.ip,
      headers: {
        'user-agent': this.userAgent,
        ...(cookie ? { cookie } : {}),
        ...(this.csrfToken && method !== 'GET' ? { 'x-csrf-token': this.csrfToken } : {}),
        ...headers,
      },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    for (const set of res.cookies) {
      if (set.value === '' || (set.expires && set.expires.getTime() < Date.now()))
        this.cookies.delete(set.name);
      else this.cookies.set(set.name, set.value);
    }
    const body = String(res.headers['content-type'] ?? '').includes('json')
      ? res.json<{ csrfToken?: unknown }>()
      : undefined;
    if (body && typeof body.csrfToken === 'string') this.csrfToken = body.csrfToken;
    return res;
  }

  signIn(user: { email: string; password: string }): Promise<LightMyRequestResponse> {
    return this.request('POST', '/api/auth/sign-in', {
      email: user.email,
      password: user.password,
    });
  }
}

/** Sends the queued email to a list a test can read. */
export async function deliverQueuedEmail(
  db: HavenDatabase,
  keyring: Keyring,
  now?: Date,
): Promise<OutgoingEmail[]> {
  const delivered: OutgoingEmail[] = [];
  const key = await keyring.dataKey(platformScope());
  await sendQueuedEmails(
    db,
    key,
    { send: (m) => Promise.resolve(void delivered.push(m)) },
    now ? { now } : {},
  );
  return delivered;
}

/**
 * A staff member cleared for patient data (TOTP enrolled, current attestation signed), signed
 * in with both factors in a new browser.
 */
export async function clearedStaffBrowser(
  app: HavenApp,
  db: HavenDatabase,
  keyring: Keyring,
  now: () => Date,
  tenantId: string,
  role: StaffRole,
): Promise<{ browser: TestBrowser; user: TestUser }> {
  const user = await createTestUser(db, keyring, { staff: { tenantId, role } });
  const key = await keyring.dataKey(platformScope());
  const enrolment = await systemTransaction(db, (tx) =>
    startTotpEnrolment(tx, key, user.userId, { issuer: 'Haven', accountLabel: user.email }),
  );
  await systemTransaction(db, (tx) =>
    confirmTotpEnrolment(tx, key, user.userId, totpCodeAt(enrolment.secretBase32, now()), now()),
  );
  await tenantTransaction(db, tenantId, (tx) =>
    tx
      .insertInto('confidentiality_attestation')
      .values({
        tenant_id: tenantId,
        user_id: user.userId,
        version: CURRENT_ATTESTATION_VERSION,
        signed_at: now(),
      })
      .execute(),
  );
  const browser = new TestBrowser(app);
  await browser.signIn(user);
  // The confirming code's time step is spent; the authenticator's next code is accepted.
  const next = totpCodeAt(enrolment.secretBase32, new Date(now().getTime() + 30_000));
  const done = await browser.request('POST', '/api/auth/second-factor', {
    method: 'totp',
    code: next,
  });
  if (done.statusCode !== 200) throw new Error(`second factor failed: ${done.statusCode}`);
  return { browser, user };
}

/** A person whose own record is `patientId` in the practice, signed in in a new browser. */
export async function signedInPatient(
  app: HavenApp,
  db: HavenDatabase,
  keyring: Keyring,
  tenantId: string,
  patientId: string,
) {
  const person = await createTestUser(db, keyring);
  await db.unsafeKysely
    .insertInto('patient_account')
    .values({
      tenant_id: tenantId,
      user_id: person.userId,
      patient_id: patientId,
      status: 'active',
    })
    .execute();
  const browser = new TestBrowser(app);
  await browser.signIn(person);
  return { browser, person };
}
