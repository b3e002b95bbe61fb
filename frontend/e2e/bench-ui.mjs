// First-paint benchmark of the real app: starts the dev-tagged build with an empty data
// folder (so it opens the demo workspace, as on a first launch), loads its page in Debian's
// Chromium through playwright-core, and reports, per run and as the median:
//   launch      spawn of the app -> its page answers (Go start, workspace, simulators)
//   scripts     navigation -> DOMContentLoaded (the bundle is loaded and has run)
//   fcp         navigation -> first contentful paint (the build's first screen, which the
//               page comes with on a first launch, internal/startupview)
//   content     navigation -> React's live Sync Status rows are on screen (real data; the
//               first screen's rows, inside #root > .startup-view, do not count)
//   total       spawn -> real content
// plus the size of the built bundle. Run through scripts/bench-ui.sh (make bench-ui).
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';

const BIN = process.env.BIN ?? 'build/bin/trueup-dev';
const RUNS = Number(process.env.RUNS ?? 5);
const DIST = process.env.DIST ?? 'frontend/dist';

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitUp(url, app, deadline) {
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app exited early (code ${app.exitCode})`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    if (performance.now() > deadline) throw new Error('the app did not answer within 30 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function once(browser) {
  const data = mkdtempSync(join(tmpdir(), 'trueup-bench-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const t0 = performance.now();
  const app = spawn(BIN, ['--data-dir', data], {
    env: { ...process.env, assetdir: DIST, devserver: `127.0.0.1:${port}`, loglevel: 'Warning' },
    stdio: 'ignore',
  });
  try {
    await waitUp(url, app, t0 + 30_000);
    const up = performance.now();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const nav = performance.now();
    await page.goto(url, { waitUntil: 'commit' });
    await page.locator('#root > .shell [data-testid="integration-row"]').first().waitFor({ timeout: 30_000 });
    const shown = performance.now();
    const { fcp, dcl } = await page.evaluate(() => ({
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
      dcl: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? NaN,
    }));
    await page.close();
    return { launch: up - t0, dcl, fcp, content: shown - nav, total: shown - t0 };
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
    rmSync(data, { recursive: true, force: true });
  }
}

function bundle() {
  const dir = join(DIST, 'assets');
  return readdirSync(dir).map((f) => {
    const body = readFileSync(join(dir, f));
    return { file: f, kB: +(statSync(join(dir, f)).size / 1024).toFixed(1), gzipKB: +(gzipSync(body).length / 1024).toFixed(1) };
  });
}

const profile = mkdtempSync(join(tmpdir(), 'trueup-bench-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const browser = { newPage: (o) => context.newPage().then(async (p) => { await p.setViewportSize(o.viewport); return p; }) };
try {
  console.log('bundle:', JSON.stringify(bundle()));
  const results = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await once(browser);
    results.push(r);
    console.log(`run ${i + 1}: launch ${r.launch.toFixed(0)} ms · scripts parsed ${r.dcl.toFixed(0)} ms · fcp ${r.fcp.toFixed(0)} ms · content ${r.content.toFixed(0)} ms · total ${r.total.toFixed(0)} ms`);
  }
  const median = (k) => {
    const v = results.map((r) => r[k]).sort((a, b) => a - b);
    return v[Math.floor(v.length / 2)];
  };
  console.log(`median: launch ${median('launch').toFixed(0)} ms · fcp ${median('fcp').toFixed(0)} ms · content ${median('content').toFixed(0)} ms · total ${median('total').toFixed(0)} ms`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
