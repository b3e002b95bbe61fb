// Benchmark of the Reconcile screen with many cards (CARDS, default 10,000) in Debian's
// Chromium through playwright-core. It serves the built frontend (frontend/dist) from a
// static server on 127.0.0.1 and stands in for the Go side with a window.go stub whose
// ReconcileService.Cards answers with generated cards, parsed from JSON on every call as
// the real bindings' answers are: it measures the screen alone, not Go.
//
// Per run (a fresh page each), from the click that opens the screen:
//   grid     click on Reconcile in the sidebar -> the first service cards are painted
//            (split into: the Cards answer parsed, and the first frame after the DOM)
//   list     click on the List view -> the first table rows are painted
// and once, for each view, the frame times while scrolling it (requestAnimationFrame
// deltas: median, p95, share over 16.7 ms and over 25 ms, worst; the time the scroll
// handlers took to render the rows that came into view, and the layout of each frame, both
// timed in the page) for two scripted scrolls:
//   fling    the whole list from top to bottom in SCROLL_FRAMES frames (default 600, ten
//            seconds at 60 fps: each frame shows only rows that were not in view before)
//   wheel    WHEEL_PX per frame (default 100) for WHEEL_FRAMES frames (default 300)
// plus the CPU time Chromium's processes used per frame (what a frame costs, whatever the
// load) and the long animation frames (over 50 ms) Chromium reports and where their time
// went (script, style and layout). Targets: first render under 500 ms, 60 fps.
// Run through scripts/bench-cards.sh (make bench-cards).
import { chromium } from 'playwright-core';
import { createReadStream, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';

const DIST = resolve(process.env.DIST ?? 'frontend/dist');
const RUNS = Number(process.env.RUNS ?? 5);
const CARDS = Number(process.env.CARDS ?? 10_000);
const SCROLL_FRAMES = Number(process.env.SCROLL_FRAMES ?? 600);
const WHEEL_PX = Number(process.env.WHEEL_PX ?? 100);
const WHEEL_FRAMES = Number(process.env.WHEEL_FRAMES ?? 300);
const VIEWPORT = { width: 1440, height: 900 };
// PROFILE=list or grid: a CPU profile of that view's wheel scroll (PROFILE_SCROLL=fling: of
// its fling), its top functions by self time printed (build with `vite build --minify
// false` for readable names).
const PROFILE = process.env.PROFILE ?? '';
const PROFILE_SCROLL = process.env.PROFILE_SCROLL ?? 'wheel';
// TRACE=list or grid: a Chromium trace of that view's scroll (the kind PROFILE_SCROLL
// names), its events' self time per thread printed: where a frame's time goes beyond the
// main thread (raster, compositing).
const TRACE = process.env.TRACE ?? '';
// SHOTS=dir: a screenshot of each view before, mid-fling (light rows) and at rest after it,
// and halfway through its wheel scroll, to look at what was measured.
const SHOTS = process.env.SHOTS ?? '';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.png': 'image/png' };

/** Serves DIST (index.html for /), nothing outside it. */
function serve() {
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const file = normalize(join(DIST, path === '/' ? 'index.html' : decodeURIComponent(path)));
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/**
 * Runs in the page before its scripts: window.go answers what the shell and the Reconcile
 * screen ask for (shapes of internal/workspace's DTOs, as in src/test/fixtures.ts), and
 * Cards with n generated cards. Calls it has no answer for resolve to null and are listed
 * in window.__stubUnknown.
 */
function installStub(n) {
  const now = new Date().toISOString();
  const cycle = now.slice(0, 7);
  const psa = { id: 1, name: 'ConnectWise Manage', kind: 'connectwise', kind_label: 'ConnectWise Manage', role: 'psa', base_url: 'http://127.0.0.1:1/v4_6_release/apis/3.0', settings: { company: 'demo' }, concurrency: 4, secrets_set: true, created_at: now, updated_at: now };
  const vendor = { ...psa, id: 2, name: 'Pax8', kind: 'pax8', kind_label: 'Pax8', role: 'vendor', base_url: 'http://127.0.0.1:2/v1', settings: {} };
  const run = (i) => ({ id: i.id, integration_id: i.id, integration_name: i.name, kind: i.kind, role: i.role, mode: 'full', since: '', status: 'succeeded', queued_at: now, started_at: now, finished_at: now, section: '', progress_done: 0, progress_total: 0, percent: 100, added: n, updated: 0, removed: 0, requests: 100, error: '', waiting: '', stuck: false, stuck_reason: '', nothing_new: false, sections: [] });
  const row = (i) => ({ integration: i, latest_run: run(i), last_fetched_at: now, last_success_at: now, newest_source_at: now, default_since: '', counts: { accounts: n / 20, agreements: n / 10, service_lines: i.role === 'psa' ? n : 0, subscriptions: i.role === 'vendor' ? n : 0 }, busy: false });

  // Seeded, so every run and both builds see the same cards.
  let seed = 7;
  const rnd = (k) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const words = ['Acme', 'Blue', 'Cedar', 'Delta', 'Eagle', 'Golden', 'Harbor', 'Iron', 'Maple', 'North', 'Summit', 'Valley'];
  const kinds = ['Dental', 'Logistics', 'Law', 'Medical', 'Accounting', 'Realty', 'Brewing', 'Veterinary', 'Architects', 'Telecom'];
  const products = ['Microsoft 365 Business Premium', 'Microsoft 365 Business Standard', 'Microsoft 365 E3', 'Exchange Online (Plan 1)', 'Defender for Business', 'Teams Phone Standard', 'Entra ID P1', 'Intune Plan 1', 'Acronis Cyber Protect', 'Dropbox Business', 'Google Workspace', 'SentinelOne Core', 'Power BI Pro', 'Visio Plan 2', 'Project Plan 3', 'Copilot for Microsoft 365', 'Windows 365 Business', 'Azure AD P2', 'Keeper Business', 'Proofpoint Essentials'];
  const flagSets = [[], [], [], ['note'], ['large_change'], ['several_lines'], ['cost_drift'], ['less_included', 'note']];
  const cards = [];
  for (let i = 0; i < n; i++) {
    const acct = Math.floor(i / products.length);
    const account = `${words[acct % words.length]} ${kinds[Math.floor(acct / words.length) % kinds.length]} Group ${acct + 1}`;
    const product = products[i % products.length];
    const pick = rnd(10);
    const state = pick < 5 ? 'reconcile' : pick < 8 ? 'no_change' : pick < 9 ? 'new_revenue' : 'no_vendor_data';
    const psaQty = state === 'new_revenue' ? 0 : 1 + rnd(60);
    const vendorQty = state === 'no_change' ? psaQty : state === 'no_vendor_data' ? 0 : Math.max(0, psaQty + rnd(11) - 5 || 1);
    const price = 5 + rnd(40);
    const cost = (price * 0.8).toFixed(2);
    const flags = flagSets[rnd(flagSets.length)];
    cards.push({
      id: (0x1000000 + i).toString(16).padStart(16, '0'),
      state,
      psa_integration_id: 1,
      account_name: account,
      psa_account_id: String(1000 + acct),
      product_name: product,
      psa_product_id: String(100 + (i % products.length)),
      psa_quantity: String(psaQty),
      vendor_quantity: String(vendorQty),
      difference: String(vendorQty - psaQty),
      unit_price: String(price),
      monthly_impact: String((vendorQty - psaQty) * price),
      vendor_unit_cost: cost,
      margin: (price - cost).toFixed(2),
      flags,
      note: flags.includes('note') ? 'Multi-site: check by hand' : '',
      decision: 'open',
      vendors: state === 'no_vendor_data' ? [] : ['Pax8'],
      psa_lines: state === 'new_revenue' ? [] : [{ line_id: String(90000 + i), agreement_id: String(7000 + acct), agreement_name: 'Managed Services', quantity: String(psaQty), less_included: '0', bill_customer: 'Billable', unit_price: String(price), target: true, fetched_at: now }],
      vendor_sources: state === 'no_vendor_data' ? [] : [{ integration_id: 2, integration: 'Pax8', subscription_id: `sub-${i}`, account_id: `p-${acct}`, account_name: account, product_id: `prod-${i % products.length}`, product_name: product, quantity: String(vendorQty), term: 'Monthly', unit_cost: cost, fetched_at: now }],
    });
  }
  const byState = {};
  let added = 0;
  let removed = 0;
  for (const c of cards) {
    byState[c.state] = (byState[c.state] ?? 0) + 1;
    const m = Number(c.monthly_impact);
    if (m > 0) added += m;
    else removed += m;
  }
  const freshness = [psa, vendor].map((i) => ({ integration_id: i.id, integration: i.name, role: i.role, last_fetched_at: now, stale: false }));
  const cardsJSON = JSON.stringify({ cycle, cards, totals: { cards: n, by_state: byState, revenue_added: String(added), revenue_removed: String(removed) }, freshness, sync_running: false });
  window.__cardsJSONBytes = cardsJSON.length;

  const answers = {
    WorkspaceService: {
      Info: () => ({ demo: false, data_dir: '/tmp/trueup-bench', has_own_integrations: true, version: 'bench', secrets_store: 'keychain', secrets_note: '' }),
      KeychainState: () => ({ seq: 0, waiting: false, message: '' }),
    },
    SyncService: { Status: () => ({ seq: 0, generated_at: now, integrations: [row(psa), row(vendor)], recent: [run(psa), run(vendor)] }) },
    IntegrationService: { List: () => [psa, vendor], Kinds: () => [] },
    ReconcileService: {
      // Parsed on every call, as the bindings parse each answer: part of what the screen waits for.
      Cards: () => {
        const list = JSON.parse(cardsJSON);
        window.__cardsAnsweredAt = performance.now();
        return list;
      },
      Settings: () => ({ large_change_units: 10, large_change_percent: 20, large_new_revenue_units: 10, billing: {}, bulk_warning_seen: false }),
    },
    MappingService: { List: () => ({ rows: [], unmapped: [] }) },
    MonthService: { Progress: () => ({ cycle, step: 'reconcile', started_at: now, done_at: '', unmapped: [], freshness, open_cards: n, pushed: 0, summary: '' }) },
    PushService: { Outbox: () => [] },
    // Answered as the real bindings do when all is well: a null here fails the hooks' queries,
    // and their retries kept the page "fetching" for seconds, so the other pages' code (loaded
    // once the first queries settle) was not there yet when the benchmark clicked.
    InboxService: { UnreadCount: () => 0 },
    BackupService: { Recovery: () => ({ damaged: false, reason: '', moved_to: '', latest: null, message: '', kept_integrations: null, kept_from: '' }) },
  };
  window.__stubUnknown = [];
  const service = (name) =>
    new Proxy({}, {
      get: (_, method) => (...args) => {
        const f = answers[name]?.[method];
        if (!f) window.__stubUnknown.push(`${name}.${String(method)}`);
        // Asynchronous like the real bindings: the answer comes in a later task.
        return new Promise((ok) => setTimeout(() => ok(f ? f(...args) : null), 0));
      },
    });
  window.go = { app: new Proxy({}, { get: (_, name) => service(String(name)) }) };
}

/**
 * In the page: clicks el, then waits frame by frame until selector matches, and resolves
 * with the times (ms after the click) of the Cards answer, of the frame that found the DOM
 * and of the frame after it (the first painted with it), and the long animation frames
 * seen meanwhile.
 */
function timeClick({ button, text, selector }) {
  return new Promise((ok, fail) => {
    const target = [...document.querySelectorAll(button)].find((b) => text === undefined || b.textContent.trim() === text);
    if (!target) return fail(new Error(`no ${button} ${text ?? ''} to click`));
    // A long animation frame as plain data: its span, when style and layout began, and
    // the time its scripts took.
    const plain = (e) => ({ startTime: e.startTime, duration: e.duration, styleAndLayoutStart: e.styleAndLayoutStart, script: (e.scripts ?? []).reduce((t, x) => t + x.duration, 0) });
    const loaf = [];
    const obs = new PerformanceObserver((l) => loaf.push(...l.getEntries()));
    try {
      obs.observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      // older Chromium: no breakdown
    }
    window.__cardsAnsweredAt = undefined;
    const t0 = performance.now();
    target.click();
    const deadline = t0 + 30_000;
    const poll = (ts) => {
      if (document.querySelector(selector)) {
        const found = performance.now();
        requestAnimationFrame(() =>
          setTimeout(() => {
            loaf.push(...obs.takeRecords()); // entries not yet delivered to the callback
            obs.disconnect();
            ok({
              answered: window.__cardsAnsweredAt ? window.__cardsAnsweredAt - t0 : NaN,
              dom: found - t0,
              painted: performance.now() - t0,
              loaf: loaf.filter((e) => e.startTime + e.duration >= t0).map(plain),
            });
          }, 0),
        );
      } else if (ts > deadline) {
        fail(new Error(`${selector} did not appear within 30 s`));
      } else {
        requestAnimationFrame(poll);
      }
    };
    requestAnimationFrame(poll);
  });
}

/** Long animation frames: how many, and their time in script and in style and layout. */
function summarize(entries) {
  let script = 0;
  let layout = 0;
  let total = 0;
  let worst = 0;
  for (const e of entries) {
    total += e.duration;
    worst = Math.max(worst, e.duration);
    if (e.styleAndLayoutStart) layout += e.startTime + e.duration - e.styleAndLayoutStart;
    script += e.script;
  }
  return { count: entries.length, total, script, layout, worst };
}

/**
 * In the page: scrolls the element matching selector frame by frame (step px a frame,
 * from the top, until frames frames passed or its end), recording each frame's delta.
 */
function scrollFrames({ selector, step, frames }) {
  return new Promise((ok, fail) => {
    const el = document.querySelector(selector);
    if (!el) return fail(new Error(`no ${selector} to scroll`));
    el.scrollTop = 0;
    // A long animation frame as plain data: its span, when style and layout began, and
    // the time its scripts took.
    const plain = (e) => ({ startTime: e.startTime, duration: e.duration, styleAndLayoutStart: e.styleAndLayoutStart, script: (e.scripts ?? []).reduce((t, x) => t + x.duration, 0) });
    const loaf = [];
    const obs = new PerformanceObserver((l) => loaf.push(...l.getEntries()));
    try {
      obs.observe({ type: 'long-animation-frame', buffered: false });
    } catch {
      // older Chromium: no breakdown
    }
    const deltas = [];
    // The main thread's two costs of a frame, timed in the page (steadier than frame times
    // on a shared machine): the scroll handlers (the virtualiser renders the rows that came
    // into view), and the layout of the result (forced here by reading scrollHeight).
    const split = { handlers: 0, scrolls: 0, layout: 0 };
    let scrollAt = 0;
    const onScrollFirst = () => {
      scrollAt = performance.now();
    };
    const onScrollLast = () => {
      if (!scrollAt) return;
      split.handlers += performance.now() - scrollAt;
      split.scrolls++;
    };
    // At the target, capturing listeners run before the others, the ones added last after.
    el.addEventListener('scroll', onScrollFirst, { capture: true });
    el.addEventListener('scroll', onScrollLast);
    let last = 0;
    // Settle at the top before measuring: 3 frames, and past the 150 ms after which the
    // virtualiser calls a scroll over (the jump to the top would otherwise make the list
    // skim, see useSkimming, through a wheel scroll that follows at once).
    let settle = 3;
    const settleUntil = performance.now() + 400;
    const tick = (ts) => {
      if (settle > 0 || ts < settleUntil) {
        settle--;
        last = ts;
        return requestAnimationFrame(tick);
      }
      deltas.push(ts - last);
      last = ts;
      const layoutAt = performance.now();
      const end = el.scrollHeight - el.clientHeight;
      split.layout += performance.now() - layoutAt;
      if (deltas.length >= frames || el.scrollTop >= end) {
        loaf.push(...obs.takeRecords()); // entries not yet delivered to the callback
        obs.disconnect();
        el.removeEventListener('scroll', onScrollFirst, { capture: true });
        el.removeEventListener('scroll', onScrollLast);
        const result = {
          deltas,
          scrolled: el.scrollTop,
          height: end,
          loaf: loaf.map(plain),
          handlers: split.scrolls ? split.handlers / split.scrolls : NaN,
          layout: split.layout / deltas.length,
        };
        // The rows of the last position render after its scroll event: on a loaded machine
        // a frame or more later. Read the bottom row once the view has settled (after the
        // frame times are taken, so the wait is not measured).
        let wait = 60;
        let previous = null;
        const settled = () => {
          const rendered = el.querySelectorAll('[data-id]');
          const lastId = rendered[rendered.length - 1]?.getAttribute('data-id') ?? '';
          if (wait-- <= 0 || lastId === previous) return ok({ ...result, lastId });
          previous = lastId;
          requestAnimationFrame(settled);
        };
        return requestAnimationFrame(settled);
      }
      el.scrollTop = Math.min(end, el.scrollTop + step);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function frameStats(deltas) {
  const v = [...deltas].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.floor(p * v.length))];
  return {
    frames: v.length,
    median: q(0.5),
    p95: q(0.95),
    over16: deltas.filter((d) => d > 16.7).length / v.length,
    over25: deltas.filter((d) => d > 25).length / v.length,
    worst: v[v.length - 1],
    fps: (1000 * v.length) / deltas.reduce((a, b) => a + b, 0),
  };
}

/** The functions with the most self time in a CDP CPU profile, and their callers' names. */
function printProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  const dt = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const f = n.callFrame;
    const caller = byId.get(parent.get(id))?.callFrame.functionName || '(anonymous)';
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1} <- ${caller}`;
    self.set(key, (self.get(key) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`CPU profile (${total.toFixed(0)} ms sampled), top self time:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);
}

/** Starts a Chromium trace of the page's processes through CDP. */
async function startTrace(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline,blink,cc,viz,gpu,toplevel',
    transferMode: 'ReturnAsStream',
  });
  return cdp;
}

