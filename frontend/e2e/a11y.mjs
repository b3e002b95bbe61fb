// Accessibility check of every screen in the real app (a dev-tagged build serving the
// frontend at BASE_URL with live Go bindings, on the demo workspace): axe-core
// (@axe-core/playwright, the maintained axe integration for Playwright) runs on each page
// of the sidebar after a sync has filled it, and on the main dialogs, against WCAG 2.1 A
// and AA; any serious or critical violation fails the run, with the rule, its help text and
// the elements. It also walks each page with the keyboard alone: Tab must reach a control
// and the focused control must show a visible focus indicator. Screenshots go to OUT_DIR as
// a11y-NN-<page>.png. Run through scripts/e2e.sh (E2E_ONLY=a11y runs only this).
import AxeBuilder from '@axe-core/playwright';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { eventually, launch, screenshots } from './lib.mjs';

const BASE_URL = process.env.BASE_URL;
const OUT_DIR = process.env.OUT_DIR ?? 'test-output/e2e';
assert.ok(BASE_URL, 'BASE_URL is required');

const { page, close } = await launch({ viewport: { width: 1280, height: 800 } });

const shot = screenshots(page, { dir: OUT_DIR, prefix: 'a11y-', quiet: true });

const failures = [];
// axe runs on the whole page; the toasts region and third-party portals are part of it.
async function audit(where) {
  const res = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    failures.push(`${where}: ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  }
  const minor = res.violations.length - bad.length;
  console.log(`- ${where}: ${bad.length} serious or critical, ${minor} minor or moderate, ${res.passes.length} rules passed`);
}

// Tab from the top of the page: some control takes focus, and it is drawn with a visible
// indicator (an outline or a box shadow that is not "none").
async function keyboard(where) {
  await page.locator('body').focus();
  let seen = 0;
  for (let i = 0; i < 6; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      const shadow = s.boxShadow && s.boxShadow !== 'none';
      return { tag: el.tagName, label: el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40), visible: outline || shadow };
    });
    if (!f) continue;
    seen++;
    if (!f.visible) failures.push(`${where}: focus on <${f.tag.toLowerCase()}> "${f.label}" has no visible indicator`);
  }
  if (seen === 0) failures.push(`${where}: Tab reaches no control`);
}

try {
  await page.goto(BASE_URL);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  // Fill the screens: one QuickSync of everything in the demo.
  await page.getByRole('button', { name: 'Quick Sync All' }).click();
  await eventually('the demo sync', async () => (await page.getByText(/Succeeded|Partial/).count()) > 0, 90000);

  const nav = page.getByRole('navigation', { name: 'Main' });
  // Every button of the sidebar, by position (a badge's count is part of a button's text).
  // The count is read again each round: badges and per-vendor links appear as data loads.
  assert.ok((await nav.getByRole('button').count()) >= 8, 'the sidebar lists the screens');
  const audited = [];
  for (let i = 0; i < (await nav.getByRole('button').count()); i++) {
    const item = nav.getByRole('button').nth(i);
    const title = ((await item.textContent()) ?? `screen ${i + 1}`).trim().replace(/\d+$/, '').trim();
    await item.click();
    await page.getByRole('main').getByRole('heading', { level: 1 }).first().waitFor();
    await sleep(500); // lazy data settles
    await shot(title.toLowerCase().replace(/[^a-z]+/g, '-'));
    await audit(title);
    await keyboard(title);
    audited.push(title);
  }
  for (const must of ['Sync Status', 'Mapping', 'Reconcile', 'Settings', 'About', 'Inbox']) {
    assert.ok(audited.some((t) => t.startsWith(must)), `${must} was audited (audited: ${audited.join(', ')})`);
  }

  // Dialogs: adding an integration, and a run's log.
  await nav.getByRole('button', { name: 'Integrations', exact: true }).click();
  await page.getByRole('button', { name: /Add integration/ }).first().click();
  await page.getByRole('dialog').waitFor();
  await shot('add-integration-dialog');
  await audit('Add integration dialog');
  await page.keyboard.press('Escape');
  await page.getByRole('dialog').waitFor({ state: 'detached' });
} finally {
  await close();
}

if (failures.length) {
  console.error(`FAIL: ${failures.length} accessibility problems:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('ok: no serious or critical axe violation, keyboard focus visible on every screen');
