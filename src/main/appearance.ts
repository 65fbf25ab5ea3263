import type { Theme } from '@shared/settings';

/**
 * Native dialogs, menus and the window frame follow the app's theme: Electron's
 * `nativeTheme.themeSource` ('system' follows the OS, as the app's Automatic does).
 * https://www.electronjs.org/docs/latest/api/native-theme#nativethemethemesource
 */
export function themeSource(theme: Theme): 'system' | 'light' | 'dark' {
  return theme === 'auto' ? 'system' : theme;
}

export function applyTheme(nativeTheme: { themeSource: 'system' | 'light' | 'dark' }, theme: Theme): void {
  const source = themeSource(theme);
  if (nativeTheme.themeSource !== source) nativeTheme.themeSource = source;
}
