// First-paint benchmark in the real WebKitGTK window: starts the dev-tagged build with an
// empty data folder (a first launch: the demo workspace) and no browser, so its own window
// is the only page, with Wails' trace log on; it times spawn -> the log line of the first
// answered SyncService.Status call (the Sync Status rows' data has reached the page; the
// rows paint right after). Median of RUNS (default 5). Run through scripts/bench-ui.sh.
//
// It also splits that time at two marks of the asset server's log: when WebKit asked for
// the page ('/'), which is what the process, GTK and WebKit cost before TrueUp's page can
// do anything, and when it asked for the last of the first screen's scripts (the page's
// code arriving); the rest is the page's own work until the first data is in.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.BIN ?? 'build/bin/trueup-dev';
const RUNS = Number(process.env.RUNS ?? 5);
const DIST = process.env.DIST ?? 'frontend/dist';
const ANSWERED = /"callbackid":"app\.SyncService\.Status/;
const PAGE = /\[AssetHandler\] Handling request '\/' /;
const SCRIPT = /\[AssetHandler\] Handling request '\/assets\/[^']+\.js'/;

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
  const marks = {};
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
        const now = performance.now() - t0;
        for (const l of lines) {
          if (PAGE.test(l) && marks.page === undefined) marks.page = now;
          if (SCRIPT.test(l) && marks.answered === undefined) marks.scripts = now;
          if (ANSWERED.test(l)) {
            marks.answered = now;
            resolve(marks);
          }
        }
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

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const m = await once();
  runs.push(m);
  console.log(`webkit run ${i + 1}: launch to Sync Status data ${m.answered.toFixed(0)} ms (page asked for at ${m.page.toFixed(0)} ms, its last first-screen script at ${m.scripts.toFixed(0)} ms: ${(m.answered - m.page).toFixed(0)} ms in the page) · load ${loadavg()}`);
}
const median = (f) => {
  const v = runs.map(f).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)].toFixed(0);
};
console.log(`webkit median: launch to Sync Status data ${median((m) => m.answered)} ms; process + GTK + WebKit until the page is asked for ${median((m) => m.page)} ms; the page, from request to data ${median((m) => m.answered - m.page)} ms`);
