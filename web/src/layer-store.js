// The data of the registry's layers: per layer whether it is on, whether the server has it (with a
// note when not), its data and the instant the data is for. `refresh` fetches every shown layer
// whose data is missing or for another instant than the context's (lib/registry.js), so a clock
// that moves (the slider, or a policy instant) refetches exactly the layers that follow it.
// No DOM here: node tests it with a stand-in for getJson.
import { getJson as fetchJson, isUnavailable } from './api.js';
import { dataInstant, layerQuery } from './lib/registry.js';
import { isoUtc } from './lib/time.js';

// context(): {t, policyTime}; onUnavailable(id): a layer was found to have no data on this server;
// onError(message): a request failed for another reason; isPaused(layer): neither fetched nor
// drawn for now (the page's track mode pauses the orbit clock's layers outside the orbital window).
export function createLayerStore(layers, { context, onUnavailable = () => {}, onError = () => {}, getJson = fetchJson, isPaused = () => false }) {
  const byId = Object.fromEntries(layers.map((l) => [l.id, l]));
  const entries = Object.fromEntries(layers.map((l) => [l.id, {
    on: Boolean(l.initiallyOn), available: true, note: '', data: null, instant: undefined,
  }]));

  const isShown = (id) => entries[id].on && entries[id].available && !isPaused(byId[id]);
  const isStale = (id) => isShown(id) && (!entries[id].data || entries[id].instant !== dataInstant(byId[id], context()));

  function markUnavailable(id, note) {
    Object.assign(entries[id], { available: false, on: false, note: `not available: ${note}`, data: null });
    onUnavailable(id);
  }

  // Fetches a layer's data for the current context (whether or not it is shown).
  async function load(id) {
    const layer = byId[id];
    const entry = entries[id];
    if (!entry.available) return;
    const ctx = context();
    const res = await getJson(layer.endpoint, layerQuery(layer, ctx, isoUtc));
    if (res.ok) {
      entry.data = res.data;
      entry.instant = dataInstant(layer, ctx);
    } else if (isUnavailable(res)) {
      markUnavailable(id, res.error);
    } else {
      onError(`${layer.label}: ${res.error}`);
    }
  }

  function refresh() {
    return Promise.all(layers.filter((l) => isStale(l.id)).map((l) => load(l.id)));
  }

  // Shown layers that have data, in drawing order (lowest drawOrder first).
  function drawable() {
    return layers.filter((l) => isShown(l.id) && entries[l.id].data).sort((a, b) => a.drawOrder - b.drawOrder);
  }

  function dataById() {
    return Object.fromEntries(layers.map((l) => [l.id, entries[l.id].data]));
  }

  return { entries, isShown, isStale, markUnavailable, load, refresh, drawable, dataById };
}
