// What every end-to-end scenario (run, trueup, psa, a11y, file-import, schedule) shares: a
// headless Debian Chromium on a throwaway profile, numbered screenshots, named steps, the
// sidebar, polling, and the bound Go services read from the page (never used to act: every
// user action goes through the UI).
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';

/**
 * Starts Chromium (CHROMIUM, default /usr/bin/chromium) with a fresh profile. Returns its
 * page, the console errors and page errors it collects, and close() (browser and profile).
 */
export async function launch({ viewport = { width: 1280, height: 800 } } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'trueup-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, page, consoleErrors, close };
}

/**
 * shot(name, { dark }) saves the page as DIR/PREFIXNN-name.png (NN counts up), and with dark
 * also in the dark colour scheme as ...-dark.png.
 */
export function screenshots(page, { dir, prefix = '', fullPage = false, quiet = false }) {
  let step = 0;
  return async (name, { dark = false } = {}) => {
    step += 1;
    const file = join(dir, `${prefix}${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage });
    if (!quiet) console.log(`  screenshot ${file}`);
    if (dark) {
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.waitForTimeout(250); // let the colour transitions finish
      await page.screenshot({ path: file.replace(/\.png$/, '-dark.png'), fullPage });
      await page.emulateMedia({ colorScheme: 'light' });
      await page.waitForTimeout(250);
    }
  };
}

/** check(name, fn) prints the step ("- [tag] name") and runs it. */
export function steps(tag = '') {
  return async (name, fn) => {
    process.stdout.write(tag ? `- [${tag}] ${name}\n` : `- ${name}\n`);
    await fn();
  };
}

/** nav(title) clicks a page in the sidebar. */
export function sidebar(page) {
  return async (title) => {
    await page.getByRole('navigation', { name: 'Main' }).getByText(title, { exact: true }).click();
  };
}

/** The first truthy value of fn, polled every 250 ms; fails after timeout ms. */
export async function eventually(what, fn, timeout = 30000) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** go(service, method, ...args) calls a bound Go service from the page, to read. */
export function bindings(page) {
  return (service, method, ...args) => page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [service, method, args]);
}
