// First-paint benchmark in the real WebKitGTK window: starts the dev-tagged build with an
// empty data folder (a first launch: the demo workspace) and no browser, so its own window
// is the only page, with Wails' trace log on; it times spawn -> the log line of the first
// answered SyncService.Status call (the Sync Status rows' data has reached the page; the
// rows paint right after). Median of RUNS (default 5). Run through scripts/bench-ui.sh.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.BIN ?? 'build/bin/trueup-dev';
const RUNS = Number(process.env.RUNS ?? 5);
const DIST = process.env.DIST ?? 'frontend/dist';
const ANSWERED = /"callbackid":"app\.SyncService\.Status/;

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function once() {
  const data = mkdtempSync(join(tmpdir(), 'trueup-bench-webkit-'));
  const port = await freePort();
  const t0 = performance.now();
  const app = spawn(BIN, ['--data-dir', data], {
    // devserver only so that it does not take the default port; nothing else loads the page.
    env: { ...process.env, assetdir: DIST, devserver: `127.0.0.1:${port}`, loglevel: 'Trace' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    return await new Promise((resolve, reject) => {
      let buf = '';
      const onData = (chunk) => {
        buf += chunk;
        const lines = buf.split('\n');
        buf = lines.pop();
        if (lines.some((l) => ANSWERED.test(l))) resolve(performance.now() - t0);
      };
      app.stdout.on('data', onData);
      app.stderr.on('data', onData);
      app.once('exit', (code) => reject(new Error(`the app exited early (code ${code})`)));
      setTimeout(() => reject(new Error('no Status answer within 30 s')), 30_000);
    });
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
    rmSync(data, { recursive: true, force: true });
  }
}

const results = [];
for (let i = 0; i < RUNS; i++) {
  const ms = await once();
  results.push(ms);
  console.log(`webkit run ${i + 1}: launch to Sync Status data ${ms.toFixed(0)} ms`);
}
results.sort((a, b) => a - b);
console.log(`webkit median: launch to Sync Status data ${results[Math.floor(results.length / 2)].toFixed(0)} ms`);
