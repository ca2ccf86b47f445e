/**
 * The MLLP listener: one practice per listener (HAVEN_MLLP_PRACTICE), off unless
 * HAVEN_MLLP_PORT is set, on loopback unless HAVEN_MLLP_HOST says otherwise. MLLP has no
 * encryption or authentication of its own and Haven adds none here: run it behind a TLS tunnel
 * or VPN (stunnel, an interface engine, a private link), never open to a network.
 *
 * Messages on one connection are processed one after another and each is answered with its
 * ACK in order. A failure Haven cannot explain (the database away) is answered AE, so the
 * sender keeps the message and sends it again.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../log/logger.js';
import { answerTo } from './feed-errors.js';
import { receiveMessage, type FeedDeps } from './feed-service.js';
import { frame, MllpDecoder } from './mllp-framing.js';
import { normaliseMessage, parseMessage } from './hl7-text.js';

export interface MllpOptions {
  host: string;
  port: number;
  tenantId: string;
  deps: FeedDeps;
  logger: Logger;
  /** Largest message accepted, in bytes. */
  maxBytes: number;
  /** A connection idle this long is closed. */
  idleMs?: number;
}

export interface MllpListener {
  port: number;
  close(): Promise<void>;
}

async function answer(options: MllpOptions, raw: string): Promise<string> {
  try {
    return (await receiveMessage(options.deps, options.tenantId, raw)).ack;
  } catch (error) {
    options.logger.warn({ err: error }, 'hl7 feed message failed; answered AE');
    let message;
    try {
      message = parseMessage(normaliseMessage(raw));
    } catch {
      message = undefined;
    }
    const text = 'Haven could not process the message now; send it again later.';
    return answerTo(message, { code: 'AE', hl7Code: 207, text }, options.deps.now()).ack;
  }
}

/** Starts listening; resolves once the port is bound. */
export async function startMllpListener(options: MllpOptions): Promise<MllpListener> {
  const sockets = new Set<Socket>();
  const pending = new Set<Promise<void>>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const decoder = new MllpDecoder(options.maxBytes);
    let chain = Promise.resolve();
    socket.setTimeout(options.idleMs ?? 300_000, () => socket.end());
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      let messages: string[];
      try {
        messages = decoder.push(chunk);
      } catch {
        options.logger.warn('hl7 mllp frame too large; connection closed');
        socket.destroy();
        return;
      }
      for (const raw of messages) {
        chain = chain.then(async () => {
          const ack = await answer(options, raw);
          if (!socket.destroyed) socket.write(frame(ack));
        });
        const tracked = chain.finally(() => pending.delete(tracked));
        pending.add(tracked);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  options.logger.info({ address: options.host, port }, 'hl7 mllp listener started');
  return {
    port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Messages in progress finish (and are answered) before the database closes.
      await Promise.allSettled([...pending]);
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
