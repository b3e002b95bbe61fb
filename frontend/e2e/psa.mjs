// End-to-end test of the demo on one PSA, in the real TrueUp app (a dev-tagged build serving
// the frontend at BASE_URL with live Go bindings, started on an empty data folder so it opens
// the demo workspace). The PSA is the kind in PSA (or the first argument), default
// connectwise: the scenario chooses it on the demo banner's "Demo PSA" select when the demo
// is not on it already (the demo re-opens in place), syncs, approves one plain Reconcile card
// on the Reconcile screen and waits for its push to be read back as pushed in the Activity
// Log. The demo describes the same MSP on every PSA (internal/demo's
// TestDemoCardsAreTheSameOnEveryPSA), so the card is found the same way on each.
// Where a PSA's simulator can be read from here, VERIFY checks the PSA itself holds the
// change. Screenshots go to OUT_DIR as psa-<kind>-NN-<step>.png.
// Run through scripts/e2e.sh (make e2e; E2E_ONLY=psa runs only this, E2E_PSAS="connectwise
// autotask" chooses the PSAs).
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { bindings, eventually, launch, screenshots, sidebar, steps } from './lib.mjs';

const BASE_URL = process.env.BASE_URL;
const OUT_DIR = process.env.OUT_DIR ?? 'test-output/e2e';
const KIND = (process.argv[2] ?? process.env.PSA ?? 'connectwise').toLowerCase();
const PAX8 = 'Pax8';
assert.ok(BASE_URL, 'BASE_URL is required');

