import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type HavenDatabase } from '../db/database.js';
import { buildTestApp, type LogCapture } from '../../test/test-app.js';

let db: HavenDatabase;
beforeAll(async () => {
  db = await openMemoryDatabase();
});
afterAll(() => db.close());

interface Line {
  msg: string;
  reqId?: string;
  req?: { method?: string; url?: string; route?: string };
  res?: { statusCode?: number };
  responseTime?: number;
}

const parsed = (log: LogCapture): Line[] => log.lines.map((line) => JSON.parse(line) as Line);

describe('request log', () => {
  it('writes one line per request once answered, and one for a request its client gave up on', async () => {
    let entered!: () => void;
    const handlerEntered = new Promise<void>((resolve) => (entered = resolve));
    let finish!: () => void;
    const { app, log } = await buildTestApp(db, {
      routes: (instance) => {
        instance.post('/api/test/slow', { schema: { hide: true } }, async () => {
          entered();
          await new Promise<void>((resolve) => (finish = resolve));
          return { ok: true };
        });
      },
    });
    const answered = await app.inject({ url: '/healthz' });
    expect(answered.statusCode).toBe(200);
    const lines = parsed(log).filter((line) => line.req !== undefined);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      msg: 'request completed',
      reqId: answered.headers['x-request-id'],
      req: { method: 'GET', url: '/healthz' },
      res: { statusCode: 200 },
    });
    expect(typeof lines[0]?.responseTime).toBe('number');

    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const socket = connect(port, '127.0.0.1');
    // A body fully read before the client goes: Fastify's own abort hook misses this case.
    const body = JSON.stringify({ note: 'Jane' });
    socket.write(
      `POST /api/test/slow?name=Jane HTTP/1.1\r\nHost: haven\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body}`,
    );
    await handlerEntered;
    socket.destroy();
    for (let i = 0; i < 100 && !log.text.includes('request aborted'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    finish();
    await app.close();
    const aborted = parsed(log).filter((line) => line.msg === 'request aborted');
    expect(aborted).toHaveLength(1);
    expect(aborted[0]?.req).toMatchObject({ method: 'POST', url: '/api/test/slow?name=*' });
    // Two requests, two lines: the answered one and the abandoned one, nothing else about them.
    expect(
      parsed(log)
        .filter((line) => line.req !== undefined)
        .map((line) => line.msg),
    ).toEqual(['request completed', 'request aborted']);
    expect(log.text).not.toContain('Jane');
  });
});
