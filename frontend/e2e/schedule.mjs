// End-to-end test of a scheduled sync, in the real TrueUp app: a dev-tagged build started
// with TRUEUP_DEV_CLOCK=1 on an empty data folder (so it opens the demo workspace and runs
// its scheduler on a clock the test can move through the dev-only DevClockService). The
// scenario sets Pax8's schedule to nightly on Settings > Schedules, sees the next run in
// local time beside 07:00 UTC, moves the clock just past that due time, and waits for the
// scheduled run on Sync Status with its note ("Scheduled sync (... 07:00 UTC)") and the
// schedule's line in its log. Microsoft's automatic true-up is on, so its scheduled sync
// is followed by the first (dry) run of the true-up: the Inbox has its notice, the dry run's
// plan is approved on Settings, and its push is in the Activity Log, marked Automatic. The
// notice also went to the desktop: a notification daemon on the test's session bus
// (fakenotifyd, at NOTIFYD_URL) shows it, and clicking it there opens Settings.
// Screenshots go to OUT_DIR as schedule-NN-<step>.png.
// Run through scripts/e2e.sh (make e2e; E2E_ONLY=schedule runs only this).
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { bindings, eventually as poll, launch, screenshots, sidebar, steps } from './lib.mjs';

const BASE_URL = process.env.BASE_URL;
const OUT_DIR = process.env.OUT_DIR ?? 'test-output/e2e';
const PAX8 = 'Pax8';
const MS = 'Microsoft';
const NOTIFYD_URL = process.env.NOTIFYD_URL;
assert.ok(BASE_URL, 'BASE_URL is required');
assert.ok(NOTIFYD_URL, 'NOTIFYD_URL (fakenotifyd) is required');

const { page, consoleErrors, close } = await launch({ viewport: { width: 1280, height: 900 } });

const shot = screenshots(page, { dir: OUT_DIR, prefix: `schedule-`, fullPage: true });
const check = steps('schedule');
const nav = sidebar(page);
const eventually = (what, fn, timeout = 60000) => poll(what, fn, timeout);
// The bound Go services: read from the page; the clock is the only thing moved through one
// (a dev build's DevClockService), every user action goes through the UI.
const go = bindings(page);
const scheduleRow = (name) => page.locator(`[data-testid="schedule-row"][data-name="${name}"]`);
const statusRow = (name) => page.locator(`[data-testid="integration-row"][data-name="${name}"]`);

// What else a scheduled run sets off, checked on the run it started: its log line from the
// scheduler.
async function checkScheduledRunOutcomes(run) {
  const log = await go('SyncService', 'Log', run.id);
  assert.ok(
    (log ?? []).some((l) => l.section === 'schedule' && /scheduled sync/i.test(l.message)),
    `run ${run.id}'s log has no schedule line: ${JSON.stringify(log?.slice(0, 5))}`,
  );
}
const latestRun = async (name) => (await go('SyncService', 'Status')).integrations.find((r) => r.integration.name === name)?.latest_run;
const autoPanel = (name) =>
  page.locator('[data-testid="auto-integration"]').filter({ has: page.getByRole('heading', { name, exact: true }) });

async function setNightly(name) {
  const row = scheduleRow(name);
  await row.waitFor();
  await row.getByRole('combobox', { name: `${name}: runs` }).click();
  await page.getByRole('option', { name: 'Nightly', exact: true }).click();
  await row.getByRole('button', { name: `Save the schedule of ${name}` }).click();
  await row.getByText(/^Next run: .*07:00 UTC\)?$/).waitFor({ timeout: 15000 });
}

