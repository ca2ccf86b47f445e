/**
 * The demo's conversations with the care team (USE-3), so the portal's "Messages" and the
 * clinician's inbox have something true to show: the demo adult's, one answered two days ago
 * and one from this morning still waiting for the first clinician, who treats them; and the
 * demo teenager's, answered, which their guardian must never see (CHILD-2).
 */
import type { Communication } from '@medplum/fhirtypes';
import { buildMessage } from '../messaging/message-model.js';
import { Rng } from './generator/index.js';

const SEED = 20_261_126;
/** How many messages demoMessages writes (the seed's count of resources includes them). */
export const DEMO_MESSAGE_COUNT = 5;
const HOUR_MS = 60 * 60 * 1000;

export function demoMessages(
  patients: { adult: string; teen: string },
  clinician: { userId: string; name: string },
  now: Date,
): Communication[] {
  const rng = new Rng(SEED);
  const at = (hoursAgo: number) => new Date(now.getTime() - hoursAgo * HOUR_MS);
  const careTeam = { kind: 'care_team' as const, ...clinician };
  /** A patient's question, and the clinician's answer if there is one (handled then). */
  const conversation = (
    patientId: string,
    question: { subject: string; text: string; hoursAgo: number },
    answer?: { text: string; hoursAgo: number },
  ): Communication[] => {
    const asked: Communication = {
      ...buildMessage({
        patientId,
        author: { kind: 'patient', patientId },
        subject: question.subject,
        text: question.text,
        sent: at(question.hoursAgo),
      }),
      id: rng.uuid(),
      ...(answer ? { status: 'completed', received: at(answer.hoursAgo).toISOString() } : {}),
    };
    if (!answer) return [asked];
    const threadId = asked.id as string;
    const sent = at(answer.hoursAgo);
    const answered = buildMessage({
      patientId,
      author: careTeam,
      text: answer.text,
      sent,
      threadId,
    });
    return [asked, { ...answered, id: rng.uuid() }];
  };
  return [
    ...conversation(
      patients.adult,
      {
        subject: 'Dizzy in the mornings',
        text: 'Since the new blood pressure tablet I feel dizzy when I get up in the morning. It passes after a few minutes. Should I keep taking it?',
        hoursAgo: 50,
      },
      {
        text: 'Thank you for telling us. Keep taking it, stand up slowly, and drink a glass of water first thing. If you faint or the dizziness lasts, call the practice the same day. We will check your blood pressure at your follow-up.',
        hoursAgo: 47,
      },
    ),
    ...conversation(patients.adult, {
      subject: 'Refill before my trip',
      text: 'I travel for three weeks from the 10th. Could I have a refill of my usual prescription before then?',
      hoursAgo: 3,
    }),
    ...conversation(
      patients.teen,
      {
        subject: 'A private question',
        text: 'Is what I tell you at my visit shared with my parents?',
        hoursAgo: 30,
      },
      {
        text: 'What you tell us about your sexual health, mental health or substance use stays between you and us. Ask us anything at your visit.',
        hoursAgo: 26,
      },
    ),
  ];
}
