// `npx tsx bench/ldpc-ber-ratio.ts [--quick] [--bits=8]`: the chip's BER with layered sum-product against the
// software float decoder of the same schedule, on the same frames with the same iteration cap, at
// 2.0 and 2.5 dB, for W = 16 and W = 8 (issue 12: ratio ≤ 1.3 at W = 16, ≤ 2 at W = 8, from at
// least 100 frame errors at 2.0 dB). Thousands of frames: a script, not part of `npm test`. The chip
// quantises the channel with golden's ldpcCaps (clamp and scale α, printed per width); the float
// decoder gets the unscaled LLRs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { makeConfig } from '../isa/index.js';
import { parseAlist } from '../golden/index.js';
import { simulateLdpc, withLdpcBits, ldpcSoftware, informationPositionsOf, LdpcChipDecoder, type LdpcSimOptions } from '../runtime/index.js';

const quick = process.argv.includes('--quick');
const software = ldpcSoftware();
const path = fileURLToPath(new URL('../../shared/data/ldpc/WIMAX_288_576.alist', import.meta.url));
const h = parseAlist(readFileSync(path, 'utf8'), path);
const infoPositions = informationPositionsOf(h);
const POINTS = [
  { ebn0: 2.0, minFrameErrors: quick ? 20 : 100, maxFrames: 200_000 },
  { ebn0: 2.5, minFrameErrors: quick ? 3 : 20, maxFrames: quick ? 6_000 : 60_000 },
];
const TARGET: Record<number, number> = { 16: 1.3, 8: 2 };

process.stdout.write('W   Eb/N0   frames   chip fr.err  chip bit err  float fr.err  float bit err  BER ratio (target)  seconds\n');
const only = process.argv.find((a) => a.startsWith('--bits='));
for (const W of only ? [Number(only.slice(7))] : [16, 8]) {
  const cfg = withLdpcBits(makeConfig({}), W);
  const { caps } = new LdpcChipDecoder(h, cfg, { rule: 'spa', schedule: 'layered', maxIter: 50, earlyStop: true }).program.layout;
  process.stdout.write(`W = ${W}: F = ${cfg.fracBits}, c2v cap ${caps.c2v}, channel clamp ${caps.channel}, channel scale α = ${caps.scale}\n`);
  for (const pt of POINTS) {
    const t0 = performance.now();
    const base: LdpcSimOptions = { cfg, rule: 'spa', schedule: 'layered', maxIter: 50, earlyStop: true, ebn0: pt.ebn0, seed: 2026, maxFrames: pt.maxFrames, minFrameErrors: pt.minFrameErrors, infoPositions, decoder: 'chip' };
    const chip = simulateLdpc(h, base);
    // The float decoder sees exactly the chip's frames: one seeded stream, the same frame count.
    const float = simulateLdpc(h, { ...base, decoder: 'float', float: software.decodeLdpcFloat, maxFrames: chip.frames, minFrameErrors: 0 });
    const ratio = float.bitErrors > 0 ? chip.ber / float.ber : chip.bitErrors === 0 ? 1 : Infinity;
    process.stdout.write(
      `${String(W).padEnd(3)} ${pt.ebn0.toFixed(1).padStart(5)}   ${String(chip.frames).padStart(6)}   ${String(chip.frameErrors).padStart(11)}  ${String(chip.bitErrors).padStart(12)}  ${String(float.frameErrors).padStart(12)}  ${String(float.bitErrors).padStart(13)}  ${ratio.toFixed(3)} (≤ ${TARGET[W]})    ${((performance.now() - t0) / 1000).toFixed(0)}\n`,
    );
  }
}
