// A Dimple-style model built in code and solved four ways: exact, float BP, Gibbs and the simulated
// chip. Run after `npm run build` (it imports the package by name): npx tsx examples/library/marginals.ts
import { Model } from 'gp5-toolchain';

const m = new Model('sprinkler');
const weather = m.discrete('weather', ['sun', 'rain']);
const sprinkler = m.bit('sprinkler');
const wet = m.bit('wet');
m.prior(weather, [0.7, 0.3]);
// The sprinkler runs on half the sunny days and rarely when it rains.
m.fn([sprinkler, weather], (s, w) => (w === 'sun' ? 0.5 : s === 1 ? 0.1 : 0.9));
// The grass is wet exactly when it rains or the sprinkler runs; we observe it wet.
m.fn([wet, sprinkler, weather], (g, s, w) => g === (s === 1 || w === 'rain' ? 1 : 0));
m.prior(wet, [0, 1]);

for (const solver of ['exact', 'bp', 'gibbs', 'chip'] as const) {
  m.setSolver(solver, { seed: 7, samples: 20000, pes: 4 });
  const s = m.solve();
  console.log(`${solver}: P(rain | wet) = ${s.marginal('weather').rain!.toFixed(3)}`);
}
