// First-paint benchmark in the real WebKitGTK window: starts the dev-tagged build with an
// empty data folder (a first launch: the demo workspace) and no browser, so its own window
// is the only page, with Wails' trace log on; it times spawn -> the log line of the first
// answered SyncService.Status call (the Sync Status rows' data has reached the page; the
// rows paint right after). Median of RUNS (default 5). Run through scripts/bench-ui.sh.
// LAUNCH=second times the launch after a first one on the same data folder, which paints the
// Sync Status screen the first launch kept (internal/startupview) before the page's code runs.
//
// It also splits that time at two marks of the asset server's log: when WebKit asked for
// the page ('/'), which is what the process, GTK and WebKit cost before TrueUp's page can
// do anything, and when it asked for the last of the first screen's scripts (the page's
// code arriving); the rest is the page's own work until the first data is in.
//
// With FB, the path of an Xvfb framebuffer file (Xvfb -fbdir; scripts/bench-ui.sh starts one
// when there is no display), it also times when the rows are on the screen: the answer
// leaving Go is not the pixels, and in WebKitGTK the first full layout and the first
// composite came 0.5-1.5 s after it. It polls a band of the screen below the start-up line
// where the Sync Status rows are drawn.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BIN = process.env.BIN ?? 'build/bin/trueup-dev';
const RUNS = Number(process.env.RUNS ?? 5);
const DIST = process.env.DIST ?? 'frontend/dist';
const ANSWERED = /"callbackid":"app\.SyncService\.Status/;
const PAGE = /\[AssetHandler\] Handling request '\/' /;
const SCRIPT = /\[AssetHandler\] Handling request '\/assets\/[^']+\.js'/;

const FB = process.env.FB ?? '';
// LAUNCH=second: time a launch after the first on its data folder (the window then paints
// the startup view the first one kept); first (the default): a first launch.
const LAUNCH = process.env.LAUNCH ?? 'first';
// The band of the 1280x800 screen (bench-ui.sh's Xvfb) with the rows' text and nothing of the
// start-up line, which is centred in the window above it.
const BAND = { top: 400, bottom: 600 };

/** Counts dark pixels (text) in the band, every 4th pixel; null without a framebuffer. */
function bandReader(path) {
  if (!path) return null;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(100);
  readSync(fd, head, 0, 100, 0);
  const u32 = (i) => head.readUInt32BE(i * 4);
  const [size, bpl, colours] = [u32(0), u32(12), u32(19)];
  const buf = Buffer.alloc((BAND.bottom - BAND.top) * bpl);
  const offset = size + colours * 12 + BAND.top * bpl;
  return {
    /** Dark pixels (text), and whether the band shows the window's light page at all. */
    read() {
      readSync(fd, buf, 0, buf.length, offset);
      let dark = 0;
      let light = 0;
      let all = 0;
      for (let i = 0; i < buf.length; i += 16) {
        const sum = buf[i] + buf[i + 1] + buf[i + 2];
        all++;
        if (sum < 240) dark++;
        else if (sum > 600) light++;
      }
      // A window mapping flashes black and half-drawn: those frames are not the page.
      return { dark, page: light > all * 0.6 };
    },
    close: () => closeSync(fd),
  };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * A launch before the measured one on the same data folder, until the window has kept its
 * startup view (internal/startupview): what every launch after the first paints first.
 */
async function warmUp(data, port) {
  const app = spawn(BIN, ['--data-dir', data], {
    env: { ...process.env, assetdir: DIST, devserver: `127.0.0.1:${port}` },
    stdio: 'ignore',
  });
  try {
    const until = performance.now() + 30_000;
    while (!existsSync(join(data, 'startup-view.html'))) {
      if (performance.now() > until) throw new Error('the first launch kept no startup view within 30 s');
      if (app.exitCode !== null) throw new Error(`the first launch exited (code ${app.exitCode})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
  }
}

async function once(band) {
  const data = mkdtempSync(join(tmpdir(), 'trueup-bench-webkit-'));
  const port = await freePort();
  if (LAUNCH === 'second') await warmUp(data, port);
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
          if (ANSWERED.test(l) && marks.answered === undefined) {
            marks.answered = now;
            if (!band || marks.painted !== undefined) resolve(marks);
          }
        }
      };
      if (band) {
        // The previous window's pixels stay until this one covers them (and it flashes clear
        // and black while it maps): from the page's request on, the band's emptiest frame of
        // the light page is this window blank, and the rows are the first frame of the page
        // after the answer (after the request, LAUNCH=second) with more text than that.
        let least = Infinity;
        const poll = setInterval(() => {
          const { dark, page } = band.read();
          if (!page) return;
          if (marks.page !== undefined) least = Math.min(least, dark);
          // A later launch paints the kept view before the answer: look from the page's request on.
          const from = LAUNCH === 'second' ? marks.page : marks.answered;
          if (from !== undefined && dark > least + 100) {
            marks.painted = performance.now() - t0;
            clearInterval(poll);
            if (marks.answered !== undefined) resolve(marks);
          }
        }, 5);
        app.once('exit', () => clearInterval(poll));
      }
      app.stdout.on('data', onData);
      app.stderr.on('data', onData);
      app.once('exit', (code) => reject(new Error(`the app exited early (code ${code})`)));
      setTimeout(() => reject(new Error(marks.answered === undefined ? 'no Status answer within 30 s' : 'the rows were not on the screen within 30 s (FB: is the screen 1280x800?)')), 30_000);
    });
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
    rmSync(data, { recursive: true, force: true });
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const runs = [];
const band = bandReader(FB);
for (let i = 0; i < RUNS; i++) {
  const m = await once(band);
  runs.push(m);
  const painted = m.painted === undefined ? '' : `, rows on the screen at ${m.painted.toFixed(0)} ms`;
  console.log(`webkit run ${i + 1}: launch to Sync Status data ${m.answered.toFixed(0)} ms (page asked for at ${m.page.toFixed(0)} ms, its last first-screen script at ${m.scripts.toFixed(0)} ms: ${(m.answered - m.page).toFixed(0)} ms in the page)${painted} · load ${loadavg()}`);
}
band?.close();
const median = (f) => {
  const v = runs.map(f).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)].toFixed(0);
};
console.log(`webkit median (${LAUNCH} launch): launch to Sync Status data ${median((m) => m.answered)} ms; process + GTK + WebKit until the page is asked for ${median((m) => m.page)} ms; the page, from request to data ${median((m) => m.answered - m.page)} ms`);
if (band) console.log(`webkit median (${LAUNCH} launch): launch to the Sync Status rows on the screen ${median((m) => m.painted)} ms (from the data to the pixels ${median((m) => m.painted - m.answered)} ms)`);
