// Browser test of the leotwin map: starts the real `leotwin serve` on a free port with the built
// page, drives Debian's chromium (headless, WebGL through SwiftShader) with playwright-core, and
// checks what a person would: the satellite count is shown, layers switch on and off, picking two
// cities draws a route and its RTT chart, time plays, territories crossing the antimeridian are
// drawn in one piece. Saves a screenshot for review. Any request
// leaving localhost fails the test (the page must work offline).
//
//   node web/tests/browser.mjs --leotwin build/dev/leotwin --web-root web/dist \
//        --screenshot build/dev/web-screenshot.png
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { outlineGeoJson, unwrapGeoJson } from '../src/lib/antimeridian.js';
import { createChecks, launchBrowser, openGuardedPage, startServer, testOptions } from './lib/harness.mjs';

const { leotwin, webRoot, screenshot, chromiumPath, startTimeoutMs } = testOptions(process.argv.slice(2), 'build/web-screenshot.png');
const { check, counts } = createChecks();

async function main() {
  // Without a scenario: the map works as it always did, with no ledger.
  const server = await startServer(leotwin, ['--web-root', webRoot], startTimeoutMs);
  console.log(`# server: ${server.url}`);
  const browser = await launchBrowser(chromiumPath);
  try {
    const origin = new URL(server.url).origin;
    const { page, external, consoleErrors } = await openGuardedPage(browser, origin);

    // The page says when it is ready (body[data-ready]); on a loaded machine parsing the bundle alone
    // took over 30 s (playwright's default for the `load` event), so wait for the DOM only.
    await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 120000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
    const info = await (await page.request.get(`${origin}/api/v1/info`)).json();
    const expected = info.constellation.satellites;

    // 1. The satellite count is shown (the satellites layer may still be on its way when the page
    // says ready on a loaded machine: wait for it, the expectation is unchanged).
    await page.waitForFunction(() => !/\u2026/.test(document.getElementById('sat-count').textContent),
      null, { timeout: 60000 }).catch(() => {});
    const countText = (await page.textContent('#sat-count')).trim();
    check(Number(countText.replace(/,/g, '')) === expected, 'the page shows the satellite count',
      `shown "${countText}", API says ${expected}`);
    check((await page.evaluate(() => window.leotwin.deckLayerIds())).includes('satellites'), 'satellites layer drawn');

    // WebGL really rendered: the deck.gl canvas has coloured pixels where satellites are.
    const drawn = await page.evaluate(async () => {
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const canvases = [...document.querySelectorAll('canvas')];
      let lit = 0;
      for (const c of canvases) {
        const probe = document.createElement('canvas');
        probe.width = c.width;
        probe.height = c.height;
        const ctx = probe.getContext('2d');
        ctx.drawImage(c, 0, 0);
        const px = ctx.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < px.length; i += 4) if (px[i] > 200 && px[i + 1] > 150 && px[i + 2] < 160 && px[i + 3] > 0) lit++;
      }
      return { canvases: canvases.length, lit };
    });
    check(drawn.canvases >= 1 && drawn.lit > 200, 'satellites are visible on the WebGL canvas', JSON.stringify(drawn));

    // 1b. The base map across the antimeridian. Territories as stored cross +-180 (Russia, Fiji)
    // or go round the South Pole (Antarctica); drawn as given they filled a band across the
    // northern map (Russia over the Norwegian Sea and Greenland) and drew lines across the width.
    const baseMap = await page.waitForFunction(() => {
      const m = window.leotwin.map;
      return m.getSource('territories') && m.isSourceLoaded('territories') && m.loaded() && !m.isMoving();
    }, null, { timeout: 120000 }).then(() => true, () => false);
    if (check(baseMap, 'the territories are drawn')) {
      await page.evaluate(() => new Promise((resolve) => {
        window.leotwin.map.once('idle', resolve);
        window.leotwin.map.triggerRepaint();
      }));
      const probe = await page.evaluate(async () => {
        const m = window.leotwin.map;
        // The page hands MapLibre the server's URL: read what it drew from there.
        const dataOf = async (id) => {
          const d = m.getSource(id).serialize().data;
          return typeof d === 'string' ? (await fetch(d)).json() : d;
        };
        const at = (lon, lat) => m.queryRenderedFeatures(m.project([lon, lat]), { layers: ['territory-fill'] })
          .map((f) => f.properties.iso_a2);
        // Consecutive vertices more than 180 degrees apart, other than along a pole (the edge of
        // the map where a ring around a pole is closed).
        let jumps = 0;
        const data = await dataOf('territories');
        for (const f of data.features) {
          const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
          for (const ring of polys.flat()) {
            for (let i = 1; i < ring.length; i++) {
              const atPole = Math.abs(ring[i][1]) === 90 && Math.abs(ring[i - 1][1]) === 90;
              if (!atPole && Math.abs(ring[i][0] - ring[i - 1][0]) > 180) jumps++;
            }
          }
        }
        // Borders are lines: none of their edges may run across the map, not even at a pole.
        let borderJumps = 0;
        for (const f of (await dataOf('territory-borders')).features) {
          for (const line of f.geometry.coordinates) {
            for (let i = 1; i < line.length; i++) if (Math.abs(line[i][0] - line[i - 1][0]) > 180) borderJumps++;
          }
        }
        return { norwegianSea: at(-5, 68), siberia: at(100, 60), chukotka: at(-175, 66), jumps, borderJumps };
      });
      check(probe.norwegianSea.length === 0, 'no territory is drawn over the Norwegian Sea (68 N, 5 W)', JSON.stringify(probe.norwegianSea));
      check(probe.siberia.includes('RU') && probe.chukotka.includes('RU'),
        'Russia is drawn on both sides of the antimeridian (60 N 100 E, 66 N 175 W)', JSON.stringify(probe));
      check(probe.jumps === 0 && probe.borderJumps === 0, 'no territory edge runs across the map',
        `${probe.jumps} fill and ${probe.borderJumps} border edges longer than 180 degrees`);
      // The server unwraps (api/map_geometry.cc) by the rules of the page's lib/antimeridian.js:
      // both give the same vertices for every territory.
      const base = new URL('/api/v1/territories', server.url).href;
      const [sphere, mapShape, borders] = await Promise.all(['sphere', 'map', 'borders'].map((shape) => fetch(`${base}?shape=${shape}`).then((r) => r.json())));
      const differences = (a, b) => {
        let n = 0;
        const walk = (x, y) => {
          if (typeof x === 'number' || typeof y === 'number') {
            if (!(Math.abs(x - y) <= 1e-9)) n++;
          } else if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
            x.forEach((v, i) => walk(v, y[i]));
          } else n++;
        };
        walk(a.features.map((f) => f.geometry.coordinates), b.features.map((f) => f.geometry.coordinates));
        return n;
      };
      const fillDiff = differences(mapShape, unwrapGeoJson(sphere));
      const borderDiff = differences(borders, outlineGeoJson(sphere));
      check(sphere.features.length > 200 && fillDiff === 0 && borderDiff === 0,
        "the server's map shapes equal the page's own unwrapping of every territory",
        `${sphere.features.length} territories; ${fillDiff} fill and ${borderDiff} border values differ`);
    }

    // 1c. The time slider stays inside the side panel.
    const box = await page.evaluate(() => {
      const r = (id) => document.getElementById(id).getBoundingClientRect();
      return { slider: r('time-slider').right, panel: r('panel').right };
    });
    check(box.slider <= box.panel, 'the time slider fits in the side panel', JSON.stringify(box));

    // 2. Layers switch on and off; layers without data are disabled with a note.
    const layers = await page.$$eval('#layers input[type=checkbox]', (boxes) =>
      boxes.map((b) => ({ id: b.dataset.layer, disabled: b.disabled, checked: b.checked })));
    check(layers.length >= 7, 'every layer is listed', JSON.stringify(layers));
    for (const l of layers) {
      if (l.disabled) {
        const note = await page.textContent(`#layer-${l.id} .note`);
        check(/not available/.test(note ?? ''), `unavailable layer ${l.id} says why`, note);
        continue;
      }
      const box = `#layers input[data-layer="${l.id}"]`;
      for (const want of [!l.checked, l.checked]) {
        await page.click(box);
        const ok = await page.waitForFunction(([id, on]) => window.leotwin.isLayerOn(id) === on &&
          window.leotwin.deckLayerIds().includes(id) === on, [l.id, want], { timeout: 60000 }).then(() => true, () => false);
        check(ok, `layer ${l.id} switches ${want ? 'on' : 'off'}`);
      }
    }
    // Leave the laser links on for the screenshot.
    const links = layers.find((l) => l.id === 'links');
    if (links && !links.disabled) {
      await page.click('#layers input[data-layer="links"]');
      await page.waitForFunction(() => window.leotwin.deckLayerIds().includes('links'), null, { timeout: 60000 }).catch(() => {});
    }

    // 3. Two cities -> a route on the map and its RTT chart.
    await page.fill('#route-from', 'London, GB');
    await page.fill('#route-to', 'New York, US');
    await page.click('#route-go');
    const chart = await page.waitForSelector('#rtt-chart path.rtt-line', { timeout: 120000 }).then(() => true, () => false);
    check(chart, 'the RTT chart is drawn');
    const d = chart ? await page.getAttribute('#rtt-chart path.rtt-line', 'd') : '';
    check((d.match(/[ML]/g) ?? []).length >= 10, 'the RTT chart has a line through the samples', d.slice(0, 80));
    check((await page.evaluate(() => window.leotwin.deckLayerIds())).includes('route'), 'the route is drawn on the map');
    const status = await page.textContent('#route-status');
    check(/London .* New York( City)?: \d+(\.\d+)? ms RTT/.test(status), 'the route status gives the RTT', status);
    const routeLen = await page.evaluate(() => window.leotwin.state.route?.path?.length ?? 0);
    check(routeLen >= 3, 'the route goes through satellites', `path of ${routeLen} nodes`);

    // 4. Time plays and pauses.
    const before = await page.textContent('#time-label');
    await page.click('#play');
    await page.waitForFunction((b) => document.getElementById('time-label').textContent !== b, before, { timeout: 60000 }).catch(() => {});
    await page.click('#play');
    const after = await page.textContent('#time-label');
    check(after !== before, 'the time slider plays', `${before} -> ${after}`);
    await page.waitForFunction(() => !window.leotwin.state.updating, null, { timeout: 60000 }).catch(() => {});

    // 5. Offline: nothing left localhost; no errors in the console.
    check(external.length === 0, 'no request leaves localhost', external.slice(0, 5).join(' '));
    check(consoleErrors.length === 0, 'no errors in the console', consoleErrors.slice(0, 5).join(' | '));

    await page.waitForTimeout(500);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    console.log(`# screenshot: ${screenshot}`);
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
  }
  console.log(`# ${counts.passes} passed, ${counts.failures} failed`);
  process.exit(counts.failures ? 1 : 0);
}

main().catch((e) => {
  console.error(`not ok - browser test crashed: ${e.stack ?? e}`);
  process.exit(1);
});
