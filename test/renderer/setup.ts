import '@testing-library/jest-dom/vitest';
// Mantine's index, loaded once up front: the app's first chunk no longer imports it (lazy screens
// do), and loading it inside a test on a busy machine can outlast findBy's one-second wait.
import '@mantine/core';
import '../../src/renderer/src/styles/later-screens';

import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach, expect, vi } from 'vitest';

// findBy and waitFor give up after one second by default; a busy two-core CI machine can take longer
// to render a lazy screen. They still fail when what they wait for never comes.
configure({ asyncUtilTimeout: 5000 });

// jsdom lacks these browser APIs; Mantine calls them. No media query matches unless a test says so.
window.matchMedia = (query: string): MediaQueryList => ({
  matches: false,
  media: query,
  onchange: null,
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  addListener: () => undefined,
  removeListener: () => undefined,
  dispatchEvent: () => false,
});

window.ResizeObserver = class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

Element.prototype.scrollIntoView = () => undefined;

// React and Mantine report misuse (missing keys, updates outside act, bad props) on console.error.
beforeEach(() => {
  vi.spyOn(console, 'error');
});

afterEach(() => {
  cleanup();
  Reflect.deleteProperty(window, 'api');
  expect(console.error).not.toHaveBeenCalled();
  vi.restoreAllMocks();
});
