/**
 * The four screens, in menu and shortcut order (Ctrl/Cmd+1 … 4). Kept apart from the IPC schemas
 * so the renderer's first chunk can name the screens without bundling zod (the preload validates).
 */
export const SCREENS = ['integrations', 'connections', 'review', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];
