/**
 * Devices and browsers. A long-lived random device cookie tells a returning browser from a new
 * one (a sign-in from a new device sends an alert email); the browser and OS are summarised
 * from the User-Agent for the session list. Device ids are stored hashed.
 */
import { UAParser } from 'ua-parser-js';
import type { Tx } from '../../db/transactions.js';
import { hashToken } from '../sessions/tokens.js';

/** "Firefox 128 on Windows": enough to recognise a device, nothing more. */
export function summariseBrowser(userAgent: string | undefined): string | null {
  if (!userAgent) return null;
  const parsed = new UAParser(userAgent.slice(0, 512)).getResult();
  const browser = [parsed.browser.name, parsed.browser.major].filter(Boolean).join(' ');
  const os = parsed.os.name;
  const text = [browser || 'Unknown browser', os ? `on ${os}` : ''].filter(Boolean).join(' ');
  return text.slice(0, 100);
}

/** Records the device for the user; returns true when the user never signed in from it before. */
export async function rememberDevice(
  tx: Tx,
  userId: string,
  deviceId: string,
  browser: string | null,
  now: Date,
): Promise<boolean> {
  const deviceHash = hashToken(deviceId).toString('base64url');
  const inserted = await tx
    .insertInto('known_device')
    .values({
      user_id: userId,
      device_hash: deviceHash,
      first_seen_at: now,
      last_seen_at: now,
      browser,
    })
    .onConflict((c) =>
      c.columns(['user_id', 'device_hash']).doUpdateSet({ last_seen_at: now, browser }),
    )
    .returning(['first_seen_at'])
    .executeTakeFirstOrThrow();
  return inserted.first_seen_at.getTime() === now.getTime();
}
