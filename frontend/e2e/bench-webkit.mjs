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
// Without a display it runs every launch on a fresh Xvfb of its own (1280x800, its screen
// written to a file: Xvfb -fbdir), the warm-up launch of LAUNCH=second on another one, and it
// also times when the rows are on the screen: the answer leaving Go is not the pixels (in
// WebKitGTK the first full layout and composite came 0.5-1.5 s after it), and a later launch
// shows the kept screen's picture before the page is even asked for (internal/windowpicture).
// It polls a band of the screen where the Sync Status rows are drawn and the start-up line
// is not.
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

// LAUNCH=second: time a launch after the first on its data folder (the window then paints
// the startup view the first one kept, and its picture); first (the default): a first launch.
const LAUNCH = process.env.LAUNCH ?? 'first';
// Its own Xvfb per launch when there is no display to show the window on.
const OWN_X = !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
// The band of the 1280x800 screen with the text of two Sync Status rows and nothing of the
// start-up line (centred in the window, above it) or of the window's edges.
const BAND = { top: 450, bottom: 600, left: 300, right: 1200 };
// Dark pixels (of every 4th) in the band that only text makes: a blank page has none.
const TEXT = 40;

/** Starts Xvfb on a free display, writing its screen to a file in a new folder. */
async function startX() {
  let n = 90;
  while (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) n++;
  const dir = mkdtempSync(join(tmpdir(), 'trueup-bench-x-'));
  const x = spawn('Xvfb', [`:${n}`, '-screen', '0', '1280x800x24', '-fbdir', dir, '-nolisten', 'tcp'], { stdio: 'ignore' });
  const fb = join(dir, 'Xvfb_screen0');
  const until = performance.now() + 10_000;
  while (!existsSync(`/tmp/.X11-unix/X${n}`) || !existsSync(fb)) {
    if (performance.now() > until || x.exitCode !== null) throw new Error(`Xvfb :${n} did not start`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    display: `:${n}`,
    fb,
    async stop() {
      x.kill('SIGTERM');
      await new Promise((r) => (x.exitCode !== null ? r() : x.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Counts dark pixels (text) in the band, every 4th pixel. */
function bandReader(path) {
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
      for (let row = 0; row < BAND.bottom - BAND.top; row++) {
        for (let x = BAND.left; x < BAND.right; x += 4) {
          const i = row * bpl + x * 4;
          const sum = buf[i] + buf[i + 1] + buf[i + 2];
          all++;
          if (sum < 240) dark++;
          else if (sum > 600) light++;
        }
      }
      // A window mapping flashes black and half-drawn: those frames are not the page, whose
      // band is light but for its text (a few per cent of it).
      return { dark, page: light > all * 0.9 && dark < all * 0.05 };
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
  // On a screen of its own: the measured launch starts on a black one, not on these pixels.
  const x = OWN_X ? await startX() : null;
  const app = spawn(BIN, ['--data-dir', data], {
    env: { ...process.env, ...(x ? { DISPLAY: x.display } : {}), assetdir: DIST, devserver: `127.0.0.1:${port}` },
    stdio: 'ignore',
  });
  // The picture of the window comes right after the view (Linux builds take one; a build
  // from before them, timed for comparison, never does: it gets 3 s).
  const view = () => existsSync(join(data, 'startup-view.html'));
  let pictureBy = Infinity;
  const kept = () => {
    if (!view()) return false;
    pictureBy = Math.min(pictureBy, performance.now() + 3000);
    return existsSync(join(data, 'startup-view-picture.json')) || performance.now() > pictureBy;
  };
  try {
    const until = performance.now() + 30_000;
    while (!kept()) {
      if (performance.now() > until) throw new Error('the first launch kept no startup view within 30 s');
      if (app.exitCode !== null) throw new Error(`the first launch exited (code ${app.exitCode})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
    await x?.stop();
  }
}

async function once() {
  const data = mkdtempSync(join(tmpdir(), 'trueup-bench-webkit-'));
  const port = await freePort();
  if (LAUNCH === 'second') await warmUp(data, port);
  const x = OWN_X ? await startX() : null;
  const band = x ? bandReader(x.fb) : null;
  const t0 = performance.now();
  const marks = {};
  const app = spawn(BIN, ['--data-dir', data], {
    // devserver only so that it does not take the default port; nothing else loads the page.
    env: { ...process.env, ...(x ? { DISPLAY: x.display } : {}), assetdir: DIST, devserver: `127.0.0.1:${port}`, loglevel: 'Trace' },
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
        // A fresh screen: the rows are the first frame of the light page with their text in
        // the band (a first launch draws them once the answer is in; a later one may show
        // the kept screen's picture before the page is asked for).
        // A frame counts once it has stayed 40 ms (a half-drawn one of a mapping does not).
        let since;
        const poll = setInterval(() => {
          const { dark, page } = band.read();
          const now = performance.now() - t0;
          if (!page || dark <= TEXT) {
            since = undefined;
            return;
          }
          since ??= now;
          if (now - since >= 40) {
            marks.painted = since;
            clearInterval(poll);
            if (marks.answered !== undefined) resolve(marks);
          }
        }, 5);
        app.once('exit', () => clearInterval(poll));
      }
      app.stdout.on('data', onData);
      app.stderr.on('data', onData);
      app.once('exit', (code) => reject(new Error(`the app exited early (code ${code})`)));
      setTimeout(() => reject(new Error(marks.answered === undefined ? 'no Status answer within 30 s' : 'the rows were not on the screen within 30 s')), 30_000);
    });
  } finally {
    app.kill('SIGTERM');
    await new Promise((r) => (app.exitCode !== null ? r() : app.once('exit', r)));
    band?.close();
    await x?.stop();
    rmSync(data, { recursive: true, force: true });
  }
}

const loadavg = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const runs = [];
for (let i = 0; i < RUNS; i++) {
  const m = await once();
  runs.push(m);
  const painted = m.painted === undefined ? '' : `, rows on the screen at ${m.painted.toFixed(0)} ms`;
  console.log(`webkit run ${i + 1}: launch to Sync Status data ${m.answered.toFixed(0)} ms (page asked for at ${m.page.toFixed(0)} ms, its last first-screen script at ${m.scripts.toFixed(0)} ms: ${(m.answered - m.page).toFixed(0)} ms in the page)${painted} · load ${loadavg()}`);
}
const median = (f) => {
  const v = runs.map(f).sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)].toFixed(0);
};
console.log(`webkit median (${LAUNCH} launch): launch to Sync Status data ${median((m) => m.answered)} ms; process + GTK + WebKit until the page is asked for ${median((m) => m.page)} ms; the page, from request to data ${median((m) => m.answered - m.page)} ms`);
if (OWN_X) console.log(`webkit median (${LAUNCH} launch): launch to the Sync Status rows on the screen ${median((m) => m.painted)} ms (from the data to the pixels ${median((m) => m.painted - m.answered)} ms)`);
