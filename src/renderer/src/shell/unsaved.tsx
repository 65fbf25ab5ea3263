import { Button, Group, Stack, Text } from '@mantine/core';
import { createContext, useContext, useEffect, useLayoutEffect } from 'react';
import { useTranslation } from 'react-i18next';

import { DeskModal } from '../components/DeskModal';

/** Set by a dialog that asks before closing; its forms report whether they hold unsaved typed values. */
export const UnsavedValuesContext = createContext<((unsaved: boolean) => void) | null>(null);

/** Tells the enclosing dialog whether this form holds typed values that are not saved. */
export function useReportUnsaved(unsaved: boolean): void {
  const report = useContext(UnsavedValuesContext);
  // A layout effect: reported in the same commit as the keystroke, so an Escape pressed right after
  // typing already finds the dialog guarded (a passive effect could run after that key event).
  useLayoutEffect(() => {
    report?.(unsaved);
  }, [report, unsaved]);
  useLayoutEffect(() => () => report?.(false), [report]);
}

/**
 * While `active`, closing or reloading the window is refused by the page: the browser (or, in
 * the app, main) then asks before the typed values are lost.
 * https://developer.mozilla.org/docs/Web/API/Window/beforeunload_event
 */
export function useBeforeUnloadGuard(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const refuse = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium (and so Electron) also needs returnValue set.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', refuse);
    return () => window.removeEventListener('beforeunload', refuse);
  }, [active]);
}

/** "Discard what you typed?": Keep editing (the default, and Escape) or Discard and close. */
export function DiscardTypedValuesDialog({
  opened,
  onKeep,
  onDiscard,
}: {
  opened: boolean;
  onKeep: () => void;
  onDiscard: () => void;
}) {
  const { t } = useTranslation('shell');
  return (
    <DeskModal opened={opened} onClose={onKeep} title={t('unsaved.title')}>
      <Stack gap="md">
        <Text>{t('unsaved.body')}</Text>
        <Group justify="flex-end">
          <Button variant="default" color="red" onClick={onDiscard}>
            {t('unsaved.discard')}
          </Button>
          <Button onClick={onKeep} data-autofocus>
            {t('unsaved.keepEditing')}
          </Button>
        </Group>
      </Stack>
    </DeskModal>
  );
}
