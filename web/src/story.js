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
    info: null, territories: null, statesKey: '', states: null, subject: null, requests: 0,
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

  // The territories the base map drew; from now on recoloured by /territory-states.
  function setTerritories(collection) {
    s.territories = collection;
    map.on('click', 'territory-fill', (e) => {
      const iso = e.features?.[0]?.properties?.iso_a2;
      if (iso && !pickAt(e.point)) explain({ territory: iso });
    });
  }

  async function refreshTerritories() {
    if (!s.territories) return;
    const res = await getJson('/api/v1/territory-states', { at: isoUtc(time.t) });
    if (!res.ok) return;
    s.states = res.data.states;
    const key = JSON.stringify(res.data.states);
    if (key === s.statesKey) return;
    s.statesKey = key;
    setTerritoryStates(map, Object.fromEntries(Object.entries(res.data.states).map(([iso, st]) => [iso, st.state])));
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
