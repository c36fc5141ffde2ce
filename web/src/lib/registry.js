// The layer registry's rules, kept apart from deck.gl so node can test them. A layer is a module in
// web/src/layers/ (see layers/index.js for what it exports); these functions read its exports.

// Which clock a layer's data follows:
//   orbit  - the satellites' time slider: refetched whenever the slider moves (`at` = slider time);
//   policy - the control plane's clock: the policy now, or at `ctx.policyTime` when one is set
//            (a ledger-history slider can set it; `at` is then sent);
//   none   - fetched once.
export const CLOCKS = ['orbit', 'policy', 'none'];

const REQUIRED = {
  id: 'string', label: 'string', endpoint: 'string', clock: 'string', params: 'function', build: 'function', legend: 'function',
};

// Problems with a layer module's exports (empty when it is fine).
export function layerProblems(layer) {
  const problems = [];
  for (const [name, type] of Object.entries(REQUIRED)) {
    if (typeof layer[name] !== type) problems.push(`${layer.id ?? '?'}: export ${name} must be a ${type}`);
  }
  if (!CLOCKS.includes(layer.clock)) problems.push(`${layer.id}: clock must be one of ${CLOCKS.join(', ')}`);
  if (!/^[a-z][a-z0-9-]*$/.test(layer.id ?? '')) problems.push(`${layer.id}: id must be a lower-case word (it names DOM ids)`);
  return problems;
}

// The instant a layer's data depends on for this context; data fetched for another instant is stale.
export function dataInstant(layer, ctx) {
  if (layer.clock === 'orbit') return ctx.t;
  if (layer.clock === 'policy') return ctx.policyTime ?? 'now';
  return 'static';
}

// Query parameters of a layer's request: its own, plus `at` (ISO 8601) from its clock.
export function layerQuery(layer, ctx, isoUtc) {
  const params = { ...layer.params(ctx) };
  const instant = dataInstant(layer, ctx);
  if (typeof instant === 'number') params.at = isoUtc(instant);
  return params;
}