// Reads the PSA's own record of the pushed line, per kind: true when the PSA holds the
// card's vendor quantity. A kind without an entry is checked through TrueUp's ledger only
// (the push worker reads the PSA back before it says pushed).
const VERIFY = {
  // The ConnectWise simulator's published demo keys (internal/sim/connectwise.DemoCredentials).
  async connectwise(integration, card) {
    const keys = { company: 'trueupdemo', clientId: '5f0b3c1e-8d2a-4c47-9b1e-7a6c2d9e4f10', publicKey: 'DemoPublicKey00001', privateKey: 'DemoPrivateKey00001' };
    const line = card.psa_lines.find((l) => l.target);
    const auth = Buffer.from(`${keys.company}+${keys.publicKey}:${keys.privateKey}`).toString('base64');
    const url = `${integration.base_url.replace(/\/+$/, '')}/finance/agreements/${line.agreement_id}/additions/${line.line_id}`;
    const res = await fetch(url, { headers: { Authorization: `Basic ${auth}`, clientId: keys.clientId } });
    assert.equal(res.status, 200, `GET ${url}: ${res.status}`);
    return Number((await res.json()).quantity) === Number(card.vendor_quantity);
  },
  // The Halo simulator's published demo credentials (internal/sim/halopsa.DemoCredentials):
  // a token, then the recurring invoice with its lines, as TrueUp's push reads it.
  async halopsa(integration, card) {
    const keys = { tenant: 'trueupdemo', clientId: '5b1f7e0c-trueup-demo-halo', clientSecret: 'trueup-demo-halo-secret-0001' };
    const root = integration.base_url.replace(/\/+$/, '');
    const tok = await fetch(`${root}/auth/token?tenant=${keys.tenant}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: keys.clientId, client_secret: keys.clientSecret, scope: 'all' }),
    });
    assert.equal(tok.status, 200, `POST ${root}/auth/token: ${tok.status}`);
    const { access_token: token } = await tok.json();
    const line = card.psa_lines.find((l) => l.target);
    const url = `${root}/api/RecurringInvoice/${line.agreement_id}?includedetails=true`;
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `GET ${url}: ${res.status}`);
    const held = ((await res.json()).lines ?? []).find((l) => String(l.id) === String(line.line_id));
    assert.ok(held, `recurring invoice ${line.agreement_id} no longer has line ${line.line_id}`);
    return Number(held.qty_order) === Number(card.vendor_quantity);
  },
  // Autotask: the zone from ZoneInformation, then the ContractServiceUnits row covering the
  // push's effective date (the 1st of next month: Autotask's units change by dated
  // adjustments) with the simulator's published demo credentials
  // (internal/sim/autotask.DemoCredentials).
  async autotask(integration, card) {
    const keys = { user: 'trueup-api@trueupdemo.example', code: 'TRUEUPDEMO7QX2KJ4M3N5P6RSAAA', secret: 'Demo*Secret#00001' };
    const line = card.psa_lines.find((l) => l.target);
    const root = integration.base_url.replace(/\/+$/, '');
    const zone = await (await fetch(`${root}/v1.0/ZoneInformation?user=${encodeURIComponent(keys.user)}`)).json();
    const now = new Date();
    const next = new Date(Date.UTC(now.getFullYear(), now.getMonth() + 1, 1)).toISOString().slice(0, 10) + 'T00:00:00Z';
    const res = await fetch(`${zone.url}V1.0/ContractServiceUnits/query`, {
      method: 'POST',
      headers: { ApiIntegrationCode: keys.code, UserName: keys.user, Secret: keys.secret, 'Content-Type': 'application/json' },
      body: JSON.stringify({ filter: [
        { op: 'eq', field: 'contractServiceID', value: Number(line.line_id) },
        { op: 'lte', field: 'startDate', value: next },
        { op: 'gte', field: 'endDate', value: next },
      ] }),
    });
    assert.equal(res.status, 200, `ContractServiceUnits/query: ${res.status}`);
    const rows = (await res.json()).items ?? [];
    rows.sort((a, b) => a.startDate.localeCompare(b.startDate));
    return rows.length > 0 && Number(rows[rows.length - 1].units) === Number(card.vendor_quantity);
  },
};

const { page, consoleErrors, close } = await launch({ viewport: { width: 1280, height: 800 } });

const shot = screenshots(page, { dir: OUT_DIR, prefix: `psa-${KIND}-` });
const check = steps(KIND);
const nav = sidebar(page);
// The bound Go services, read from the page (never used to act: every action goes through the UI).
const go = bindings(page);
const row = (name) => page.locator(`[data-testid="integration-row"][data-name="${name}"]`);
const succeeded = (name) => row(name).locator('[data-testid="status-icon"]').first().and(page.locator('[data-status="succeeded"]'));

try {
  let psaName;
  await check('1. The demo opens, on the chosen PSA', async () => {
    await page.goto(BASE_URL);
    const banner = page.getByRole('region', { name: 'Demo workspace' });
    await banner.waitFor();
    const info = await go('WorkspaceService', 'Info');
    const offered = info.demo_psas ?? [];
    const psa = offered.find((p) => p.kind === KIND);
    assert.ok(psa, `this build's demo offers ${offered.map((p) => p.kind).join(', ')}, not ${KIND}`);
    psaName = psa.name;
    const select = banner.getByRole('combobox', { name: 'Demo PSA' });
    if (info.demo_psa !== KIND) {
      await select.click();
      await page.getByRole('option', { name: psa.name, exact: true }).click();
    }
    await banner.getByText(`simulated ${psa.name}, Pax8 and Microsoft Partner Center`).waitFor({ timeout: 30000 });
    assert.equal((await go('WorkspaceService', 'Info')).demo_psa, KIND);
    await row(psa.name).waitFor();
    await row(PAX8).waitFor();
    await select.click();
    await page.getByRole('option').first().waitFor();
    await shot('demo-psa-choice');
    await page.keyboard.press('Escape');
  });

  await check('2. Quick Sync All fills the demo cache', async () => {
    await page.getByRole('button', { name: 'Quick Sync All' }).click();
    await succeeded(psaName).waitFor({ timeout: 90000 });
    await succeeded(PAX8).waitFor({ timeout: 90000 });
    await shot('synced');
  });

  // The first plain Reconcile card (no large-change confirmation, one billed line), in a
  // stable order: the same card whichever the PSA.
  const list = await go('ReconcileService', 'Cards', { state: 'reconcile', account: '', vendor: '', direction: '', search: '', all: false });
  const plain = (list.cards ?? [])
    .filter((c) => !c.flags?.includes('large_change') && (c.psa_lines ?? []).filter((l) => l.target).length === 1)
    .sort((a, b) => a.account_name.localeCompare(b.account_name) || a.product_name.localeCompare(b.product_name));
  assert.ok(plain.length > 0, `the demo on ${KIND} has a plain Reconcile card`);
  const card = plain[0];
  console.log(`  card: ${card.account_name}, ${card.product_name} ${card.psa_quantity} -> ${card.vendor_quantity}`);

  await check('3. Reconcile: Approve pushes the card', async () => {
    await nav('Reconcile');
    await page.locator('[data-testid="service-card"]').first().waitFor();
    await shot('reconcile');
    await page.getByLabel('Search cards').first().fill(card.account_name);
    const el = page.locator(`[data-testid="service-card"][data-id="${card.id}"]`);
    await el.waitFor();
    await el.getByRole('button', { name: `Approve ${card.product_name} for ${card.account_name}`, exact: true }).click();
    await el.waitFor({ state: 'detached' });
    await page.getByRole('switch').check();
    const decided = page.locator(`[data-testid="service-card"][data-id="${card.id}"]`);
    await decided.getByText('Approved', { exact: true }).waitFor();
    await decided.getByText('Pushed', { exact: true }).waitFor({ timeout: 60000 });
    await shot('approved');
    await page.getByRole('switch').uncheck();
    await page.getByLabel('Search cards').first().fill('');
  });

  await check('4. Activity Log: the push is read back as pushed', async () => {
    await nav('Activity Log');
    const rows = page.locator('[data-testid="ledger-row"]').filter({ hasText: card.account_name }).filter({ hasText: card.product_name });
    await rows.and(page.locator('[data-kind="decision"]')).getByText('Approved', { exact: true }).waitFor();
    const push = rows.and(page.locator('[data-kind="push"]')).first();
    await push.locator('[data-testid="state-badge"][data-state="pushed"]').waitFor({ timeout: 60000 });
    await shot('activity-log-pushed');
    const verify = VERIFY[KIND];
    if (verify) {
      const integration = (await go('IntegrationService', 'List')).find((i) => i.name === psaName);
      assert.ok(integration, `no integration named ${psaName}`);
      await eventually(`${psaName} to hold the vendor quantity`, () => verify(integration, card));
    } else {
      console.log(`  (no direct check of the ${KIND} simulator: the ledger's read-back is the check)`);
    }
  });

  assert.deepEqual(consoleErrors, [], `the page logged errors: ${consoleErrors.join('\n')}`);
  console.log(`e2e psa ${KIND}: all checks passed`);
} catch (err) {
  await page.screenshot({ path: join(OUT_DIR, `psa-${KIND}-failure.png`) }).catch(() => {});
  console.error(`e2e psa ${KIND} FAILED:`, err);
  process.exitCode = 1;
} finally {
  await close();
}
