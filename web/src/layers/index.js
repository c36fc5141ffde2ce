// The layer registry: every switchable layer of the map, in the order of the layer list.
//
// A layer is one module here exporting:
//   id          lower-case word (DOM ids, deck.gl layer id, key in /api/v1/info `layers`)
//   label       its name in the layer list
//   endpoint    the API path that serves its data
//   clock       'orbit' | 'policy' | 'none': which time its data follows (lib/registry.js)
//   initiallyOn on when the page opens
//   drawOrder   lower draws first (underneath)
//   params(ctx)        extra query parameters ({} if none); `at` is added from the clock
//   build(data, ctx)   deck.gl layers for the data: ctx.deck holds the deck.gl classes (the modules
//                      stay free of deck.gl so node can test them), ctx.data the data of the other
//                      layers, ctx.selection what the person picked, ctx.select(layerId, object)
//                      reports a click on a pickable object
//   legend(data)       {title, subtitle?, items: [{label, color}]} or null
// Adding a layer: write the module and list it below; nothing else changes.
import * as satellites from './satellites.js';
import * as links from './links.js';
import * as coverage from './coverage.js';
import * as availability from './availability.js';
import * as geofences from './geofences.js';
import * as activity from './activity.js';
import * as cities from './cities.js';
import * as terminals from './terminals.js';

export const LAYERS = [satellites, links, coverage, availability, geofences, activity, cities, terminals];

export function layerById(id) {
  return LAYERS.find((l) => l.id === id);
}
