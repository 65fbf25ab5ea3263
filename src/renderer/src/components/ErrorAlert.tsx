import type { AlertProps } from '@mantine-core-parts/components/Alert/Alert';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { IpcError } from '@shared/ipc/errors';
import { errorText } from '../i18n/error-text';
// The first screen shows this alert too: Mantine from the first chunk's own files.
import { Alert, Button, Stack, Text } from '../mantine-first-screen';

interface ErrorAlertProps extends Omit<AlertProps, 'color' | 'role'> {
  /** Main's refusal, said in the UI language. Without it (and without children) nothing is drawn. */
  error?: IpcError | null;
  /** What to do next, after the error's sentence; or the whole text when there is no IpcError. */
  children?: ReactNode;
  /** A load that failed: a button under the sentence asks again. */
  retry?: { label: string; onClick: () => void };
}

/** The red alert for a failure: announced at once (role="alert"), its sentence from the error code. */
export function ErrorAlert({ error, children, retry, ...props }: ErrorAlertProps) {
  const { t } = useTranslation();
  if (!error && children === undefined) return null;
  const text = (
    <>
      {error && errorText(t, error)}
      {error && children !== undefined && ' '}
      {children}
    </>
  );
  return (
    <Alert color="red" role="alert" {...props}>
      {retry ? (
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{text}</Text>
          <Button size="compact-sm" variant="white" onClick={retry.onClick}>
            {retry.label}
          </Button>
        </Stack>
      ) : (
        text
      )}
    </Alert>
  );
}
