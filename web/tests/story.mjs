// Browser test of the main job's story: `leotwin serve --scenario demo` (what scripts/run.sh
// starts) seeds the demo ledger in a fresh state folder, and the map shows the control plane:
// territories coloured by their state at the slider's instant, ledger entries as marks on the
// timeline, and a click that says who decided. It drives the timeline across the illustrative
// front-line geofence: before its enactment the roaming terminal inside it is allowed, after it is
// denied, and the panel names the entry. Then track mode: the demo drive of that terminal, played
// with the slider before and after the enactment (connected, then denied naming the entry), its
// timeline in the same words as `leotwin track` on the same ledger. Measures the first-run seeding
// and how long the page takes to become interactive; saves a screenshot.
//
//   node web/tests/story.mjs --leotwin build/dev/leotwin --web-root web/dist \
//        --screenshot build/dev/story-screenshot.png
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createChecks, launchBrowser, openGuardedPage, startServer, testOptions } from './lib/harness.mjs';

const { leotwin, webRoot, screenshot, chromiumPath, startTimeoutMs } = testOptions(process.argv.slice(2), 'build/story-screenshot.png');
const { check, counts } = createChecks();

const TERMINAL = 'UA-R-0417';
const iso = (t) => new Date(t * 1000).toISOString().replace('.000Z', 'Z');

// Moves the real slider to instant t (seconds), as a person dragging it would, and waits for the
// page to settle.
async function slideTo(page, t) {
  await page.evaluate((tt) => {
    const slider = document.getElementById('time-slider');
    slider.value = String(Math.round(window.leotwin.time.scale.toPosition(tt)));
    slider.dispatchEvent(new Event('input'));
  }, t);
  await page.waitForFunction(() => !window.leotwin.state.updating && !window.leotwin.state.pending, null, { timeout: 60000 });
}

async function terminalDecision(page, id) {
  return page.evaluate((tid) => {
    const data = window.leotwin.state.layers.terminals?.data;
    return data?.terminals?.find((t) => t.id === tid)?.decision ?? null;
  }, id);
}

// Clicks the map at a place (deck.gl picks above MapLibre's territories).
async function clickMapAt(page, lon, lat) {
  const p = await page.evaluate(([x, y]) => {
    const pt = window.leotwin.map.project([x, y]);
    const r = window.leotwin.map.getContainer().getBoundingClientRect();
    return { x: r.left + pt.x, y: r.top + pt.y };
  }, [lon, lat]);
  await page.mouse.click(p.x, p.y);
}

async function panelText(page, pattern) {
  return page.waitForFunction((re) => {
    const box = document.getElementById('explain');
    const text = document.getElementById('explain-text').textContent;
    return !box.hidden && new RegExp(re).test(text) ? text : false;
  }, pattern, { timeout: 30000 }).then((h) => h.jsonValue(), () => page.textContent('#explain-text'));
}

