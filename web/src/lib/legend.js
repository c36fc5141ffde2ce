// The legend under the layer list: each layer's `legend(data)` gives {title, subtitle?, items:
// [{label, color}]} (colour as on the map) or null; this turns them into escaped HTML.
import { cssColor } from './colors.js';
import { escapeHtml } from './html.js';

export function legendHtml(entries) {
  return entries
    .filter(Boolean)
    .map((e) => {
      const head = `<div><b>${escapeHtml(e.title)}</b>${e.subtitle ? ` (${escapeHtml(e.subtitle)})` : ''}</div>`;
      const items = e.items.map((it) =>
        `<div><span class="swatch" style="background:${cssColor(it.color, it.alpha)}"></span>${escapeHtml(it.label)}</div>`);
      return head + items.join('');
    })
    .join('');
}