try {
  let due;
  await check('1. The demo opens with its scheduler on the dev clock', async () => {
    await page.goto(BASE_URL);
    await page.getByRole('region', { name: 'Demo workspace' }).waitFor();
    await statusRow(PAX8).waitFor();
    const now = await go('DevClockService', 'Now');
    assert.ok(Math.abs(Date.parse(now) - Date.now()) < 120000, `the dev clock starts at the wall clock, not ${now}`);
    // The cards need both sides cached: one Quick Sync of everything, as a user starts.
    await page.getByRole('button', { name: 'Quick Sync All' }).click();
    await eventually('the first sync of every integration', async () => {
      const rows = (await go('SyncService', 'Status')).integrations;
      return rows.length >= 3 && rows.every((r) => r.latest_run?.status === 'succeeded');
    }, 120000);
  });

  await check('2. Settings > Schedules: Pax8 set to nightly shows its next run', async () => {
    await nav('Settings');
    await setNightly(PAX8);
    await setNightly(MS);
    const list = await go('ScheduleService', 'Show', 1);
    const pax8 = list.rows.find((r) => r.integration === PAX8);
    assert.ok(pax8, 'Show lists Pax8');
    assert.equal(pax8.cadence, 'nightly');
    due = pax8.next_runs[0];
    assert.match(due, /T07:00:00Z$/, 'due at 07:00 UTC');
    const task = page.getByTestId('os-task');
    await task.getByText('Unavailable').waitFor();
    assert.equal(await task.getByRole('button', { name: 'Register' }).count(), 0, 'a dev build offers no OS task');
    await shot('schedule-set');
  });

  await check('2b. Settings > Automatic true-up: Microsoft turned on, in advance', async () => {
    const panel = autoPanel(MS);
    await panel.waitFor();
    await panel.getByRole('button', { name: 'Turn on', exact: true }).click();
    await panel.getByText('On: dry run waiting for approval').waitFor({ timeout: 15000 });
  });

  await check('3. Moving the clock past the due time runs the scheduled sync', async () => {
    const msBefore = await latestRun(MS);
    const before = (await go('SyncService', 'Status')).integrations.find((r) => r.integration.name === PAX8);
    const at = new Date(Date.parse(due) + 20000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    await go('DevClockService', 'Set', at);
    await nav('Sync Status');
    const run = await eventually('the scheduled Pax8 run to succeed', async () => {
      const r = (await go('SyncService', 'Status')).integrations.find((x) => x.integration.name === PAX8);
      const latest = r?.latest_run;
      return latest && latest.id !== before?.latest_run?.id && latest.status === 'succeeded' ? latest : null;
    }, 120000);
    assert.match(run.note, /^scheduled sync \(/, `the run says why it ran: ${run.note}`);
    const row = statusRow(PAX8);
    await row.locator('[data-status="succeeded"]').first().waitFor({ timeout: 30000 });
    await row.getByTestId('run-note').getByText(/Scheduled sync \(.*07:00/).waitFor({ timeout: 30000 });
    await row.getByTestId('next-run').waitFor();
    await shot('scheduled-run');
    await checkScheduledRunOutcomes(run);
    const ms = await eventually('the scheduled Microsoft run to succeed', async () => {
      const latest = await latestRun(MS);
      return latest && latest.id !== msBefore?.id && latest.status === 'succeeded' ? latest : null;
    }, 120000);
    await checkScheduledRunOutcomes(ms);
  });

  await check('4. The Inbox has the automatic true-up\'s notice, and its desktop notification opens Settings', async () => {
    await nav('Inbox');
    const notice = page.locator('[data-testid="notice-row"]').filter({ hasText: `Automatic true-up of ${MS}` });
    await notice.first().waitFor({ timeout: 30000 });
    const page1 = await go('InboxService', 'List', false, 0, 50);
    const n = (page1.notices ?? []).find((x) => x.title.startsWith(`Automatic true-up of ${MS}`));
    assert.ok(n, `the inbox lists it: ${JSON.stringify((page1.notices ?? []).map((x) => x.title))}`);
    assert.equal(n.kind, 'auto_trueup');
    assert.match(n.body, /dry run/, `its text says it was a dry run: ${n.body}`);
    assert.match(n.title, /a dry run planned (\d+ changes?|no change)( \(\d+ large changes? would wait as (a card|cards)\))?, waiting for your approval/, `its title says the plan waits: ${n.title}`);
    assert.equal(n.target, 'settings', 'it opens Settings, where the plan is approved');
    assert.equal(n.integration, MS);
    assert.equal(n.read, false);
    await notice.first().getByRole('button', { name: 'Review the plan in Settings' }).waitFor();
    await shot('inbox-notice');

    // The desktop showed it too; clicking it there (while another page is open) goes where
    // the plan is approved, and marks the notice read.
    const shown = await eventually('the desktop notification of the dry run', async () => {
      const list = await (await fetch(`${NOTIFYD_URL}/notifications`)).json();
      return list.find((x) => x.summary === n.title) ?? null;
    }, 30000);
    assert.equal(shown.app_name, 'TrueUp');
    assert.equal(shown.body, n.body);
    assert.deepEqual(shown.actions, ['default', 'Open in TrueUp'], 'a click on it opens something');
    assert.ok(shown.image_width > 0, 'it carries the TrueUp icon');
    await nav('Sync Status');
    const click = await fetch(`${NOTIFYD_URL}/click?id=${shown.id}`, { method: 'POST' });
    assert.equal(click.status, 204);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor({ timeout: 15000 });
    await eventually(`Settings to open at ${MS}'s automatic true-up`, () =>
      page.evaluate((name) => document.activeElement?.tagName === 'H3' && document.activeElement.textContent === name, MS), 15000);
    const after = await go('InboxService', 'List', false, 0, 50);
    assert.equal((after.notices ?? []).find((x) => x.id === n.id)?.read, true, 'the clicked notice is read');
  });

  await check('5. Approving the dry run pushes its plan, in the Activity Log as Automatic', async () => {
    const plan = page.getByRole('region', { name: `Dry run of ${MS}` });
    await plan.waitFor({ timeout: 30000 });
    await shot('auto-trueup-dry-run');
    await plan.getByRole('button', { name: 'Approve and push this plan' }).click();
    await autoPanel(MS).getByText('On: pushes after each scheduled sync').waitFor({ timeout: 30000 });
    await nav('Activity Log');
    const pushed = page
      .locator('[data-testid="ledger-row"][data-kind="push"]')
      .filter({ hasText: 'Automatic' })
      .locator('[data-testid="state-badge"][data-state="pushed"]');
    await pushed.first().waitFor({ timeout: 60000 });
    const ledger = await go('PushService', 'Ledger', { since: '', cycle: '', account: '', vendor: '', state: '' });
    const auto = (ledger ?? []).filter((e) => e.automatic && e.kind === 'push');
    assert.ok(auto.length >= 1, 'the ledger has the automatic push');
    assert.equal(auto[0].user, 'automatic true-up');
    await shot('activity-log-automatic');
  });

  assert.deepEqual(consoleErrors, [], `the page logged errors: ${consoleErrors.join('\n')}`);
  console.log('e2e schedule: all checks passed');
} catch (err) {
  await page.screenshot({ path: join(OUT_DIR, 'schedule-failure.png') }).catch(() => {});
  console.error('e2e schedule FAILED:', err);
  process.exitCode = 1;
} finally {
  await close();
}