async function main() {
  const stateDir = mkdtempSync(join(tmpdir(), 'leotwin-story-'));
  const server = await startServer(leotwin, ['--web-root', webRoot, '--scenario', 'demo', '--state-dir', stateDir], startTimeoutMs);
  const seeded = server.log().match(/seeded (\d+) signed ledger entries in ([\d.]+) s/);
  check(Boolean(seeded), 'the first run seeds the demo ledger', server.log());
  if (seeded) console.log(`# first run: ${seeded[1]} entries signed and committed in ${seeded[2]} s`);
  check(/#token=[0-9a-f]{32,}$/.test(server.url), 'the printed address carries the demo admin token');
  const browser = await launchBrowser(chromiumPath);
  try {
    const origin = new URL(server.url).origin;
    const { page, external, consoleErrors } = await openGuardedPage(browser, origin);
    const loadStarted = Date.now();
    await page.goto(server.url, { waitUntil: 'domcontentloaded', timeout: 120000 });
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
    console.log(`# interactive ${((Date.now() - loadStarted) / 1000).toFixed(2)} s after the page load started`);
    await page.waitForFunction(() => window.leotwin.startup.painted, null, { timeout: 120000, polling: 100 });
    const steps = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const bundle = performance.getEntriesByType('resource').find((r) => /assets\/index-.*\.js$/.test(r.name));
      return { navigationStartedAt: performance.timeOrigin, html: Math.round(nav.responseEnd), bundleStart: Math.round(bundle?.startTime ?? -1), bundleFirstByte: Math.round(bundle?.responseStart ?? -1), bundle: Math.round(bundle?.responseEnd ?? -1), ...window.leotwin.startup };
    });
    console.log(`# navigation started ${steps.navigationStartedAt - loadStarted} ms after page.goto`);
    console.log(`# start-up steps (ms since navigation): ${JSON.stringify(steps)}`);
    check(!(await page.evaluate(() => window.location.hash)), 'the token is removed from the address bar');

    const info = await (await page.request.get(`${origin}/api/v1/info`)).json();
    check(info.policy.ledger === true && info.scenario?.name === 'demo', 'the server has the demo ledger', JSON.stringify(info.policy));
    check((await page.textContent('#story-title')).includes('2020'), 'the scenario title is shown');
    const timeline = await (await page.request.get(`${origin}/api/v1/timeline`)).json();
    const marks = await page.$$eval('.time-mark', (m) => m.length);
    check(marks === timeline.marks.length && marks >= 20, 'every enacted ledger entry is a mark on the timeline', `${marks} marks, ${timeline.marks.length} entries`);
    check(await page.evaluate(() => window.leotwin.time.scale.hasHistory), 'the slider spans the history and the orbital window');
    // Without the token the API keeps subscribers private.
    const anonymous = await page.request.get(`${origin}/api/v1/terminals`);
    check(anonymous.status() === 401, 'terminals need the admin token', String(anonymous.status()));

    // Territories follow the slider: Ukraine before and after 26 February 2022, Russia blocked.
    const stateAt = (code) => page.evaluate((c) => window.leotwin.story.states?.[c]?.state, code);
    // The state the map draws at a place (the feature state the slider set, else the served one).
    const drawnStateAt = (lon, lat, expected) => page.waitForFunction(([x, y, want]) => {
      const m = window.leotwin.map;
      const states = m.queryRenderedFeatures(m.project([x, y]), { layers: ['territory-fill'] }).map((f) => f.state?.state ?? f.properties.state);
      return states.includes(want) ? states : false;
    }, [lon, lat, expected], { timeout: 30000, polling: 500 }).then((h) => h.jsonValue(), (e) => String(e));
    await slideTo(page, Date.parse('2022-02-20T00:00:00Z') / 1000);
    const uaBefore = await stateAt('UA');
    const drawnBefore = await drawnStateAt(31.0, 49.0, 'unavailable');
    check(Array.isArray(drawnBefore), 'the map colours Ukraine as unavailable before 26 February 2022', JSON.stringify(drawnBefore));
    await slideTo(page, Date.parse('2022-06-01T00:00:00Z') / 1000);
    const uaAfter = await stateAt('UA');
    check(uaBefore === 'unavailable' && uaAfter === 'available', 'Ukraine becomes available on the timeline', `${uaBefore} -> ${uaAfter}`);
    check((await stateAt('RU')) === 'blocked', 'Russia is blocked after March 2022');
    const drawnState = await drawnStateAt(31.0, 49.0, 'available');
    check(Array.isArray(drawnState) && drawnState.includes('available'), 'the map colours Ukraine as available', JSON.stringify(drawnState));

    // The front line: the geofence's mark, then one minute before and after its enactment.
    const fence = timeline.marks.find((m) => m.kind === 'geofence.add_deny');
    check(Boolean(fence), 'the timeline has the deny geofence', JSON.stringify(timeline.marks.map((m) => m.kind)));
    const enacted = Date.parse(fence.time) / 1000;
    // The mark before it (the slider's steps in the history are days long: marks give exact
    // instants, one second after their enactment).
    const previous = timeline.marks.filter((m) => Date.parse(m.time) / 1000 < enacted).at(-1);
    const settle = () => page.waitForFunction(() => !window.leotwin.state.updating && !window.leotwin.state.pending, null, { timeout: 60000 });
    // The geofence's mark (drawn above its neighbours), then the previous entry, then the next.
    await page.click(`.time-mark[data-entry="${fence.entry}"]`);
    await settle();
    await page.click('#mark-prev');
    await settle();
    const before = await terminalDecision(page, TERMINAL);
    const fencesBefore = await page.evaluate(() => window.leotwin.state.layers.geofences.data?.features?.length ?? -1);
    const beforeAt = await page.evaluate(() => window.leotwin.time.t);
    check(Math.abs(beforeAt - (Date.parse(previous.time) / 1000 + 1)) < 1e-3, '"previous entry" goes to the entry before', `${beforeAt}`);
    await page.click('#mark-next');
    await settle();
    const markText = await panelText(page, `ledger entry ${fence.decided_entry}`);
    check(/approved by bob, carol/.test(markText ?? ''), 'a click on the mark says who proposed and approved it', markText);
    const after = await terminalDecision(page, TERMINAL);
    const fencesAfter = await page.evaluate(() => window.leotwin.state.layers.geofences.data?.features?.length ?? -1);
    check(before?.allowed === true, `before ${iso(enacted)} (at ${previous.time}) the terminal inside the geofence is allowed`, JSON.stringify(before));
    check(after?.allowed === false && after?.rule === 'geofence:front-2022-10', 'after it, the terminal is denied by the geofence', JSON.stringify(after));
    check(fencesBefore === 0 && fencesAfter === 1, 'the geofence appears on the map when enacted', `${fencesBefore} -> ${fencesAfter}`);

    // A click on the terminal explains the decision with the entry that made it.
    await clickMapAt(page, 37.5560, 48.7230);
    const why = await panelText(page, `terminal ${TERMINAL}`);
    check(/DENIED \(blocked_area\)/.test(why ?? '') && why.includes('geofence:front-2022-10') && why.includes(`(entry ${fence.entry})`)
      && /approved by carol at 2022-10-01T14:02:00Z/.test(why), 'the panel names the rule, the entry and its approvers', why);
    const cli = await (await page.request.get(`${origin}/api/v1/explain?terminal=${TERMINAL}&lat=48.723&lon=37.556&at=${iso(enacted + 1)}`,
      { headers: { Authorization: `Bearer ${new URL(server.url).hash.slice('#token='.length)}` } })).json();
    check(typeof cli.text === 'string' && cli.text.includes('DENIED (blocked_area)'), 'the API gives the same text as `policy explain`', JSON.stringify(cli).slice(0, 200));

    // A click on a territory (zoomed in, away from any terminal or city) says who made it
    // available.
    await page.evaluate(() => window.leotwin.map.jumpTo({ center: [33, 50], zoom: 5 }));
    await page.waitForTimeout(1500);
    await clickMapAt(page, 33.0, 51.0);
    const ua = await panelText(page, 'territory UA');
    check(/territory UA \(Ukraine\) at .*: available/.test(ua ?? '') && /proposed by alice at 2022-02-26T18:00:00Z/.test(ua ?? ''),
      'a click on Ukraine says since when and who decided', ua);

    // Track mode: the demo drive (down and back up 36 E, into the geofence before its enactment).
    const trackStarted = Date.now();
    await page.click('#track-demo');
    await page.waitForFunction(() => window.leotwin.track.result && window.leotwin.track.text, null, { timeout: 120000 });
    await settle();
    console.log(`# demo drive evaluated and drawn in ${((Date.now() - trackStarted) / 1000).toFixed(2)} s`);
    const loaded = await page.evaluate(() => {
      const { result } = window.leotwin.track;
      return { start: window.leotwin.time.start, end: window.leotwin.time.end, step: result.window.step_s, instants: result.window.instants,
        transitions: result.transitions.length, marks: document.querySelectorAll('.time-mark[class*="kind-track-"]').length,
        ledgerMarks: document.querySelectorAll('.time-mark:not([class*="kind-track-"])').length };
    });
    const driveStart = Date.parse('2022-10-01T13:40:00Z') / 1000;
    const driveEnd = Date.parse('2022-10-01T15:00:00Z') / 1000;
    check(loaded.start === driveStart && loaded.end === driveEnd, 'the slider spans the drive', JSON.stringify(loaded));
    check(loaded.transitions >= 2 && loaded.marks === loaded.transitions && loaded.ledgerMarks === 0, 'the drive\'s transitions are the slider\'s marks', JSON.stringify(loaded));
    const trackAt = async (t) => {
      await slideTo(page, t);
      return page.evaluate(() => ({ now: window.leotwin.track.now, text: window.leotwin.track.text, layers: window.leotwin.deckLayerIds() }));
    };
    const connected = await trackAt(enacted - 60);
    check(connected.now?.state === 'connected' && /: CONNECTED\n/.test(connected.text) && / RTT \d+\.\d\d ms to Kyiv/.test(connected.text),
      `at ${iso(enacted - 60)} the panel says connected, with the RTT`, connected.text);
    check(Boolean(connected.now?.serving) && connected.text.includes(`via ${connected.now.serving} at `) && connected.layers.includes('track-serving')
      && connected.layers.includes('track-terminal') && connected.layers.includes('track'), 'the serving satellite is named and drawn', JSON.stringify(connected.layers));
    const denied = await trackAt(enacted + 60);
    check(denied.now?.state === 'denied' && /: DENIED\n {2}\(blocked_area, geofence front-2022-10, /.test(denied.text),
      `at ${iso(enacted + 60)} the panel says denied by the geofence`, denied.text);
    check(denied.text.includes(`ledger entry ${fence.entry} (geofence.add_deny): proposed by alice at `)
      && new RegExp(`carol at ${fence.time} \\(entry ${fence.decided_entry}\\)`).test(denied.text)
      && denied.text.includes(`enacted by entry ${fence.decided_entry} at ${fence.time}`), 'the panel names the ledger entries, who and when', denied.text);
    // The same words as the CLI on the same ledger, at the same step.
    const drive = join(stateDir, 'drive.csv');
    writeFileSync(drive, 'time,lat,lon,alt\n2022-10-01T13:40:00Z,48.40,36.0,150\n2022-10-01T14:20:00Z,47.60,36.0,150\n2022-10-01T15:00:00Z,48.40,36.0,150\n');
    const cliTable = execFileSync(leotwin, ['track', '--track', drive, '--terminal', TERMINAL, '--db', join(stateDir, 'ledger.db'), '--to', 'Kyiv',
      '--step', `${loaded.step}s`], { encoding: 'utf8' });
    const cliLines = cliTable.split('\n').filter((l) => /^\d\d:\d\d:\d\d (start |\S+ -> )/.test(l));
    const pageLines = await page.evaluate(() => window.leotwin.track.timeline());
    check(cliLines.length === loaded.transitions + 1 && JSON.stringify(pageLines) === JSON.stringify(cliLines),
      'the panel\'s timeline is `leotwin track`\'s, line for line', `page ${JSON.stringify(pageLines)}\ncli  ${JSON.stringify(cliLines)}`);
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-track.png') });
    await page.click('#track-clear');
    await settle();
    const cleared = await page.evaluate(() => ({ hasHistory: window.leotwin.time.scale.hasHistory, marks: document.querySelectorAll('.time-mark').length, layers: window.leotwin.deckLayerIds() }));
    check(cleared.hasHistory && cleared.marks === timeline.marks.length && !cleared.layers.includes('track'), 'clearing the track restores the history slider', JSON.stringify(cleared));

    check(external.length === 0, 'no request leaves localhost', external.slice(0, 5).join(' '));
    check(consoleErrors.length === 0, 'no errors in the console', consoleErrors.slice(0, 5).join(' | '));

    // The screenshot: the availability map over Europe with the front line and the panel.
    await slideTo(page, enacted + 3600);
    await page.evaluate(() => window.leotwin.map.jumpTo({ center: [25, 45], zoom: 2.6 }));
    await page.waitForTimeout(2000);
    mkdirSync(dirname(screenshot), { recursive: true });
    await page.screenshot({ path: screenshot });
    console.log(`# screenshot: ${screenshot}`);
  } finally {
    await browser.close();
    server.proc.kill('SIGTERM');
    rmSync(stateDir, { recursive: true, force: true });
  }
  console.log(`# ${counts.passes} passed, ${counts.failures} failed`);
  process.exit(counts.failures ? 1 : 0);
}

main().catch((e) => {
  console.error(`not ok - story test crashed: ${e.stack ?? e}`);
  process.exit(1);
});
