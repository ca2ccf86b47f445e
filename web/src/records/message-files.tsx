/**
 * Choosing files to send with a message (portal and console alike): PDF, JPEG or PNG, at most
 * three and 5 MB together, checked before anything is sent; the server checks them again by
 * their first bytes. Files are read in memory only, when the message is sent.
 */
import { FileInput } from '@mantine/core';
import { defineMessages, useT } from '../i18n/i18n';
import { issueAt } from '../portal/frame/field-errors';
import { FILE_TYPES, MAX_FILES, MAX_FILES_BYTES } from './conversation';

const fileMessages = defineMessages(
  {
    files: 'Files (optional)',
    filesHint: 'Photos or documents: PDF, JPEG or PNG, up to 3 files and 5 MB together.',
    tooManyFiles: 'Choose at most {max} files.',
    filesTooLarge: 'The files are larger than 5 MB together.',
    fileKind: 'Only PDF, JPEG and PNG files can be sent.',
  },
  {
    files: 'Archivos (opcional)',
    filesHint: 'Fotos o documentos: PDF, JPEG o PNG, hasta 3 archivos y 5 MB en total.',
    tooManyFiles: 'Elige como máximo {max} archivos.',
    filesTooLarge: 'Los archivos superan 5 MB en total.',
    fileKind: 'Solo se pueden enviar archivos PDF, JPEG y PNG.',
  },
);

/** What is wrong with the chosen files, as a message key, or undefined. */
export function filesProblem(
  files: File[],
): { key: 'tooManyFiles' | 'fileKind' | 'filesTooLarge' } | undefined {
  if (files.length > MAX_FILES) return { key: 'tooManyFiles' };
  if (files.some((f) => !FILE_TYPES.includes(f.type))) return { key: 'fileKind' };
  if (files.reduce((sum, f) => sum + f.size, 0) > MAX_FILES_BYTES) return { key: 'filesTooLarge' };
  return undefined;
}

export function MessageFiles({
  id,
  files,
  onChange,
  problem,
  error,
}: {
  id: string;
  files: File[];
  onChange: (files: File[]) => void;
  /** The problem found before sending (filesProblem), shown on the field. */
  problem: ReturnType<typeof filesProblem>;
  /** The failed request, whose issues at /attachments are shown on the field. */
  error: unknown;
}) {
  const t = useT(fileMessages);
  return (
    <FileInput
      id={id}
      label={t('files')}
      description={t('filesHint')}
      multiple
      clearable
      accept={FILE_TYPES.join(',')}
      value={files}
      onChange={onChange}
      error={
        problem
          ? t(problem.key, { max: MAX_FILES })
          : issueAt(error, '/attachments', undefined, t('files'))
      }
    />
  );
}
