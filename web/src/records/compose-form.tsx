/**
 * Writing a message, for the portal and the console alike: a subject (for a new conversation
 * only), the text and files. Blank fields and wrong files are named before anything is sent;
 * the server checks everything again and its problems are shown on their fields. What was typed
 * stays only in this component's state, and is cleared once it is sent.
 */
import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { FormError } from '../components/form-error';
import { defineMessages, useT } from '../i18n/i18n';
import { issueAt, summaryWithout } from '../portal/frame/field-errors';
import {
  MESSAGE_SUBJECT_MAX,
  MESSAGE_TEXT_MAX,
  toOutgoingFile,
  type OutgoingFile,
} from './conversation';
import { filesProblem, MessageFiles } from './message-files';

const composeMessages = defineMessages(
  {
    subject: 'Subject',
    empty: 'Fill this in before sending.',
    tooLong: 'At most {max} characters.',
    cancel: 'Cancel',
  },
  {
    subject: 'Asunto',
    empty: 'Rellena esto antes de enviar.',
    tooLong: 'Como máximo {max} caracteres.',
    cancel: 'Cancelar',
  },
);

/** What a filled-in form sends. */
export interface Composed {
  subject: string;
  text: string;
  attachments: OutgoingFile[];
}

export function ComposeForm({
  idPrefix,
  withSubject,
  subjectHint,
  textLabel,
  textHint,
  sendLabel,
  send,
  pending,
  error,
  onCancel,
  extra,
}: {
  idPrefix: string;
  withSubject: boolean;
  subjectHint?: string;
  textLabel: string;
  textHint?: string;
  sendLabel: string;
  /** Sends; resolves true once it was stored (the form is then cleared). */
  send: (composed: Composed) => Promise<boolean>;
  pending: boolean;
  /** The failed request, whose issues are shown on their fields. */
  error: unknown;
  onCancel?: () => void;
  /** More buttons beside Send (the console's "mark handled"). */
  extra?: ReactNode;
}) {
  const t = useT(composeMessages);
  const [subject, setSubject] = useState('');
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [blank, setBlank] = useState({ subject: false, text: false });
  const [fileProblem, setFileProblem] = useState<ReturnType<typeof filesProblem>>();
  const fieldError = (location: string, max: number, label: string, isBlank: boolean) =>
    (isBlank ? t('empty') : undefined) ?? issueAt(error, location, t('tooLong', { max }), label);
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const missing = { subject: withSubject && subject.trim() === '', text: text.trim() === '' };
        setBlank(missing);
        const problem = filesProblem(files);
        setFileProblem(problem);
        if (missing.subject || missing.text || problem) return;
        void Promise.all(files.map(toOutgoingFile))
          .then((attachments) => send({ subject, text, attachments }))
          .then((sent) => {
            if (!sent) return;
            setSubject('');
            setText('');
            setFiles([]);
          });
      }}
    >
      <Stack gap="sm">
        {withSubject && (
          <TextInput
            id={`${idPrefix}-subject`}
            label={t('subject')}
            description={subjectHint}
            required
            autoFocus
            maxLength={MESSAGE_SUBJECT_MAX}
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={fieldError('/subject', MESSAGE_SUBJECT_MAX, t('subject'), blank.subject)}
          />
        )}
        <Textarea
          id={`${idPrefix}-text`}
          label={textLabel}
          description={textHint}
          required
          autoFocus={!withSubject}
          autosize
          minRows={4}
          maxLength={MESSAGE_TEXT_MAX}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError('/text', MESSAGE_TEXT_MAX, textLabel, blank.text)}
        />
        <MessageFiles
          id={`${idPrefix}-files`}
          files={files}
          onChange={setFiles}
          problem={fileProblem}
          error={error}
        />
        <FormError error={summaryWithout(error, '/subject', '/text', '/attachments')} />
        <Group>
          <Button type="submit" loading={pending}>
            {sendLabel}
          </Button>
          {extra}
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              {t('cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
