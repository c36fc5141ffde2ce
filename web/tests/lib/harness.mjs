// What the browser tests share: TAP-like checks, the real `leotwin serve` on a free port, Debian's
// chromium through playwright-core (headless, WebGL through SwiftShader), and a guard that fails
// any request leaving localhost (the page must work offline).
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

export function parseArgs(argv) {
  return Object.fromEntries(argv.reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
}

// The options every browser test takes: --leotwin, --web-root, --screenshot, --chromium,
// --start-timeout-ms.
export function testOptions(argv, defaultScreenshot) {
  const args = parseArgs(argv);
  return {
    leotwin: args.leotwin ?? 'build/dev/leotwin',
    webRoot: args['web-root'] ?? 'web/dist',
    screenshot: args.screenshot ?? defaultScreenshot,
    chromiumPath: args.chromium ?? process.env.LEOTWIN_CHROMIUM ?? '/usr/bin/chromium',
    startTimeoutMs: Number(args['start-timeout-ms'] ?? 180000),
  };
}

export function createChecks() {
  const counts = { passes: 0, failures: 0 };
  function check(ok, what, detail = '') {
    if (ok) {
      counts.passes++;
      console.log(`ok - ${what}`);
    } else {
      counts.failures++;
      console.log(`not ok - ${what}${detail ? `: ${detail}` : ''}`);
    }
    return ok;
  }
  return { check, counts };
}

// Starts `leotwin serve --port 0 ...args` and resolves with the map address it prints.
export function startServer(leotwin, args, timeoutMs) {
  return new Promise((resolve, reject) => {
    const proc = spawn(leotwin, ['serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`leotwin serve did not print the map address in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const onData = (d) => {
      out += d.toString();
      const m = out.match(/the map is at (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, url: m[1], log: () => out });
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (d) => (out += d.toString()));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`leotwin serve exited with ${code}:\n${out}`));
    });
  });
}

export function launchBrowser(executablePath) {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--use-angle=swiftshader', '--enable-unsafe-swiftshader',
      '--disable-dev-shm-usage',
    ],
  });
}

// A page that records requests leaving `origin` (and aborts them) and console errors.
export async function openGuardedPage(browser, origin, viewport = { width: 1400, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const external = [];
  const consoleErrors = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return { page, external, consoleErrors };
}