/** Ends the trace and prints the events with the most self time, per thread. */
async function printTrace(cdp) {
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  const { stream } = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const events = JSON.parse(text).traceEvents ?? JSON.parse(text);
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  // Self time of complete events: an event's duration less its children's, per thread.
  const byThread = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur) continue;
    const key = `${e.pid}:${e.tid}`;
    if (!byThread.has(key)) byThread.set(key, []);
    byThread.get(key).push(e);
  }
  const self = new Map();
  for (const [key, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const stack = [];
    const thread = names.get(key) ?? key;
    const add = (e, t) => {
      const k = `${thread} · ${e.name}`;
      self.set(k, (self.get(k) ?? 0) + t / 1000);
    };
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].end <= e.ts) {
        const top = stack.pop();
        add(top.e, top.self);
      }
      if (stack.length) stack[stack.length - 1].self -= Math.min(e.dur, stack[stack.length - 1].end - e.ts);
      stack.push({ e, end: e.ts + e.dur, self: e.dur });
    }
    for (const top of stack) add(top.e, top.self);
  }
  const perThread = new Map();
  for (const [k, v] of self) {
    const t = k.split(' · ')[0];
    perThread.set(t, (perThread.get(t) ?? 0) + v);
  }
  console.log('trace, self time per thread:');
  for (const [t, v] of [...perThread].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${t}`);
  console.log('trace, top events by self time:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${v.toFixed(0).padStart(6)} ms  ${k}`);
}

