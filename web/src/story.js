// The control plane on the map: territories recoloured by their state at the slider's instant,
// and the "who decided, since when" panel for a clicked territory, geofence, terminal or ledger
// mark. The panel shows the API's `text`, the same text `leotwin policy explain` prints, and
// follows the slider while it is open.
import { getJson } from './api.js';
import { setTerritoryStates } from './basemap.js';
import { isoUtc, timeLabel } from './lib/time.js';

// pickAt({x, y}): the deck.gl object under a point of the map, if any (a geofence, a terminal, a
// city): a click on it is not a click on the territory underneath.
export function createStory({ map, time, panel, text, close, pickAt = () => null }) {
  const s = {
    // drawn: {ISO: state} the map shows (null: as served, the states at servedAt).
    info: null, territories: false, servedAt: null, drawn: null, states: null, subject: null, requests: 0,
  };

  function show(content) {
    text.textContent = content;
    panel.hidden = false;
  }

  close?.addEventListener('click', () => {
    s.subject = null;
    panel.hidden = true;
  });

  function setInfo(info) {
    s.info = info;
    const title = info.scenario?.title;
    if (title) document.getElementById('story-title').textContent = title;
  }

  // The territories the base map drew, served with their states at `servedAt` (ISO); from now on
  // recoloured by /territory-states.
  function setTerritories(servedAt) {
    s.territories = true;
    s.servedAt = servedAt;
    map.on('click', 'territory-fill', (e) => {
      const iso = e.features?.[0]?.properties?.iso_a2;
      if (iso && !pickAt(e.point)) explain({ territory: iso });
    });
  }

  async function refreshTerritories() {
    if (!s.territories) return;
    const at = isoUtc(time.t);
    const res = await getJson('/api/v1/territory-states', { at });
    if (!res.ok) return;
    s.states = res.data.states;
    const colours = Object.fromEntries(Object.entries(res.data.states).map(([iso, st]) => [iso, st.state]));
    // Only the territories whose state changed are recoloured: every feature state set makes
    // MapLibre rewrite the colours of that territory's vertices (seconds for all 99,000 on a
    // software-rendered page). At the instant they were served with, none has changed.
    const before = s.drawn ?? (at === s.servedAt ? colours : {});
    const changed = Object.fromEntries(Object.entries(colours).filter(([iso, state]) => before[iso] !== state));
    s.drawn = colours;
    if (Object.keys(changed).length) setTerritoryStates(map, changed);
  }

  async function refreshExplanation() {
    const subject = s.subject;
    if (!subject) return;
    const id = ++s.requests;
    const res = await getJson('/api/v1/explain', { ...subject, at: isoUtc(time.t) });
    if (id !== s.requests || subject !== s.subject) return; // a newer question was asked
    show(res.ok ? res.data.text : `${Object.values(subject)[0]}: ${res.error}`);
  }

  // subject: {territory: ISO} | {geofence: id} | {terminal: id, lat, lon}
  function explain(subject) {
    s.subject = subject;
    return refreshExplanation();
  }

  // A ledger mark: what it changed, who proposed and approved it, and when.
  function showMark(mark) {
    s.subject = null;
    const approvers = (mark.approvers ?? []).join(', ') || 'nobody';
    show([
      `ledger entry ${mark.decided_entry} at ${timeLabel(Date.parse(mark.time) / 1000)}: enacted`,
      `  ${mark.description}`,
      `  action ${mark.kind}, proposal entry ${mark.entry}`,
      `  proposed by ${mark.proposer} at ${mark.proposed_at}${mark.comment ? ` ("${mark.comment}")` : ''}`,
      `  approved by ${approvers}`,
    ].join('\n'));
  }

  // Called on every update of the page (the slider moved).
  function update() {
    if (!s.info?.policy?.ledger) return Promise.resolve();
    return Promise.all([refreshTerritories(), refreshExplanation()]);
  }

  return {
    setInfo,
    setTerritories,
    explain,
    showMark,
    update,
    get states() { return s.states; },
  };
}
