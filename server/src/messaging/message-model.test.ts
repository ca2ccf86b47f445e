/** DATA-13: conversations are grouped from Communications as the record holds them. */
import type { Communication } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { buildMessage, threadsOf } from './message-model.js';
import { checkedText } from './message-text.js';

const patientId = '11111111-1111-4111-8111-111111111111';
const first = {
  ...buildMessage({
    patientId,
    author: { kind: 'patient', patientId },
    subject: 'Refill',
    text: 'May I have more?',
    sent: new Date('2026-11-20T10:00:00Z'),
  }),
  id: '22222222-2222-4222-8222-222222222222',
};
const answer = {
  ...buildMessage({
    patientId,
    author: { kind: 'care_team', userId: '33333333-3333-4333-8333-333333333333', name: 'Dr Ruiz' },
    text: 'Sent to your pharmacy.',
    sent: new Date('2026-11-20T12:00:00Z'),
    threadId: first.id,
  }),
  id: '44444444-4444-4444-8444-444444444444',
};

describe('conversations', () => {
  it('groups replies under their first message, in order, and says who waits', () => {
    const [thread] = threadsOf([answer, first]);
    expect(thread).toMatchObject({
      id: first.id,
      patientId,
      subject: 'Refill',
      lastSent: '2026-11-20T12:00:00.000Z',
      waiting: true,
    });
    expect(thread?.messages.map((m) => [m.from, m.author, m.waiting])).toEqual([
      ['patient', null, true],
      ['care_team', 'Dr Ruiz', false],
    ]);
    expect(answer.recipient).toEqual([{ reference: `Patient/${patientId}` }]);
  });

  it('leaves out replies without their first message, other Communications and errors', () => {
    const fax: Communication = {
      ...first,
      id: '55555555-5555-4555-8555-555555555555',
      category: [],
    };
    const withdrawn: Communication = {
      ...first,
      id: '66666666-6666-4666-8666-666666666666',
      status: 'entered-in-error',
    };
    expect(threadsOf([answer])).toEqual([]);
    expect(threadsOf([fax, withdrawn])).toEqual([]);
  });

  it('checks text: trimmed, line ends made \\n, not empty, not too long, no control characters', () => {
    expect(checkedText('  a\r\nb\rc  ', 10, '/text')).toBe('a\nb\nc');
    expect(checkedText('tab\there', 10, '/text')).toBe('tab\there');
    for (const bad of ['   ', 'x'.repeat(11), 'nul\u0000', 'esc\u001b[0m', 'c1\u0085']) {
      expect(() => checkedText(bad, 10, '/text')).toThrow('cannot be sent');
    }
  });
});
