import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { resetFakeApi } from './fakeApi';

// jsdom lacks a few browser APIs that Radix UI's Select, Tooltip and menus call.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= NoopResizeObserver as unknown as typeof ResizeObserver;
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => undefined;
Element.prototype.scrollIntoView ??= () => undefined;

// findBy*/waitFor wait up to 5 s, not 1 s: lazily loaded pages take longer than a second to
// import on a loaded 2-core machine (CI beside other jobs), and a wait that gives up early
// fails a test that is right.
configure({ asyncUtilTimeout: 5000 });

beforeEach(() => {
  resetFakeApi();
});

afterEach(() => {
  cleanup();
});
