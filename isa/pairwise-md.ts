// The hand-written design section of ISA.md for the binary pairwise factor unit (pfu.sp, pfu.ms),
// with its descriptor table generated from the layout in pairwise-unit.ts.
import { PD, PAIRWISE_MAX_LANES } from './pairwise-unit.js';
import { beatFormula } from './timing.js';
import { DAMP_LAMBDA_MAX } from './fixed.js';

export function pairwiseSection(): string {
  return `## Binary pairwise factor update (\`pfu.sp\`, \`pfu.ms\`)

A binary variable's message is two energies, and a pairwise factor's table four, so on the dense
units (\`fupd\`/\`vupd\`) a binary message fills 2 of the L lanes and a pairwise update streams
8 words for one message: on a 64×64 Ising grid no schedule of fupd/vupd gets below 2,256 cycles
per iteration on 16 PEs (runtime/README.md, "Binary pairwise models"). The pairwise unit instead
carries **one LLR per message**, λ = E(1) − E(0) in the machine's energy units (W bits, F fraction
bits; positive means state 0 is more likely), and runs **lanes across edges**: one \`pfu\` updates
n factor→variable messages, each lane one message, reading its own input and table. For the
destination variable i and the factor's other (source) variable j with incoming λ = n_{j→a}:

    m_{a→i} = max*(T(x_j=0, x_i=1), T(1, 1) + λ) − max*(T(0, 0), T(1, 0) + λ)

which is exact sum-product in the LLR domain (min-sum with min). The variable side needs nothing
new: the belief is π_i + Σ m (π the folded unary factors' E(1) − E(0)) and the extrinsic message
n_{i→a} = total − m_{a→i}, both plain \`vadd\`/\`vsub\` on vectors of variables.

Why this shape: one lane-operation per message instead of 8 (tables) + 2 (messages); the
arithmetic is two adders, two max* (the factor unit's wide correction table, already in the
chip), a subtractor and the rounding of the factor unit's output; the only permutation a graph
needs (the source variable's message sits elsewhere) is a per-lane **gather** of λ, so outputs can
be written as the contiguous vectors the variable phase adds. Sources are free scratchpad
addresses; the table energies and outputs are contiguous blocks.

**Pairwise descriptor** (\`pfu.sp rd, off(ra)\`, descriptor at ra + off):

| offset | field |
|---|---|
| ${PD.count} | n, the number of lanes (messages), 1 … ${PAIRWISE_MAX_LANES} |
| ${PD.src} | address of the source list: n words, src_k = address of lane k's λ |
| ${PD.table} | address of the table block: ${PD.perLane}·n words, lane k's (a, b, c, d) at table + ${PD.perLane}k |
| ${PD.out} | address of the output block (n words; also the old messages) |
| ${PD.lambda} | damping λ_d (0 … ${DAMP_LAMBDA_MAX}) |

Lane k's words: a = T(x_src = 0, x_dst = 1), b = T(1, 1), c = T(0, 0), d = T(1, 0), table energies
at F + G fraction bits as the factor unit's tables (its G guard bits, "Factor update"; TMAX =
2^(W−1+G) − 1 is probability 0).

Semantics, in this exact order (every λ is read before any output is written, so a source inside
the output block reads its old value):

    for k < n: λ_k = sat(M[src_k])
    for k < n:
        l  = ZERO if λ_k ≥ MAX (source state 1 impossible), else λ_k · 2^G        (exact)
        x1 = wideMaxStar(A, B + l)     x0 = wideMaxStar(C, D + l)     (pfu.ms: min)
             with A … D the table words (TMAX → ZERO) and ZERO + anything = ZERO
        new = 0 if x1 = x0 = ZERO; MAX if x1 = ZERO; −MAX if x0 = ZERO;
              else clamp(⌊(x1 − x0 + 2^(G−1)) / 2^G⌋, −(MAX − 1), MAX − 1)        (G = 0: x1 − x0)
        old = OUT[k]; if λ_d ≠ 0: new = damp(new, old, λ_d)
        change = max(change, |new − old|); OUT[k] = new
    rd = max(rd, change)

wideMaxStar is the factor unit's (see "Factor update"): the same correction ROM at F + G, exact
sums, ZERO the identity. (With that table — F + G ≥ 12 — interpolating between its buckets was
measured to change nothing: 8×8 Ising grids at W = 16 stay at 1.2e-3 … 2.4e-3 max TV either way.)

A finite result never becomes a certainty (±(MAX − 1)), as the factor unit's MAX − 1 rule. A
prior is π = E(1) − E(0) clamped the same way (±MAX for an impossible state); the variable phase
adds with \`vadd\` (saturating to [MIN, MAX]) in a fixed edge order, so its result does not depend
on where the compiler placed anything.

**Timing.** Beats ${beatFormula('pfu')} plus gather conflicts: per group of L lanes, one beat
reads the L source addresses and two read the 4L table words (2L words per beat, the LLR unit's
read width); the L gathered λ reads are served by the L scratchpad banks (bank = address mod L),
one word per bank per beat, so a group whose sources put c words in one bank adds c − 1 beats.
Outputs and old values use the write port behind the reads; results (rd and memory) are complete
4 cycles after the last beat. Useful lane-operations: n (one message per lane); the message
counter (CSR \`msgs\`) adds n.

RTL needs: the descriptor registers, a lane-group sequencer, L copies of the lane datapath
(adders, two wide max* with the correction ROM, a subtract-round-clamp, the damping blend and
|new − old|), a bank-conflict counter over the L source addresses of a group, and the running
maximum into rd.
`;
}