/**
 * CPU time (ms, user + system) used so far by the Chromium processes of this profile (the
 * renderer, the GPU process that composites in software, the browser). Linux only (/proc);
 * NaN elsewhere. On a shared machine frame times grow with the load; the CPU a frame costs
 * grows far less. It is summed over processes and threads, so a frame can cost more than
 * 16.7 ms of it at 60 fps; the renderer's main thread is the one that must stay under.
 */
function chromiumCPU(profile) {
  if (!existsSync('/proc/self/stat')) return NaN;
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let total = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profile)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(f[11]) + Number(f[12])) * tick; // utime, stime (fields 14 and 15)
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};
const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(0)} ms` : 'n/a');
const pct = (x) => `${(100 * x).toFixed(1)} %`;
const loadavg = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');

async function main() {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST}/index.html is missing: run make frontend`);
  const server = await serve();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const profile = mkdtempSync(join(tmpdir(), 'trueup-bench-cards-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport: VIEWPORT,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    console.log(`Reconcile screen, ${CARDS.toLocaleString('en')} cards, Chromium ${context.browser()?.version() ?? ''} headless, viewport ${VIEWPORT.width}x${VIEWPORT.height}, load average ${loadavg()}`);
    const runs = [];
    let page;
    for (let i = 0; i < RUNS; i++) {
      page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.addInitScript(installStub, CARDS);
      await page.goto(url);
      await page.locator('[data-testid="integration-row"]').first().waitFor({ timeout: 30_000 });
      // The other pages' code loads after the first data: let it, so the click times the screen.
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const grid = await page.evaluate(timeClick, { button: 'nav[aria-label="Main"] button', text: 'Reconcile', selector: '[data-testid="service-card"]' });
      const totals = await page.locator('[data-testid="card-totals"]').innerText();
      if (!totals.startsWith(`${CARDS.toLocaleString('en')} cards`)) throw new Error(`the screen shows "${totals}", not ${CARDS} cards`);
      const list = await page.evaluate(timeClick, { button: '[aria-label="View"] [aria-label="List"]', selector: '[data-testid="card-row"]' });
      grid.loaf = summarize(grid.loaf);
      list.loaf = summarize(list.loaf);
      const unknown = await page.evaluate(() => [...new Set(window.__stubUnknown)]);
      if (errors.length) throw new Error(`the page failed: ${errors.join('; ')}`);
      runs.push({ grid, list, unknown });
      console.log(`run ${i + 1}: grid ${ms(grid.painted)} (Cards answered ${ms(grid.answered)}, DOM ${ms(grid.dom)}; long frames ${grid.loaf.count}: script ${ms(grid.loaf.script)}, style+layout ${ms(grid.loaf.layout)}) · list ${ms(list.painted)} (long frames: script ${ms(list.loaf.script)}, style+layout ${ms(list.loaf.layout)}) · load ${loadavg()}`);
      if (i < RUNS - 1) await page.close();
    }
    if (runs[0].unknown.length) console.log(`calls the stub answered with null: ${runs[0].unknown.join(', ')}`);
    console.log(`cards JSON: ${((await page.evaluate(() => window.__cardsJSONBytes)) / 1e6).toFixed(1)} MB`);

    const scrolls = [];
    for (const view of [
      { name: 'list', segment: 'List', selector: '[data-testid="data-table"]' },
      { name: 'grid', segment: 'Cards', selector: '[data-testid="card-grid"]' },
    ]) {
      await page.evaluate((label) => document.querySelector(`[aria-label="View"] [aria-label="${label}"]`).click(), view.segment);
      await page.locator(view.selector).waitFor();
      await page.waitForTimeout(300);
      const height = await page.evaluate((s) => document.querySelector(s).scrollHeight - document.querySelector(s).clientHeight, view.selector);
      const startProfile = async (kind) => {
        if (TRACE === view.name && PROFILE_SCROLL === kind) return startTrace(page);
        if (PROFILE !== view.name || PROFILE_SCROLL !== kind) return null;
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
        return cdp;
      };
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `${view.name}-top.png`) });
      let cdp = await startProfile('fling');
      let cpu = chromiumCPU(profile);
      const fling = await page.evaluate(scrollFrames, { selector: view.selector, step: Math.ceil(height / SCROLL_FRAMES), frames: SCROLL_FRAMES + 1 });
      fling.cpu = chromiumCPU(profile) - cpu;
      if (cdp) await (TRACE ? printTrace(cdp) : printProfile((await cdp.send('Profiler.stop')).profile));
      // Flung, the rows are light ones (useSkimming); at rest they must get their controls back.
      fling.restMs = await page.evaluate(
        (s) =>
          new Promise((ok, fail) => {
            const t0 = performance.now();
            const check = () => {
              if (document.querySelector(s).querySelector('[data-id] button')) return ok(performance.now() - t0);
              if (performance.now() - t0 > 2000) return fail(new Error(`${s}: no row has its buttons 2 s after the fling`));
              requestAnimationFrame(check);
            };
            check();
          }),
        view.selector,
      );
      if (SHOTS) {
        // Mid-fling: to the middle, then two steps of a view down a frame apart (a fling, see
        // useSkimming), then the picture before the scroll rests.
        await page.evaluate(
          (s) =>
            new Promise((ok) => {
              const el = document.querySelector(s);
              el.scrollTop = el.scrollHeight / 2;
              let steps = 2;
              const step = () => {
                if (steps-- === 0) return requestAnimationFrame(() => ok());
                el.scrollTop += el.clientHeight;
                requestAnimationFrame(step);
              };
              requestAnimationFrame(step);
            }),
          view.selector,
        );
        await page.screenshot({ path: join(SHOTS, `${view.name}-flung.png`) });
        await page.waitForTimeout(300);
        await page.screenshot({ path: join(SHOTS, `${view.name}-rest.png`) });
      }
      cdp = await startProfile('wheel');
      cpu = chromiumCPU(profile);
      const wheel = await page.evaluate(scrollFrames, { selector: view.selector, step: WHEEL_PX, frames: WHEEL_FRAMES });
      wheel.cpu = chromiumCPU(profile) - cpu;
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `${view.name}-scrolled.png`) });
      if (cdp) await (TRACE ? printTrace(cdp) : printProfile((await cdp.send('Profiler.stop')).profile));
      fling.loaf = summarize(fling.loaf);
      wheel.loaf = summarize(wheel.loaf);
      scrolls.push({ view: view.name, kind: `fling (${Math.ceil(height / SCROLL_FRAMES)} px/frame, ${(height / 1000).toFixed(0)}k px; controls back ${fling.restMs.toFixed(0)} ms later)`, r: fling, load: loadavg() });
      scrolls.push({ view: view.name, kind: `wheel (${WHEEL_PX} px/frame)`, r: wheel, load: loadavg() });
      if (fling.scrolled < fling.height - 1) throw new Error(`the ${view.name} scroll stopped at ${fling.scrolled} of ${fling.height} px`);
      if (fling.lastId !== (0x1000000 + CARDS - 1).toString(16).padStart(16, '0') && view.name === 'list') {
        throw new Error(`the list's bottom shows card ${fling.lastId}, not the last one`);
      }
    }

    console.log('');
    console.log('| measure | median | range | target |');
    console.log('|---|---|---|---|');
    const range = (k, sub) => {
      const v = runs.map((r) => r[k][sub]);
      return [ms(median(v)), `${ms(Math.min(...v))}–${ms(Math.max(...v))}`];
    };
    console.log(`| grid: click -> first cards painted (${RUNS} runs) | ${range('grid', 'painted').join(' | ')} | < 500 ms |`);
    console.log(`| of which until the Cards answer is parsed | ${range('grid', 'answered').join(' | ')} | |`);
    console.log(`| list: click -> first rows painted | ${range('list', 'painted').join(' | ')} | < 500 ms |`);
    console.log('');
    console.log('| scroll | frames | median | p95 | > 16.7 ms | > 25 ms | worst | fps | render per scroll | layout per frame | Chromium CPU per frame | long frames: script / style+layout | load |');
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|');
    for (const s of scrolls) {
      const f = frameStats(s.r.deltas);
      console.log(`| ${s.view}, ${s.kind} | ${f.frames} | ${f.median.toFixed(1)} ms | ${f.p95.toFixed(1)} ms | ${pct(f.over16)} | ${pct(f.over25)} | ${f.worst.toFixed(0)} ms | ${f.fps.toFixed(0)} | ${s.r.handlers.toFixed(1)} ms | ${s.r.layout.toFixed(1)} ms | ${(s.r.cpu / f.frames).toFixed(1)} ms | ${s.r.loaf.count}: ${ms(s.r.loaf.script)} / ${ms(s.r.loaf.layout)} | ${s.load} |`);
    }
  } finally {
    await context.close();
    server.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
