// End-to-end test of the real TrueUp app: the dev-tagged build serves the frontend at
// BASE_URL and answers through real Go bindings; with an empty data folder it opens the
// demo workspace (simulated ConnectWise Manage and Pax8 on 127.0.0.1). Driven by Debian's
// Chromium through playwright-core (never a downloaded browser). Screenshots go to OUT_DIR.
// Run through scripts/e2e.sh (make e2e).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { launch, screenshots, sidebar, steps } from './lib.mjs';

const BASE_URL = process.env.BASE_URL;
const OUT_DIR = process.env.OUT_DIR ?? 'test-output/e2e';
const CW = 'ConnectWise Manage';
const PAX8 = 'Pax8';
assert.ok(BASE_URL, 'BASE_URL is required');

const { page, consoleErrors, close } = await launch({ viewport: { width: 1440, height: 900 } });
// Records what the Content-Security-Policy blocks (none of it may be TrueUp's own).
await page.addInitScript(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
});

const shot = screenshots(page, { dir: OUT_DIR, fullPage: true });
// The keychain items TrueUp stored (secret-tool prints attributes on stderr, secrets on stdout).
function keychainDump() {
  try {
    return execFileSync('secret-tool', ['search', '--all', 'service', 'TrueUp'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    return ''; // nothing stored: secret-tool exits non-zero
  }
}

// Asserts no file in the data folder (database, WAL, anything) contains needle.
function assertNotInDataFolder(needle) {
  let scanned = 0;
  for (const file of readdirSync(process.env.DATA_DIR, { recursive: true, withFileTypes: true })) {
    if (!file.isFile()) continue;
    scanned += 1;
    const body = readFileSync(join(file.parentPath, file.name));
    assert.equal(body.indexOf(needle), -1, `a secret reached ${file.name} in the data folder`);
  }
  assert.ok(scanned > 0, 'the data folder holds no files: DATA_DIR is wrong');
}

const check = steps();
const row = (name) => page.locator(`[data-testid="integration-row"][data-name="${name}"]`);
const rowStatus = (name) => row(name).locator('[data-testid="status-icon"]').first();
const nav = sidebar(page);

// Records every status an integration's icon shows, sampling every 25 ms in the page, so
// short-lived states (hourglass, spinner) are seen without racing the test's own clock.
async function watchStatuses() {
  await page.evaluate(() => {
    window.__seen = {};
    window.__watch = setInterval(() => {
      for (const r of document.querySelectorAll('[data-testid="integration-row"]')) {
        const s = r.querySelector('[data-testid="status-icon"]')?.getAttribute('data-status');
        if (!s) continue;
        const list = (window.__seen[r.getAttribute('data-name')] ??= []);
        if (list[list.length - 1] !== s) list.push(s);
      }
    }, 25);
  });
}
async function seenStatuses() {
  return page.evaluate(() => { clearInterval(window.__watch); return window.__seen; });
}

try {
  await check('the app opens the demo workspace with both integrations', async () => {
    await page.goto(BASE_URL);
    await page.getByRole('region', { name: 'Demo workspace' }).waitFor();
    await row(CW).waitFor();
    await row(PAX8).waitFor();
    await shot('sync-status-first-start');
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp, /default-src 'self'/);
  });

  await check('a banner says when TrueUp waits for the keychain to be unlocked, and goes when it is', async () => {
    // Headless gnome-keyring cannot show its unlock dialog, so the event the backend sends
    // when that dialog opens and closes is sent through the page's own Wails runtime; the
    // mount read (WorkspaceService.KeychainState) is the real one and says nobody waits.
    const banner = page.locator('[data-testid="keychain-banner"]');
    assert.equal(await banner.count(), 0, 'nothing waits for the keychain at start');
    const message = 'Waiting for your keychain to be unlocked: enter your login password in its prompt (it may be behind the TrueUp window).';
    await page.evaluate((m) => window.runtime.EventsEmit('keychain:changed', { seq: 1000000, waiting: true, message: m }), message);
    await banner.getByText(message).waitFor();
    // A late event from before the prompt opened changes nothing.
    await page.evaluate(() => window.runtime.EventsEmit('keychain:changed', { seq: 999999, waiting: false, message: '' }));
    await page.waitForTimeout(200);
    assert.equal(await banner.count(), 1, 'an older event must not hide the banner');
    // The banner blocks nothing: the page still answers.
    await nav('Integrations');
    await page.locator('[data-testid="integration-card"]').first().waitFor();
    await shot('keychain-waiting');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200); // let the colour transitions finish
    await shot('keychain-waiting-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await nav('Sync Status');
    await page.evaluate(() => window.runtime.EventsEmit('keychain:changed', { seq: 1000001, waiting: false, message: '' }));
    await banner.waitFor({ state: 'detached' });
  });

  await check('Quick Sync All: hourglass, spinner, then green checks; PSA before vendor', async () => {
    await watchStatuses();
    await page.getByRole('button', { name: 'Quick Sync All' }).click();
    await page.locator('[data-testid="integration-row"] [data-status="running"]').first().waitFor({ timeout: 15000 });
    await shot('sync-running');
    await rowStatus(CW).and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 60000 });
    await rowStatus(PAX8).and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 60000 });
    const seen = await seenStatuses();
    console.log('  statuses seen:', JSON.stringify(seen));
    assert.ok(seen[PAX8].includes('queued'), `Pax8 should wait (hourglass) while the PSA syncs: ${seen[PAX8]}`);
    assert.ok(seen[CW].includes('running'), `ConnectWise should show the spinner: ${seen[CW]}`);
    assert.equal(seen[CW].at(-1), 'succeeded');
    assert.equal(seen[PAX8].at(-1), 'succeeded');
    assert.ok((await page.locator('[data-testid="activity-row"]').count()) >= 2, 'Sync Activities lists the runs');
    await shot('sync-succeeded');
  });

  await check('a second QuickSync succeeds and says the source had nothing new', async () => {
    const before = await page.locator('[data-testid="activity-row"]').count();
    await page.getByRole('button', { name: 'Quick Sync All' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="activity-row"]').length >= n + 2, before);
    await rowStatus(CW).and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 60000 });
    await rowStatus(PAX8).and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 60000 });
    await row(CW).getByText('Nothing new since the last sync').waitFor();
    await row(PAX8).getByText('Nothing new since the last sync').waitFor();
    await shot('sync-nothing-new');
  });

  await check('clicking the icon opens the run log with its sections', async () => {
    await rowStatus(CW).click();
    const log = page.locator('[data-testid="run-log"]');
    await log.waitFor();
    await log.getByText('companies', { exact: false }).first().waitFor();
    // The run has ended: its summary line is in the log.
    await log.getByText(/nothing new since the last sync/i).first().waitFor({ timeout: 30000 });
    const text = await log.innerText();
    // Counts vary: records inside the 5-minute overlap before the watermark are re-read
    // (and found unchanged), and the demo's stamps are relative to the current time.
    assert.match(text, /QuickSync: \d+ compan(?:y|ies) changed since .* \(5-minute overlap\)/);
    assert.match(text, /deletion check: \d+ companies exist at the source/);
    assert.match(text, /re-reads the additions of the \d+ agreements? changed/);
    assert.match(text, /nothing new since the last sync/i);
    await shot('run-log');
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });
  });

  await check('Sync from date defaults to the last successful sync and runs from that date', async () => {
    await row(CW).getByRole('button', { name: `More syncs of ${CW}` }).click();
    await page.getByRole('menuitem', { name: /Sync from date/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Sync from date' });
    const input = dialog.getByLabel(/^Sync from/);
    const today = new Date().toISOString().slice(0, 10);
    const value = await input.inputValue();
    assert.ok(value === today || value === new Date(Date.now() - 864e5).toISOString().slice(0, 10),
      `the date defaults to the last successful sync (today), got ${value}`);
    await shot('sync-from-date');
    await dialog.getByRole('button', { name: 'Start sync' }).click();
    const activity = page.locator('[data-testid="activity-row"]').first();
    await activity.getByText(/^From /).waitFor();
    await activity.and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 60000 });
  });

  await check('the cached data is browsable, with hidden lines and their reasons', async () => {
    await nav('Cached Data');
    await page.locator('[data-testid="line-row"]').first().waitFor();
    assert.ok((await page.locator('[data-testid="line-row"]').count()) > 20);
    await shot('cached-data');
    await page.getByText('Show hidden lines').click();
    await page.getByText(/Prospect/).first().waitFor();
    await shot('cached-data-hidden-lines');
  });

  await check('wrong Pax8 credentials make the next sync fail with a red cross and a clear log', async () => {
    await nav('Integrations');
    const card = page.locator('[data-testid="integration-card"][data-name="Pax8"]');
    await card.waitFor();
    // The demo keeps its credentials in memory and says so, nowhere the OS keychain.
    await card.getByText('Credentials kept in memory only, gone when TrueUp closes').waitFor();
    await page.getByText(/Demo credentials are kept in memory and are gone when TrueUp closes\./).first().waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /OS keychain/);
    await shot('integrations');
    await card.getByRole('button', { name: /Reset credentials/ }).click();
    const dialog = page.locator('[data-testid="reset-credentials"]');
    await dialog.getByText(/Demo credentials are kept in memory/).waitFor();
    await dialog.getByLabel(/^Client secret/).fill('not-the-secret');
    await shot('reset-credentials');
    await dialog.getByRole('button', { name: 'Store credentials' }).click();
    await dialog.waitFor({ state: 'detached' });
    await nav('Sync Status');
    await row(PAX8).getByRole('button', { name: 'QuickSync' }).click();
    await rowStatus(PAX8).and(page.locator('[data-status="failed"]')).waitFor({ timeout: 30000 });
    await shot('sync-failed');
    await rowStatus(PAX8).click();
    const log = page.locator('[data-testid="run-log"]');
    await log.getByText(/Pax8 rejected the client ID or secret/).first().waitFor();
    const text = await log.innerText();
    assert.doesNotMatch(text, /not-the-secret/, 'a secret must never reach the log');
    await shot('run-log-failed');
    await page.keyboard.press('Escape');
  });

  await check('Full Sync asks for confirmation first; a running sync can be cancelled and keeps the cache', async () => {
    // The count the cache holds before, compared after the cancel (the demo's data grows).
    const lines = (await row(CW).getByText(/^\d+ service lines$/).innerText()).trim();
    await row(CW).getByRole('button', { name: `More syncs of ${CW}` }).click();
    await page.getByRole('menuitem', { name: /Full Sync/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/slower/i).first().waitFor();
    await shot('full-sync-confirmation');
    await dialog.getByRole('button', { name: 'Start Full Sync' }).click();
    await rowStatus(CW).and(page.locator('[data-status="running"]')).waitFor({ timeout: 15000 });
    await row(CW).getByRole('button', { name: 'Cancel' }).click();
    await rowStatus(CW).and(page.locator('[data-status="cancelled"]')).waitFor({ timeout: 15000 });
    await row(CW).getByText(lines, { exact: true }).waitFor(); // the cache is as it was
    await shot('sync-cancelled');
    await rowStatus(CW).click();
    const log = page.locator('[data-testid="run-log"]');
    await log.getByText(/Nothing from this run was stored; the cached data is unchanged/).first().waitFor();
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });
  });

  await check('dark theme follows the OS', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200);
    await shot('sync-status-dark');
    await nav('Cached Data');
    await page.locator('[data-testid="line-row"]').first().waitFor();
    await shot('cached-data-dark');
  });

  await check('every screen at 1280x800 and 1920x1080, light and dark', async () => {
    for (const [width, height] of [[1280, 800], [1920, 1080]]) {
      await page.setViewportSize({ width, height });
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        for (const [title, ready] of [['Sync Status', '[data-testid="activity-row"]'], ['Integrations', '[data-testid="integration-card"]'], ['Cached Data', '[data-testid="line-row"]']]) {
          await nav(title);
          await page.locator(ready).first().waitFor();
          await page.screenshot({ path: join(OUT_DIR, `size-${width}x${height}-${scheme}-${title.toLowerCase().replace(' ', '-')}.png`) });
        }
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  await check('own workspace: add Pax8 (secrets to the OS keychain), test the connection, sync it', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    const secrets = JSON.parse(process.env.PAX8_SECRETS ?? '{}');
    assert.ok(process.env.PAX8_URL && secrets.client_secret, 'PAX8_URL and PAX8_SECRETS are required');
    await page.getByRole('button', { name: 'Set up my own workspace' }).click();
    await page.getByRole('region', { name: 'Demo workspace' }).waitFor({ state: 'detached' });
    await nav('Integrations');
    await page.getByText('No integrations yet').waitFor();
    await shot('own-workspace-empty');
    await page.getByRole('button', { name: 'Add integration' }).first().click();
    await page.locator('.kind-option[data-kind="pax8"]').click();
    const form = page.getByRole('form', { name: 'Add Pax8' });
    const addDialog = page.locator('[data-testid="add-integration"]'); // its buttons sit in the footer
    await form.getByLabel(/^Name/).fill('Pax8 distributor');
    await form.getByLabel(/^Client ID/).fill(secrets.client_id);
    await form.getByLabel(/^Client secret/).fill(secrets.client_secret);
    // Plain http to a remote host is refused by the backend, at the field that is wrong.
    await form.getByLabel(/^Base URL/).fill('http://api.pax8.com/v1');
    await addDialog.getByRole('button', { name: 'Add integration' }).click();
    const baseURL = form.getByLabel(/^Base URL/);
    await form.locator(`[data-error-for="${await baseURL.getAttribute('id')}"]`).getByText(/plain http/).waitFor();
    assert.equal(await baseURL.getAttribute('aria-invalid'), 'true');
    assert.ok(await baseURL.evaluate((el) => el === document.activeElement), 'the wrong field has the focus');
    await shot('add-integration-invalid');
    await baseURL.fill(process.env.PAX8_URL);
    await shot('add-integration');
    await addDialog.getByRole('button', { name: 'Add integration' }).click();
    const card = page.locator('[data-testid="integration-card"][data-name="Pax8 distributor"]');
    await card.waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText(/Connected to Pax8/).waitFor({ timeout: 20000 });
    await shot('test-connection');
    await nav('Sync Status');
    await row('Pax8 distributor').getByRole('button', { name: 'QuickSync' }).click();
    await rowStatus('Pax8 distributor').and(page.locator('[data-status="succeeded"]')).waitFor({ timeout: 30000 });
    await shot('own-workspace-synced');
    assert.match(keychainDump(), new RegExp(`secret = ${secrets.client_secret}`), 'the secret typed in the UI is in the OS keychain');
    assertNotInDataFolder(secrets.client_secret);
  });

  await check('a base URL on another server removes the credentials, warns first and says so after', async () => {
    const secrets = JSON.parse(process.env.PAX8_SECRETS);
    await nav('Integrations');
    const card = page.locator('[data-testid="integration-card"][data-name="Pax8 distributor"]');
    await card.getByText('Credentials stored in the OS keychain').waitFor();
    const moved = new URL(process.env.PAX8_URL);
    moved.port = String(Number(moved.port) + 1);
    await card.getByRole('button', { name: 'Edit' }).click();
    const edit = page.locator('[data-testid="edit-integration"]');
    const baseURL = edit.getByLabel(/^Base URL/);
    await baseURL.fill(`${process.env.PAX8_URL.replace(/\/+$/, '')}/other/path`);
    assert.equal(await edit.locator('[data-warning-for]').count(), 0, 'another path on the same server is no move');
    await baseURL.fill(moved.href);
    await edit.getByText('This base URL is on another server: saving removes the stored credentials; you will enter them again.').waitFor();
    await shot('edit-base-url-another-server');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    const notice = card.locator('[data-testid="integration-notice"]');
    await notice.getByText(/moved to another server .*enter the credentials again/).waitFor();
    await card.getByText('Credentials missing').waitFor();
    await shot('integration-credentials-removed');
    assert.doesNotMatch(keychainDump(), new RegExp(`secret = ${secrets.client_secret}`), 'the old server\'s secret is gone from the keychain');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(200); // let the colour transitions finish
    await shot('integration-credentials-removed-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // Back to the simulator's address, then the credentials again through the notice.
    await card.getByRole('button', { name: 'Edit' }).click();
    await baseURL.fill(process.env.PAX8_URL);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: /Set credentials of Pax8 distributor/ }).click();
    const reset = page.locator('[data-testid="reset-credentials"]');
    await reset.getByLabel(/^Client ID/).fill(secrets.client_id);
    await reset.getByLabel(/^Client secret/).fill(secrets.client_secret);
    await reset.getByRole('button', { name: 'Store credentials' }).click();
    await reset.waitFor({ state: 'detached' });
    await card.getByText('Credentials stored in the OS keychain').waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText(/Connected to Pax8/).waitFor({ timeout: 20000 });
  });

  await check('deleting the integration asks first, then removes its keychain items', async () => {
    await nav('Integrations');
    const card = page.locator('[data-testid="integration-card"][data-name="Pax8 distributor"]');
    await card.getByRole('button', { name: /Delete/ }).click();
    const dialog = page.locator('[data-testid="delete-integration"]');
    await dialog.getByText(/credentials \(secrets\) in the OS keychain/).waitFor();
    await shot('delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete integration' }).click();
    await card.waitFor({ state: 'detached' });
    await page.getByText('No integrations yet').waitFor();
    assert.doesNotMatch(keychainDump(), /integration\//, 'no TrueUp keychain item is left');
  });

  assert.deepEqual(consoleErrors, [], `the page logged errors: ${consoleErrors.join('\n')}`);
  assert.deepEqual(await page.evaluate(() => window.__cspViolations), [], 'the Content-Security-Policy blocked something');
  console.log('e2e: all checks passed');
} catch (err) {
  await shot('failure').catch(() => {});
  console.error('e2e FAILED:', err);
  process.exitCode = 1;
} finally {
  await close();
}
