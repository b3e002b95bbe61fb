/**
 * The desktop the page runs on, from the webview's user agent: each platform has one webview
 * (WebKitGTK on Linux, WebView2 on Windows, WKWebView on macOS), and the browser builds (make
 * dev, the e2e Chromium) say theirs too. The stylesheet uses it for the font stacks: WebKitGTK
 * asks fontconfig for every family in a stack that it cannot find, and the Windows and macOS
 * names cost the first full layout of the window about 100 ms each on Linux (make bench-ui).
 */
export type Platform = 'linux' | 'windows' | 'macos' | 'other';

export function platformOf(userAgent: string): Platform {
  if (/Windows/.test(userAgent)) return 'windows';
  if (/Macintosh|Mac OS X/.test(userAgent)) return 'macos';
  if (/Linux|X11|CrOS/.test(userAgent) && !/Android/.test(userAgent)) return 'linux';
  return 'other';
}

/** Sets data-platform on the root element, before the first render lays out any text. */
export function markPlatform(root: HTMLElement = document.documentElement, userAgent: string = navigator.userAgent): Platform {
  const p = platformOf(userAgent);
  root.dataset.platform = p;
  return p;
}

/**
 * Whether the page runs in the app's own window rather than in a browser (a dev build serves
 * the same page to both): Wails' webviews add "wails.io" to the user agent.
 */
export function isAppWindow(userAgent: string = navigator.userAgent): boolean {
  return /\bwails\.io\b/.test(userAgent);
}
