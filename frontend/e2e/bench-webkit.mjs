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
//
// With FB, the path of an Xvfb framebuffer file (Xvfb -fbdir; scripts/bench-ui.sh starts one
// when there is no display), it also times when the rows are on the screen: the answer
// leaving Go is not the pixels, and in WebKitGTK the first full layout and the first
// composite came 0.5-1.5 s after it. It polls a band of the screen below the start-up line
// where the Sync Status rows are drawn.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, readSync, rmSync } from 'node:fs';
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
    dark() {
      readSync(fd, buf, 0, buf.length, offset);
      let n = 0;
      for (let i = 0; i < buf.length; i += 16) if (buf[i] + buf[i + 1] + buf[i + 2] < 240) n++;
      return n;
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

async function once(band) {
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
          if (ANSWERED.test(l) && marks.answered === undefined) {
            marks.answered = now;
            if (!band) resolve(marks);
          }
        }
      };
      if (band) {
        // The previous window's pixels stay until this one covers them (and it flashes clear
        // and black while it maps): from the page's request on, the band's emptiest frame is
        // this window blank, and the rows are the first frame after the answer with more
        // text than that.
        let least = Infinity;
        const poll = setInterval(() => {
          const n = band.dark();
          if (marks.page !== undefined) least = Math.min(least, n);
          if (marks.answered !== undefined && n > least + 100) {
            marks.painted = performance.now() - t0;
            clearInterval(poll);
            resolve(marks);
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
console.log(`webkit median: launch to Sync Status data ${median((m) => m.answered)} ms; process + GTK + WebKit until the page is asked for ${median((m) => m.page)} ms; the page, from request to data ${median((m) => m.answered - m.page)} ms`);
if (band) console.log(`webkit median: launch to the Sync Status rows on the screen ${median((m) => m.painted)} ms (from the data to the pixels ${median((m) => m.painted - m.answered)} ms)`);
