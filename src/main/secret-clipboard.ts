import type { Clipboard } from './services/review/review';

/** A raw OS clipboard format, in Electron's custom-format notation. */
const osFormat = (name: string) => `electron application/osclipboard;format="${name}"`;

/** A DWORD 0 (four zero bytes): "no" for Windows' clipboard history and cloud clipboard. */
const dwordZero = () => new Blob([new Uint8Array(4)]);

/**
 * The markers that tell clipboard history, cloud clipboards and clipboard managers to skip
 * (or not show) what is copied, per OS:
 * - Windows: ExcludeClipboardContentFromMonitorProcessing, CanIncludeInClipboardHistory = 0,
 *   CanUploadToCloudClipboard = 0 — https://learn.microsoft.com/windows/win32/dataxchg/clipboard-formats#cloud-clipboard-and-clipboard-history-formats
 * - macOS: org.nspasteboard.ConcealedType — http://nspasteboard.org
 * - Linux: x-kde-passwordManagerHint = "secret", honoured by KDE's Klipper and CopyQ.
 */
export function concealedMarkers(platform: NodeJS.Platform): Record<string, string | Blob> {
  switch (platform) {
    case 'win32':
      return {
        [osFormat('ExcludeClipboardContentFromMonitorProcessing')]: dwordZero(),
        [osFormat('CanIncludeInClipboardHistory')]: dwordZero(),
        [osFormat('CanUploadToCloudClipboard')]: dwordZero(),
      };
    case 'darwin':
      return { [osFormat('org.nspasteboard.ConcealedType')]: '' };
    default:
      return { [osFormat('x-kde-passwordManagerHint')]: 'secret' };
  }
}

/** The parts of Electron's clipboard used here (structural, so tests need no Electron). */
export interface SystemClipboard<Item> {
  write(items: Item[]): Promise<void>;
  writeText(text: string): Promise<void>;
  readText(): Promise<string>;
  clear(): void;
}

/**
 * The review's clipboard over Electron's: a secret is written with its markers in one atomic
 * write (Electron's `clipboard.write` commits every format of an item together). Should the OS
 * refuse a marker format, the secret is still copied, as plain text, and that is logged.
 */
export function createSecretClipboard<Item>(
  system: SystemClipboard<Item>,
  makeItem: (formats: Record<string, string | Blob>) => Item,
  platform: NodeJS.Platform,
  onMarkersRefused: (error: unknown) => void,
): Clipboard {
  return {
    async writeSecret(text) {
      try {
        await system.write([makeItem({ 'text/plain': text, ...concealedMarkers(platform) })]);
      } catch (error) {
        onMarkersRefused(error);
        await system.writeText(text);
      }
    },
    readText: () => system.readText(),
    clear: () => system.clear(),
  };
}
