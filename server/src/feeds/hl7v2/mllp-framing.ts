/**
 * MLLP framing (HL7 v2 over TCP): each message travels as VT (0x0B) + message + FS CR
 * (0x1C 0x0D). TCP delivers bytes, not messages, so a frame may arrive in pieces and several
 * frames in one read; the decoder keeps what it has until a frame is complete. Bytes outside a
 * frame are line noise and are dropped. A frame larger than the limit is an error (the
 * connection is closed), so a sender cannot make Haven buffer without end.
 */
export const VT = 0x0b;
export const FS = 0x1c;
export const CR = 0x0d;

export class MllpFrameTooLarge extends Error {
  override readonly name = 'MllpFrameTooLarge';
}

export class MllpDecoder {
  #buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly maxBytes: number) {}

  /** Adds bytes received; returns the messages completed by them, in order (UTF-8 text). */
  push(chunk: Buffer): string[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const messages: string[] = [];
    for (;;) {
      const start = this.#buffer.indexOf(VT);
      if (start < 0) {
        this.#buffer = Buffer.alloc(0);
        break;
      }
      const end = this.#endOf(start);
      if (end < 0) {
        this.#buffer = this.#buffer.subarray(start);
        if (this.#buffer.length > this.maxBytes + 3) throw new MllpFrameTooLarge();
        break;
      }
      messages.push(this.#buffer.subarray(start + 1, end).toString('utf8'));
      this.#buffer = this.#buffer.subarray(end + 2);
    }
    return messages;
  }

  /** The index of the FS of a complete FS CR after `start`, or -1 while incomplete. */
  #endOf(start: number): number {
    let from = start + 1;
    for (;;) {
      const fs = this.#buffer.indexOf(FS, from);
      if (fs < 0 || fs + 1 >= this.#buffer.length) return -1;
      if (this.#buffer[fs + 1] === CR) return fs;
      from = fs + 1;
    }
  }
}

/** One message framed for the wire. */
export function frame(message: string): Buffer {
  return Buffer.concat([Buffer.from([VT]), Buffer.from(message, 'utf8'), Buffer.from([FS, CR])]);
}
