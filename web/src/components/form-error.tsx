/** A failed submission, in plain words, announced and placed next to the form that caused it. */
import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/client';

export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  const issues = error instanceof ApiError ? error.issues : [];
  return (
    <Alert color="red" role="alert" mt="sm">
      {message}
      {issues.length > 0 && (
        <List size="sm" mt="xs">
          {issues.map((issue, index) => (
            <List.Item key={index}>{issue.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
