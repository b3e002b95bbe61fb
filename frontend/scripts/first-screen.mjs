// Renders the demo's first Sync Status screen into dist/first-screen.html after `vite build`
// (npm run build), for Go's internal/startupview to paint before the page's code has run on a
// data folder that has kept no screen of its own yet (a first launch).
//
// It loads the real App through Vite's server-side module loader and renders it with React's
// server renderer (src/app/firstScreen/render.tsx), with the Go bindings answered from
// src/app/firstScreen/demoReads.json: the demo's first-screen reads on a first launch in the
// form internal/startupview.Template makes of them (kept true by the Go test
// TestTheDemosFirstScreenReadsAreTheOnesTheBuildRenders: UPDATE_FIRST_SCREEN=1 go test ./app
// -run FirstScreen writes it again). Values that differ per launch are slots ({{trueup-slot-N}})
// Go fills in, and every time in it is startupview.FixedTime, which is "now" here too. The
// first line names the hash of that file: Go serves the screen only when a launch's reads
// make the same template.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const FIXTURE = `${root}src/app/firstScreen/demoReads.json`;
const OUT = `${root}dist/first-screen.html`;
const HEADER = '<!-- trueup first screen, data '; // internal/startupview: firstScreenHeader
const FIXED_TIME = Date.parse('2000-01-01T00:00:00Z'); // internal/startupview.FixedTime

const template = readFileSync(FIXTURE);
const reads = JSON.parse(template.toString('utf8'));

// "Now" is the template's one time, so relative times read as on a first launch; absolute
// ones (not shown: tooltips) in UTC and en-US, as nothing here knows the user's.
process.env.TZ = 'UTC';
const RealDate = Date;
globalThis.Date = class extends RealDate {
  constructor(...args) {
    super(...(args.length === 0 ? [FIXED_TIME] : args));
  }
  static now() {
    return FIXED_TIME;
  }
};
for (const name of ['DateTimeFormat', 'NumberFormat']) {
  const Real = Intl[name];
  Intl[name] = new Proxy(Real, { construct: (T, [locale, opts]) => new T(locale ?? 'en-US', opts) });
}

// The Go bindings (wailsjs: window.go.app.<Service>.<Method>(...args)) answer from the reads,
// keyed by name and arguments as app.FirstScreen keys them; any other call fails, and the
// render fails when a read of the first screen did.
const service = (svc) =>
  new Proxy({}, {
    get: (_, method) => async (...args) => {
      const key = `app.${svc}.${method}${JSON.stringify(args)}`;
      if (!(key in reads)) throw new Error(`no answer for ${key} in ${FIXTURE}: add it to app.FirstScreen.Reads`);
      return reads[key];
    },
  });
globalThis.window = {
  go: { app: new Proxy({}, { get: (_, svc) => service(svc) }) },
  runtime: new Proxy({}, { get: () => () => () => undefined }), // events: only effects subscribe
};

const vite = await createServer({
  root,
  configFile: `${root}vite.config.ts`,
  server: { middlewareMode: true, hmr: false, watch: null },
  appType: 'custom',
  logLevel: 'warn',
});
let failed = false;
try {
  const { renderFirstScreen } = await vite.ssrLoadModule('/src/app/firstScreen/render.tsx');
  const html = await renderFirstScreen();
  const hash = createHash('sha256').update(template).digest('hex');
  writeFileSync(OUT, `${HEADER}${hash} -->\n${html}`);
  console.log(`first screen: ${OUT} (${html.length} bytes)`);
} catch (err) {
  failed = true;
  console.error('first screen:', err instanceof Error ? err.message : err);
} finally {
  await vite.close();
}
// The query client's timers would keep Node alive for minutes.
process.exit(failed ? 1 : 0);
