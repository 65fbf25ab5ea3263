import { useEffect, useRef } from 'react';

import type { MenuCommand } from '@shared/ipc/shell-schemas';
import { SCREENS } from '@shared/screens';
import { api } from '../api';

type KeyLike = Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>;

/** macOS uses Cmd where Windows and Linux use Ctrl. */
export function isMacPlatform(): boolean {
  return /mac/i.test(navigator.platform);
}

/**
 * The app's keyboard shortcuts, the same as its menu's: Ctrl/Cmd+1–4 the four screens,
 * Ctrl/Cmd+, Settings, Ctrl/Cmd+F the Review search. Digits are also read from the physical
 * key, so layouts that need Shift for digits (French AZERTY) work too.
 */
export function shortcutCommand(event: KeyLike, mac: boolean): MenuCommand | null {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!mod || event.altKey) return null;
  const digit = /^Digit([1-9])$/.exec(event.code)?.[1] ?? (/^[1-9]$/.test(event.key) ? event.key : null);
  if (digit !== null) {
    const screen = SCREENS[Number(digit) - 1];
    return screen ? { command: 'showScreen', screen } : null;
  }
  if (event.shiftKey) return null;
  if (event.key === ',') return { command: 'showScreen', screen: 'settings' };
  if (event.key.toLowerCase() === 'f') return { command: 'findInReview' };
  return null;
}

/** True while a dialog is open: commands wait, so nothing typed in it is lost to a screen change. */
export function dialogIsOpen(): boolean {
  return document.querySelector('[role="dialog"][aria-modal="true"]') !== null;
}

/**
 * Runs `onCommand` for each menu command from main and each shortcut typed in the window (the
 * menu's accelerators and these are the same; both only ever go somewhere, so a key seen by
 * both does no harm).
 */
export function useAppCommands(onCommand: (command: MenuCommand) => void): void {
  const latest = useRef(onCommand);
  useEffect(() => {
    latest.current = onCommand;
  });
  useEffect(() => {
    const run = (command: MenuCommand) => {
      if (!dialogIsOpen()) latest.current(command);
    };
    const mac = isMacPlatform();
    const onKeyDown = (event: KeyboardEvent) => {
      const command = shortcutCommand(event, mac);
      if (!command) return;
      event.preventDefault();
      run(command);
    };
    window.addEventListener('keydown', onKeyDown);
    const unsubscribe = api().onMenuCommand(run);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      unsubscribe();
    };
  }, []);
}
