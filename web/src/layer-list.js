// The layer list in the side panel: a checkbox per registry layer, disabled with a note when the
// server has no data for it.
export function renderLayerList(ul, layers, layerState, onToggle) {
  ul.replaceChildren();
  for (const def of layers) {
    const L = layerState[def.id];
    const li = document.createElement('li');
    li.id = `layer-${def.id}`;
    li.className = L.available ? '' : 'unavailable';
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.dataset.layer = def.id;
    box.checked = L.on && L.available;
    box.disabled = !L.available;
    box.addEventListener('change', () => onToggle(def.id, box.checked));
    label.append(box, ' ', def.label);
    li.append(label);
    if (L.note) {
      const note = document.createElement('span');
      note.className = 'note';
      note.textContent = L.note;
      li.append(note);
    }
    ul.append(li);
  }
}
