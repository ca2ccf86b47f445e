import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HavenDatabase } from '../../db/database.js';
import { createLogger } from '../../log/logger.js';
import { createTestTenant, openTestDatabase, testKeyring } from '../../../test/test-database.js';
import { LogCapture } from '../../../test/test-app.js';
import type { FeedDeps } from './feed-service.js';
import { msa, oru, patientWith, resourceRows, sample, SAMPLE_MRN } from './hl7-test-fixtures.js';
import { frame, MllpDecoder } from './mllp-framing.js';
import { startMllpListener, type MllpListener } from './mllp-server.js';
import { startConfiguredMllp } from './mllp-config.js';
import { loadConfig } from '../../config/load-config.js';

let db: HavenDatabase;
let deps: FeedDeps;
beforeAll(async () => {
  db = await openTestDatabase();
  deps = { db, keyring: testKeyring(db), now: () => new Date('2026-11-25T09:00:00Z') };
});
afterAll(() => db.close());

async function listener(tenantId: string): Promise<MllpListener> {
  const logger = createLogger({ level: 'info', destination: new LogCapture() });
  return startMllpListener({
    host: '127.0.0.1',
    port: 0,
    tenantId,
    deps,
    logger,
    maxBytes: 1_000_000,
  });
}

/** Collects `count` ACKs from the socket. */
function acks(socket: Socket, count: number): Promise<string[]> {
  const decoder = new MllpDecoder(1_000_000);
  const got: string[] = [];
  return new Promise((resolve, reject) => {
    socket.on('data', (chunk: Buffer) => {
      got.push(...decoder.push(chunk));
      if (got.length >= count) resolve(got);
    });
    socket.on('error', reject);
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('MLLP listener', () => {
  it('answers a frame split across TCP writes, and two messages in one connection, each with its ACK in order', async () => {
    const { id: tenantId } = await createTestTenant(db);
    await patientWith(db, deps.keyring, tenantId, SAMPLE_MRN.lab);
    await patientWith(db, deps.keyring, tenantId);
    const mllp = await listener(tenantId);
    const socket = connect(mllp.port, '127.0.0.1');
    try {
      await new Promise((resolve) => socket.once('connect', resolve));
      const answers = acks(socket, 3);
      const first = frame(sample('LAB-ORU-1.hl7').replace(/\n/g, '\r'));
      // One frame in three writes, cut inside the message and between FS and CR.
      socket.write(first.subarray(0, 40));
      await pause(20);
      socket.write(first.subarray(40, first.length - 1));
      await pause(20);
      socket.write(first.subarray(first.length - 1));
      // Two frames in one write.
      const potassium = 'OBX|1|NM|2823-3^Potassium^LN||5.9|mmol/L^^UCUM|3.5-5.0|H|||F';
      socket.write(
        Buffer.concat([frame(oru({ controlId: 'M2', obx: [potassium] })), frame('garbage')]),
      );
      const [a, b, c] = await answers;
      expect(msa(a!)).toMatchObject({ code: 'AA', controlId: '182' });
      expect(msa(b!)).toMatchObject({ code: 'AA', controlId: 'M2' });
      expect(msa(c!).code).toBe('AR');
      expect(await resourceRows(db, tenantId)).toBe(2 + 12 + 2);
    } finally {
      socket.destroy();
      await mllp.close();
    }
  });
});

describe('MLLP framing', () => {
  it('drops noise outside frames and refuses a frame over the limit', () => {
    const decoder = new MllpDecoder(10);
    expect(decoder.push(Buffer.from('noise'))).toEqual([]);
    expect(decoder.push(Buffer.concat([Buffer.from('x'), frame('MSH|1')]))).toEqual(['MSH|1']);
    expect(() => decoder.push(frame('MSH|0123456789012345').subarray(0, 18))).toThrow();
  });
});

describe('MLLP settings', () => {
  it('is off by default, needs a known practice when a port is set, and binds loopback', async () => {
    const logger = createLogger({ level: 'info', destination: new LogCapture() });
    const opened = { db, keyring: deps.keyring };
    const config = (env: Record<string, string>) => loadConfig({ HAVEN_MODE: 'test', ...env });
    expect(await startConfiguredMllp(config({}), opened, logger)).toBeUndefined();
    await expect(
      startConfiguredMllp(config({ HAVEN_MLLP_PORT: '0' }), opened, logger),
    ).rejects.toThrow('HAVEN_MLLP_PRACTICE');
    const unknown = config({ HAVEN_MLLP_PORT: '0', HAVEN_MLLP_PRACTICE: 'no-such-practice' });
    await expect(startConfiguredMllp(unknown, opened, logger)).rejects.toThrow('names no practice');
    const practice = await createTestTenant(db);
    const mllp = await startConfiguredMllp(
      config({ HAVEN_MLLP_PORT: '0', HAVEN_MLLP_PRACTICE: practice.slug }),
      opened,
      logger,
    );
    expect(config({}).mllpHost).toBe('127.0.0.1');
    expect(mllp?.port).toBeGreaterThan(0);
    await mllp?.close();
  });
});
