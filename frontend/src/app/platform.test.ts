import { describe, expect, it } from 'vitest';
import { isAppWindow, markPlatform, platformOf } from './platform';

describe('platformOf', () => {
  it.each([
    ['WebKitGTK', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15', 'linux'],
    ['Debian Chromium', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', 'linux'],
    ['WebView2', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0', 'windows'],
    ['WKWebView', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)', 'macos'],
    ['Android', 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36', 'other'],
    ['empty', '', 'other'],
  ])('%s', (_, ua, want) => {
    expect(platformOf(ua)).toBe(want);
  });
});

describe('markPlatform', () => {
  it('marks the root element for the stylesheet', () => {
    const root = document.createElement('html');
    expect(markPlatform(root, 'Mozilla/5.0 (X11; Linux x86_64)')).toBe('linux');
    expect(root.dataset.platform).toBe('linux');
  });
});

describe('isAppWindow', () => {
  it.each([
    ['the Linux window', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15 wails.io', true],
    ['with an empty version', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Safari/605.1.15 wails.io/', true],
    ['a dev build in Chromium', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', false],
    ['a look-alike', 'Mozilla/5.0 wails.iox', false],
  ])('%s', (_, ua, want) => {
    expect(isAppWindow(ua)).toBe(want);
  });
});
