// End-to-end test of a file import, in the real TrueUp app (a dev-tagged build serving the
// frontend at BASE_URL with live Go bindings, started on an empty data folder so it opens
// the demo workspace). A browser cannot open the desktop's native file dialog, so the app
// runs with TRUEUP_DEV_IMPORT_FILE (internal/devbuild): its dialog call answers with that
// file, and everything after the dialog is the same Go path. The scenario adds a csv
// integration through the add form (no base URL, no credentials), imports a Dicker-style
// XLSX export (a Summary sheet and the DETAILS sheet, one bad row) from its Sync Status
// row, accepts the exact mappings and finds the file's card on Reconcile. Screenshots go to
// OUT_DIR as file-import-NN-<step>.png. Run through scripts/e2e.sh (E2E_ONLY=file-import
// runs only this).
import assert from 'node:assert/strict';
import { bindings, launch, screenshots, sidebar, steps } from './lib.mjs';

const BASE_URL = process.env.BASE_URL;
const OUT_DIR = process.env.OUT_DIR ?? 'test-output/e2e';
const FILE = 'dicker-nov.xlsx';
const NAME = 'Dicker';
assert.ok(BASE_URL, 'BASE_URL is required');

const { page, consoleErrors, close } = await launch({ viewport: { width: 1280, height: 900 } });

const shot = screenshots(page, { dir: OUT_DIR, prefix: `file-import-` });
const check = steps('file import');
const nav = sidebar(page);
// The bound Go services, read from the page (never used to act: every action goes through the UI).
const go = bindings(page);
const row = (name) => page.locator(`[data-testid="integration-row"][data-name="${name}"]`);
const succeeded = (name) => row(name).locator('[data-testid="status-icon"]').first().and(page.locator('[data-status="succeeded"]'));

try {
  let psaName;
  await check('1. The demo opens and Quick Sync All fills its cache', async () => {
    await page.goto(BASE_URL);
    await page.getByRole('region', { name: 'Demo workspace' }).waitFor();
    const info = await go('WorkspaceService', 'Info');
    psaName = (info.demo_psas ?? []).find((p) => p.kind === info.demo_psa)?.name;
    assert.ok(psaName, `the demo names its PSA (${info.demo_psa})`);
    await page.getByRole('button', { name: 'Quick Sync All' }).click();
    await succeeded(psaName).waitFor({ timeout: 90000 });
  });

  await check('2. Add a file import: no base URL, no credentials', async () => {
    await nav('Integrations');
    await page.getByRole('button', { name: 'Add integration' }).first().click();
    await page.locator('.kind-option[data-kind="csv"]').click();
    const form = page.getByRole('form', { name: 'Add File import (CSV/XLSX)' });
    await form.getByLabel(/^Name/).waitFor();
    assert.equal(await form.getByLabel(/^Base URL/).count(), 0, 'the form asks no base URL');
    assert.equal(await form.getByText('Credentials').count(), 0, 'the form asks no credentials');
    await form.getByLabel(/^Name/).fill(NAME);
    await form.getByLabel(/^Profile/).fill('dicker');
    await shot('add-file-import');
    await page.locator('[data-testid="add-integration"]').getByRole('button', { name: 'Add integration' }).click();
    await page.locator(`[data-testid="integration-card"][data-name="${NAME}"]`).waitFor();
  });

  await check('3. Sync Status: Import file… previews the XLSX and imports it', async () => {
    await nav('Sync Status');
    assert.equal(await row(NAME).getByRole('button', { name: 'QuickSync' }).count(), 0, 'a file import offers no sync');
    await row(NAME).getByRole('button', { name: /Import file/ }).click();
    const dialog = page.locator('[data-testid="file-import"]');
    await dialog.getByText(FILE).first().waitFor({ timeout: 20000 });
    await dialog.getByText('sheet "DETAILS" of 2').waitFor();
    await dialog.getByText(/Line 4: quantity: "lots" is not a number/).waitFor();
    assert.equal(await dialog.getByLabel('Read QTY as').inputValue(), 'quantity');
    assert.equal(await dialog.getByTestId('file-import-profile').innerText(), 'dicker');
    await shot('preview');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByTestId('file-import-result').getByText(`Imported 2 lines from ${FILE}; 1 bad rows were skipped`).waitFor({ timeout: 30000 });
    await shot('imported');
    await dialog.getByRole('button', { name: 'Close', exact: true }).click();
    await row(NAME).getByTestId('import-file-facts').getByText(`${FILE} · 3 rows`, { exact: false }).waitFor();
    await row(NAME).locator('[data-testid="status-icon"][data-status="partial"]').first().waitFor();
    await shot('sync-status-row');
  });

  await check('4. Mapping: the exact matches map the file\'s accounts and product', async () => {
    await nav('Mapping');
    const accept = page.getByRole('button', { name: /Accept all exact matches/ });
    await accept.waitFor();
    await page.waitForFunction(() => {
      const b = [...document.querySelectorAll('button')].find((x) => x.textContent?.startsWith('Accept all exact matches'));
      return b && !b.disabled;
    }, undefined, { timeout: 20000 });
    await accept.click();
    await page.getByText(/Accepted \d+ exact match/).waitFor();
  });

  await check('5. Reconcile: the imported line is a card', async () => {
    const list = await go('ReconcileService', 'Cards', { state: '', account: '', vendor: NAME, direction: '', search: '', all: true });
    const card = (list.cards ?? []).find((c) => c.account_name === 'Bayside Veterinary Clinic' && (c.vendor_sources ?? []).some((s) => s.integration === NAME));
    assert.ok(card, `a card of Bayside Veterinary Clinic has the ${NAME} file as a vendor source`);
    const fromFile = card.vendor_sources.find((s) => s.integration === NAME);
    assert.equal(Number(fromFile.quantity), 14);
    await nav('Reconcile');
    await page.locator('[data-testid="service-card"]').first().waitFor();
    await page.getByLabel('Search cards').first().fill(card.account_name);
    const el = page.locator(`[data-testid="service-card"][data-id="${card.id}"]`);
    await el.waitFor();
    await el.scrollIntoViewIfNeeded();
    await shot('reconcile-card');
  });

  assert.deepEqual(consoleErrors, [], 'the page logged no errors');
  console.log('file import e2e passed');
} catch (err) {
  await shot('failure').catch(() => {});
  console.error(err);
  process.exitCode = 1;
} finally {
  await close();
}
