// Generates ISA.md from the ISA table and the other isa/ definitions. `npm run gen:isa` writes it;
// a test fails when the checked-in file differs.
import { FIELDS, type FieldName } from './fields.js';
import { INSTRUCTIONS, CSRS } from './table.js';
import { DEFAULT_CONFIG, CONFIG_DOCS, SHARED_BASE, type MachineConfig } from './config.js';
import { BEAT_RULES, STALL_CAUSES, UNITS, beatFormula } from './timing.js';
import { FD, VD } from './descriptors.js';
import { llrSection } from './llr-md.js';
import { pairwiseSection } from './pairwise-md.js';
import { DAMP_LAMBDA_MAX, makeFormat, maxStarErrorBound, wideMaxStarErrorBound, defaultFracBits, defaultTableSize, FACTOR_UNIT_FRAC_BITS, factorUnitTableSize, MAX_UNSIGNED_MESSAGE_BITS, PRIOR_EXTRA_BITS } from './fixed.js';
import type { InstructionDef, Operand } from './types.js';
import { pseudoInstructionSection } from './pseudo.js';

export function operandSyntax(o: Operand): string {
  return o.kind === 'mem' ? 'off(ra)' : o.name;
}

/** Assembly syntax of an instruction, e.g. `add rd, ra, rb` or `ld rd, off(ra)`. */
export function syntaxOf(def: InstructionDef): string {
  if (def.operands.length === 0) return def.mnemonic;
  return `${def.mnemonic} ${def.operands.map(operandSyntax).join(', ')}`;
}

function fieldLabel(def: InstructionDef, f: FieldName): string | undefined {
  for (const o of def.operands) {
    if (o.kind === 'mem') {
      if (o.base === f) return 'ra';
      if (o.offset === f) return 'off18';
    } else if (o.field === f) {
      if (o.kind === 'target') return `${o.name}:${f.replace('imm', 'off')}`;
      return o.kind === 'imm' || o.kind === 'csr' ? `${o.name}:${f}` : o.name;
    }
  }
  return undefined;
}

/** An encoding row: bit ranges from 31 down to 0, each with its contents. */
export function encodingDiagram(def: InstructionDef): string {
  const parts: { hi: number; lo: number; label: string }[] = [
    { hi: 31, lo: 26, label: `${def.opcode.toString(2).padStart(6, '0')}` },
  ];
  const used: { hi: number; lo: number; label: string }[] = [];
  for (const name of Object.keys(FIELDS) as FieldName[]) {
    if (name === 'op') continue;
    const label = fieldLabel(def, name);
    if (label) used.push({ ...FIELDS[name], label });
  }
  used.sort((a, b) => b.hi - a.hi);
  let bit = 25;
  for (const u of used) {
    if (u.hi < bit) parts.push({ hi: bit, lo: u.hi + 1, label: '0' });
    parts.push(u);
    bit = u.lo - 1;
  }
  if (bit >= 0) parts.push({ hi: bit, lo: 0, label: '0' });
  const cells = parts.map((p) => {
    const range = p.hi === p.lo ? `${p.hi}` : `${p.hi}..${p.lo}`;
    const w = Math.max(range.length, p.label.length) + 2;
    return { range: range.padEnd(w), label: p.label.padEnd(w) };
  });
  return ['|' + cells.map((c) => c.range).join('|') + '|', '|' + cells.map((c) => c.label).join('|') + '|'].join('\n');
}

function cfgTable(): string {
  const rows = (Object.keys(DEFAULT_CONFIG) as (keyof MachineConfig)[]).map(
    (k) => `| \`${k}\` | ${DEFAULT_CONFIG[k]} | ${CONFIG_DOCS[k]} |`,
  );
  return ['| field | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

function maxStarTableSection(): string {
  // The formats `--bits W` selects (F = ⌊W/2⌋, T from defaultTableSize), plus a small-table variant.
  const rows = [[8, 3, 64], ...[8, 12, 16, 24, 32].map((W) => [W, defaultFracBits(W), defaultTableSize(W)])].map(([W, F, T]) => {
    const f = makeFormat(W, F, T);
    const b = maxStarErrorBound(f);
    return `| ${W} | ${F} | ${T} | ${2 ** f.shift} | ${f.corr[0]} | ${b.toFixed(3)} | ${(b / f.scale).toExponential(2)} |`;
  });
  return [
    '| W | F | T | bucket width 2^s | corr[0] | error bound (LSB) | error bound (nats) |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function factorUnitTableSection(): string {
  // The formats `--bits W` selects, plus F = 3 at W = 8 (what the compiler picks for Promedus_24).
  const rows = [[8, 3], ...[8, 12, 16, 20, 24, 32].map((W) => [W, defaultFracBits(W)])].map(([W, F]) => {
    const f = makeFormat(W, F, defaultTableSize(W));
    const Fu = F + f.guard;
    const b = wideMaxStarErrorBound(f);
    return `| ${W} | ${F} | ${f.guard} | ${Fu} | ${f.wideCorr.length} | ${2 ** f.wideShift} | ${f.wideCorr[0]} | ${(b / 2 ** Fu).toExponential(2)} | ${(0.5 / 2 ** F).toExponential(2)} |`;
  });
  return [
    '| W | F | G | F + G | entries | bucket width (LSB at F + G) | corrW[0] | max* error bound (nats) | output rounding (nats) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

function instructionSection(): string {
  const groups = new Map<string, InstructionDef[]>();
  for (const d of INSTRUCTIONS) {
    if (!groups.has(d.group)) groups.set(d.group, []);
    groups.get(d.group)!.push(d);
  }
  const out: string[] = [];
  out.push('### Summary\n');
  out.push('| mnemonic | opcode | syntax | unit | beats | latency | memory |');
  out.push('|---|---|---|---|---|---|---|');
  for (const d of INSTRUCTIONS) {
    out.push(
      `| \`${d.mnemonic}\` | 0x${d.opcode.toString(16).padStart(2, '0')} | \`${syntaxOf(d)}\` | ${d.timing.unit} | ${beatFormula(d.timing.beats)} | ${d.timing.latency}${d.timing.redirectPenalty ? ` (+${d.timing.redirectPenalty} if taken)` : ''} | ${d.memory} |`,
    );
  }
  for (const [group, defs] of groups) {
    out.push(`\n### ${group}\n`);
    for (const d of defs) {
      out.push(`#### \`${d.mnemonic}\`\n`);
      out.push(`Syntax: \`${syntaxOf(d)}\`  `);
      out.push(`Semantics: ${d.summary}  `);
      if (d.notes) out.push(`Notes: ${d.notes}  `);
      const ops = d.operands
        .filter((o) => o.kind === 'imm' || o.kind === 'target' || o.kind === 'mem')
        .map((o) => {
          const mm = o as { min: number; max: number; name: string; signed?: boolean };
          return `${o.name} ∈ [${mm.min}, ${mm.max}]${o.kind === 'target' ? ' (word offset from this instruction; written as a label or absolute address)' : ''}`;
        });
      if (ops.length) out.push(`Ranges: ${ops.join('; ')}  `);
      out.push(
        `Timing: unit \`${d.timing.unit}\`, beats ${beatFormula(d.timing.beats)}, latency ${d.timing.latency}${d.timing.redirectPenalty ? `, taken: +${d.timing.redirectPenalty} bubble cycles` : ''}  `,
      );
      out.push(`Executable semantics: \`sim\` semantic \`${d.sem}\`\n`);
      out.push('```');
      out.push(encodingDiagram(d));
      out.push('```\n');
    }
  }
  return out.join('\n');
}

export function generateIsaMd(): string {
  const fmtDefault = makeFormat(DEFAULT_CONFIG.messageBits, DEFAULT_CONFIG.fracBits, DEFAULT_CONFIG.maxStarTableSize);
  return `<!-- Generated from isa/ by \`npm run gen:isa\`. Do not edit: a test fails when this file is stale. -->
# GP5-class ISA

This is the instruction set of this project's GP5-class belief-propagation accelerator. The real GP5
chip's instruction set was never published; everything here is this project's own documented
design. Every table below is generated from the single ISA table in \`isa/table.ts\`, which also
generates the encoder, decoder, disassembler and the assembler's mnemonics.

## Machine model

- An array of P processing elements (PEs) on a 2-D mesh (\`meshWidth\` × \`meshHeight\`). PE id =
  y · meshWidth + x.
- Each PE fetches and issues at most one instruction per cycle, in program order, from its own copy
  of the program (each PE has its own entry point). Several execution units (below) work in parallel:
  an instruction issues when its operands are ready and its unit is free, so a scalar instruction can
  issue while a vector or factor-update instruction is still streaming beats.
- Register files per PE: 16 scalar registers r0 … r15 of 32 bits (r0 reads as 0; writes to it are
  discarded), 8 vector message registers v0 … v7 of \`vregLanes\` lanes each, the vector length
  register VL (set by \`setvl\`/\`setvli\`, initially \`vregLanes\`), a loop stack of \`loopDepth\` entries,
  and the CSRs below.
- Vector instructions operate on lanes 0 … VL−1 and take ⌈VL / L⌉ beats on the L-lane datapath.

### Configuration

Machine parameters are a JSON object (any subset of these fields; unknown fields are errors). A
config giving only \`pes\` gets a near-square mesh.

${cfgTable()}

### Memory map (word addresses; one 32-bit word per address)

| range | memory | notes |
|---|---|---|
| 0 … scratchpadBytes/4 − 1 | local scratchpad of this PE | ${'`'}ld${'`'}/${'`'}st${'`'}/${'`'}vld${'`'}/${'`'}vst${'`'} latency as in the table; holds code data, factor tables, descriptors and messages |
| ${SHARED_BASE} (0x${SHARED_BASE.toString(16)}) … + sharedBytes/4 − 1 | shared message memory | banked: bank = (address − 0x${SHARED_BASE.toString(16)}) mod B; +\`sharedLatency\` cycles |

Any other address faults (\`out-of-range memory access\`). Vector loads/stores move one lane per
word: a lane value is the low W bits of the word, sign-extended (loads saturate a word outside the
W-bit range to MIN/MAX). fupd, vupd, send and recv work on the local scratchpad only. Program code
lives in a separate instruction memory per PE, addressed by word from 0.

### Control/status registers (\`csrr rd, name\`)

| name | number | value |
|---|---|---|
${CSRS.map((c) => `| \`${c.name}\` | ${c.number} | ${c.summary} |`).join('\n')}

## Number format

Messages and factor tables are **energies**: E = −ln(p) · 2^F, held as W-bit integers
(W = \`messageBits\`, F = \`fracBits\`; default Q${DEFAULT_CONFIG.messageBits - DEFAULT_CONFIG.fracBits}.${DEFAULT_CONFIG.fracBits}) in one of two codes
(\`unsignedMessages\`):

- **signed** (0, the default): two's complement, MIN = −2^(W−1), MAX = 2^(W−1) − 1;
- **unsigned** (1): MIN = 0, MAX = 2^W − 1. A normalised energy is never negative, so the sign bit
  of the signed code is range thrown away on the dense path: the unsigned code holds finite
  energies up to 2^W − 2, twice the range at the same F. Table words (W + G bits, "Factor update")
  have TMAX = 2^(W+G) − 1, and G is capped at 31 − W so a table word stays a non-negative 32-bit
  value. A variable's prior is a **prior word** ${PRIOR_EXTRA_BITS} bits wider than a message (zero flag
  PMAX = 2^(W+${PRIOR_EXTRA_BITS}) − 1; vupd reads it when the descriptor flags it, "Variable update"), so a
  model's strong priors keep their range at a fine F. Vector lanes saturate to the same [0, MAX],
  so there are no negative values: the LLR paths (pfu, cnu/vnu, whose log-ratios are signed) need
  the signed code, and the runtime refuses them on an unsigned machine. W ≤ ${MAX_UNSIGNED_MESSAGE_BITS} (the prior word fits
  a non-negative 32-bit word). The reference RTL is generated for the signed default. In assembly
  \`.format W, F, unsigned\` selects the code; an object file records it (header flags bit 0,
  OBJECT-FORMAT.md) and the simulator refuses to load it on a machine with the other code.

MAX stands for probability 0 ("infinite energy") in both.

- **Saturation.** Every result is computed exactly and then clamped to [MIN, MAX] (sat). Nothing can
  overflow, wrap, or produce NaN/Infinity.
- **Conversion** (done by the assembler and runtime, not by hardware): E = sat(⌊−ln(p) · 2^F + 0.5⌋)
  (round half up); p = 0 gives MAX. Back: p ∝ e^(−E / 2^F), MAX ↦ 0.
- **Normalisation** (vnorm, and the last pass of fupd/vupd): out_i = sat(in_i − min_j in_j), so the
  most probable state has energy 0. If every lane is MAX the result is all 0 (uniform): the hardware
  form of the 0/0 guard.
- **Damping blend** with λ ∈ [0, ${DAMP_LAMBDA_MAX}] (weight λ/${DAMP_LAMBDA_MAX} on the old message):
  out = sat(new + ⌊((old − new) · λ + 128) / 256⌋). λ = 0 gives new exactly.
- **max-abs-difference**: |a − b| computed exactly, clamped to 2^31 − 1.

### max* (Jacobian logarithm) and its correction table

In the energy domain sum-product needs max*(a, b) = −2^F · ln(e^(−a/2^F) + e^(−b/2^F))
= min(a, b) − c(|a − b|), with c(d) = 2^F · ln(1 + e^(−d/2^F)). The hardware computes

    maxStar(a, b) = b                        if a = MAX
                  = a                        if b = MAX   (probability 0 is the identity)
                  = sat(min(a, b) − corr(|a − b|))  otherwise
    corr(d)       = table[d >> s]            if d < T · 2^s,  else 0

The table has T = \`maxStarTableSize\` entries. s = max(0, ⌈log2((F + 1) · ln 2 · 2^F / T)⌉), chosen so
that the table reaches the distance where c falls below half an LSB. Entry k is the rounded
correction at the centre of its bucket: table[k] = ⌊2^F · ln(1 + e^(−(k · 2^s + (2^s − 1)/2) / 2^F)) + 0.5⌋.
With the defaults (W=${fmtDefault.W}, F=${fmtDefault.F}, T=${fmtDefault.corr.length}) s = ${fmtDefault.shift} and table[0] = ${fmtDefault.corr[0]}.

Error of one max* against exact real arithmetic (no saturation): at most 0.5 + (2^s − 1)/4 LSB inside
the table (half an LSB of rounding plus slope ≤ 1/2 times the distance to the bucket centre), and at
most c(T · 2^s) + 0.5 LSB past it. With only W given (\`gp5sim infer --bits W\`), F = ⌊W/2⌋ and
T = 256 up to W = 16, 4096 above, so that the bound in nats keeps shrinking as W grows. The bound
for those formats (and one smaller table):

${maxStarTableSection()}

This table (T = \`maxStarTableSize\`) is the one \`vmaxs\` and \`vrmaxs\` use. The factor unit
(\`fupd.sp\`) has its own, built by the same rule at F + G fraction bits, where
G = min(max(0, ${FACTOR_UNIT_FRAC_BITS} − F), 32 − W) (31 − W unsigned; "Factor update" and "Wide datapath" below), with
${factorUnitTableSize(16)} entries up to W = 16 and ${factorUnitTableSize(24)} above, whatever \`maxStarTableSize\` is. For every W ≤ 24,
F + G = ${FACTOR_UNIT_FRAC_BITS}:

${factorUnitTableSection()}

Min-sum uses min(a, b) and needs no table.

## Instruction encoding

All instructions are one 32-bit word. The opcode is bits 31..26; opcode 0 is permanently invalid
(zeroed memory faults if executed). The operand fields are:

| field | bits | use |
|---|---|---|
${(Object.keys(FIELDS) as FieldName[]).map((f) => `| ${f} | ${FIELDS[f].hi}..${FIELDS[f].lo} | ${fieldUse(f)} |`).join('\n')}

Bits an instruction does not use are reserved and must be 0; the decoder treats a word with reserved
bits set, an unknown opcode, or a vector register number above 7 as an invalid instruction. Signed
immediates and offsets are two's complement in their field. Branch, jump and loop targets are word
offsets from the instruction's own address.

## Timing model

- In-order single issue per PE per cycle. An instruction issues when (1) every source register's
  value is available, (2) its destination has no pending write, (3) its unit is free, (4) memory
  ordering allows it, (5) for shared memory, the addressed bank is free.
- An instruction occupies its unit for its **beats** and its result is available **latency** cycles
  after its last beat: an instruction issued at cycle t with b beats and latency l writes its
  destination at the end of cycle t + b − 1 + l − 1, and a dependent instruction can issue at
  t + b + l − 1 (for l ≥ 1). Scalar ALU results (b = 1, l = 1) are available to the next cycle.
- Accumulating destinations: \`fupd\`, \`vupd\` and \`vmaxad\` read and write rd as a running maximum.
  When rd's pending write comes from the same unit, the unit forwards it internally, so back-to-back
  updates into one accumulator stream without a hazard; otherwise rd is an ordinary source.
- A taken branch or jump costs \`redirectPenalty\` bubble cycles (stall \`branch\`). \`loop\`/\`loopi\` cost
  one issue cycle; the back edge at the end of a body is free (zero-overhead).
- Memory ordering: an instruction that reads or writes memory does not issue while a memory write
  by an earlier instruction on a *different* unit is still in flight (stall \`mem-order\`); instructions
  on the same unit are ordered by its pipeline. A \`send\` or \`recv\` knows its words
  [raddr, raddr + len) at issue, so it waits only for another unit's last memory write when that
  write overlaps them, and for that unit's older writes (each PE keeps the words of every unit's
  last write only). So a PE sends one update's message while its factor unit streams the next
  (rtl/programs/send-order.s; runtime/README.md, "Sends that overlap compute").
- Shared memory: each bank serves one word per cycle for the whole array. A shared access of n words
  touching bank b waits until the bank is free (stall \`bank\`), then occupies it; PEs are arbitrated in
  id order within a cycle. Scalar and vector shared accesses add \`sharedLatency\` cycles.
- Network: send injects ⌈len / L⌉ flits, one per cycle; each flit takes hops · \`hopLatency\` cycles
  (XY routing, Manhattan distance) and each mesh link carries one flit per cycle, so flits that want a
  busy link wait (link contention). recv completes when the last flit has arrived; it then copies the
  message into the scratchpad at L words per beat.
- Barriers: a PE at \`bar\`/\`barmax\` waits (stall \`barrier\`) until every PE that has not halted is at a
  barrier; all are released in the same cycle.

### Units

| unit | what |
|---|---|
${UNITS.map((u) => `| \`${u.name}\` | ${u.summary} |`).join('\n')}

### Beat rules

| rule | beats |
|---|---|
${BEAT_RULES.map((b) => `| \`${b.name}\` | ${beatFormula(b.name)}${'note' in b ? ` (${b.note})` : ''} |`).join('\n')}

### Stall causes

Every cycle in which a running PE does not issue is attributed to the first cause that applies, in
this order:

| cause | meaning |
|---|---|
${STALL_CAUSES.map((s) => `| \`${s.name}\` | ${s.summary} |`).join('\n')}

Utilisation of a PE = (issue cycles + \`busy\` cycles) / cycles until it halted.

### Faults

A fault stops the whole run with a report naming the PE, pc, cycle and the instruction: invalid
instruction word, out-of-range memory access (including bad descriptor addresses), malformed
descriptor field, loop-stack overflow, send/recv to a bad PE id or with a mismatched length,
deadlock (every running PE blocked on recv or barrier with nothing in flight), cycle limit or
instruction limit reached, pc outside the PE's code. A PE with no code at all is idle: halted from
reset, outside barriers.

## Factor update (\`fupd.sp\`, \`fupd.ms\`)

\`fupd.sp rd, off(ra)\` computes one factor-to-variable message from the factor descriptor at word
ra + off. Descriptor layout (word offsets):

| offset | field |
|---|---|
| ${FD.entries} | N, number of table entries (= product of the scope cardinalities) |
| ${FD.arity} | k, arity (1 … ${FD.maxArity}) |
| ${FD.outPos} | o, position of the output variable in the scope (0 … k − 1), or k: every output (below) |
| ${FD.table} | address of the table (N energies) |
| ${FD.out} | address of the output message (card_o words; also the old message) |
| ${FD.lambda} | λ, damping (0 … ${DAMP_LAMBDA_MAX}) |
| ${FD.header} + ${FD.perVar}j | card_j |
| ${FD.header} + ${FD.perVar}j + 1 | stride_j: digit_j(x) = ⌊x / stride_j⌋ mod card_j |
| ${FD.header} + ${FD.perVar}j + 2 | address of the incoming message from variable j (ignored for j = o) |

Semantics, in this exact order (this order is what makes results bit-exact). The factor unit
works on a **wide accumulator** (see "Wide datapath" below): ZERO is its zero flag,
G = min(max(0, ${FACTOR_UNIT_FRAC_BITS} − F), 32 − W) guard bits, and the table holds energies at F + G fraction bits
with TMAX = 2^(W−1+G) − 1 meaning probability 0 (the assembler's \`.table\` directive writes such words from
potentials; \`.prob\` writes W-bit messages at F):

    acc[c] = ZERO                                 for c < card_o
    for x = 0 … N−1:
        if T[x] = TMAX or some M_j[digit_j(x)] = MAX (j ≠ o): skip   (a zero entry)
        e = T[x] + Σ_{j ≠ o} M_j[digit_j(x)] · 2^G                  (exact)
        c = digit_o(x)
        acc[c] = wideMaxStar(acc[c], e)  (fupd.sp)   or   min(acc[c], e)   (fupd.ms)
    m = min_c acc[c]                              (all ZERO: every new = 0, uniform)
    for c < card_o:
        new = MAX if acc[c] = ZERO, else min(⌊(acc[c] − m + 2^(G−1)) / 2^G⌋, MAX − 1)   (G = 0: acc[c] − m)
        old = OUT[c]
        if λ ≠ 0: new = damp(new, old, λ)
        change = max(change, |new − old|); OUT[c] = new
    rd = max(rd, change)

wideMaxStar(a, b) is min(a, b) − corr_G(|a − b|) without saturation (ZERO the identity), with the
factor unit's own correction table corr_G (${factorUnitTableSize(16)} entries up to W = 16, ${factorUnitTableSize(24)} above), built
exactly like the max* table above at F + G fraction bits.

**Every output at once** (o = k). A flooding iteration needs all k messages of a factor, and k
separate fupds each load the descriptor and every scope message: k · (1 + ⌈N/L⌉ + Σ_j ⌈card_j/L⌉)
beats. With o = k, every triple's address is an input, k output addresses follow the triples (word
${FD.header} + ${FD.perVar}k + j: the output for variable j, −1 for none; the out field is not used), and one pass over the
table computes them all. Per entry, S = T[x] + Σ_j M_j[digit_j(x)] · 2^G over the finite terms
(exact) and Z counts the inputs that are MAX there; output j folds S − M_j[digit_j(x)] · 2^G when
Z = 0, S when Z = 1 and input j is the zero one, and nothing otherwise. That is the e of the fupd
with o = j, folded in the same entry order, so each output is bit for bit that fupd's; then each is
normalised, damped and written, and rd takes the largest change. Beats: \`fupd_all\`, 1 + ⌈S·N/L⌉ +
Σ_j ⌈card_j/L⌉ + Σ_S ⌈card_o/L⌉ for S outputs (each lane folds one entry into one output per beat;
one load per scope message and one per old output): 6 against 8 for a binary pairwise factor, 10
against 15 for a ternary one. An output may not overlap the descriptor, the table, an input or
another output (bad-descriptor); for memory ordering and the trace the write is the span from the
lowest output address to the end of the highest, and its first word.

### Wide datapath (why)

At W = 8 (GP5's probability resolution) a saturating datapath loses most of its accuracy to three
effects, measured on the shared models against the float reference of the same schedule
(Promedus_24: 0.163 max TV): (1) sums saturate at MAX part-way through a vupd or a table entry, so
two states both "saturate" and the message turns uniform or contradictory; (2) a finite small
probability that normalises beyond MAX becomes MAX, i.e. exactly 0, and zeros are sticky — later
products contradict; (3) every table entry and every max* step rounds at 2^−F nat (1/16 at W = 8).
So the units accumulate exactly (W + G + ⌈log2 32⌉ bits and a zero flag suffice in RTL; the
reference uses exact integers), zeros are a flag (an input of MAX, a table word of TMAX), and only
the normalised output is narrowed to W bits, **a finite result saturating at MAX − 1** (the
smallest non-zero probability). The factor unit works at F + G = max(F, ${FACTOR_UNIT_FRAC_BITS}) fraction bits:
G = min(max(0, ${FACTOR_UNIT_FRAC_BITS} − F), 32 − W) guard bits (the cap keeps a table word, W + G bits, inside a
32-bit scratchpad word). Tables are constant data stored at F + G (so this costs no memory), input
messages are scaled by 2^G on read, max* uses the factor unit's own correction table at F + G
(at F + G = 12 and W ≤ 16: ${factorUnitTableSize(16)} entries, buckets of 16 LSB = 1/256 nat, reaching 16 nats; above
W = 16: ${factorUnitTableSize(24)} entries, buckets of 4 LSB = 1/1024 nat), and the output rounds half up once. Messages
stay W bits. In RTL this is one ${factorUnitTableSize(16)} × 12-bit ROM for every W ≤ 16 (${factorUnitTableSize(24)} × 12 bits for W = 17 … 24)
and an accumulator of W + G + 6 bits (≤ 38).

**Why 12 and ${factorUnitTableSize(16)}** (measured with the fixed reference, which the chip equals bit for bit,
against the float reference of the same flooding schedule and iteration count, default tolerance).
The first wide datapath had G = max(0, 8 − F) and the config's 256-entry table at F + G. At W = 16
that is G = 0 and buckets of 8 LSB (1/32 nat; a max* error of up to 2.25 LSB = 8.8e-3 nat), which
left testfast, alarm and ObjectDetection_11 at 6.7e-3, 7.0e-3 and 8.5e-3 max TV (target 5e-3); a
finer convergence tolerance does not help (1–2 LSB: 6.3e-3 … 6.7e-3 and no convergence in 100
iterations, the table's steps cause limit cycles). At W = 8 DBN_11 (a 20 × 20 bipartite model whose
float BP swings by 5 nats for 25 iterations before it settles) did not converge. What matters is
the factor unit's resolution and its max* bucket in nats (worst max TV over testfast, alarm,
hoi1-4, Promedus_24, ObjectDetection_11, Segmentation_11 and DBN_11; "error vs W" over testfast,
alarm, hoi1 and Promedus_24 at W = 6, 8, 10, 12, 16, 20, 24):

| factor unit F + G, table entries (bucket) | W = 8 | W = 16 | error vs W |
|---|---|---|---|
| 8, 256 (1/32 nat), before | DBN_11 does not converge | 8.5e-3 | flat 12 → 16 (7.2e-3, 7.0e-3) |
| 8 at W = 16, 2048 (1/256 nat) | | 4.4e-3 (5 models) | |
| 10, 1024 (1/128 nat) | DBN_11 does not converge | DBN_11 does not converge | |
| 10, 2048 (1/256 nat) | DBN_11 does not converge | 2.6e-3 | |
| 11, 2048 (1/128 nat) | 3.9e-2 | 2.1e-3 | rises 20 → 24 (1.3e-3, 1.4e-3) |
| 12, 2048 (1/128 nat) | 4.1e-2 | 3.1e-3 | rises 20 → 24 (1.0e-3, 1.4e-3) |
| 12, 4096 (1/256 nat) | 4.1e-2 | 2.5e-3 | 0.108, 0.030, 8.7e-3, 4.2e-3, 1.7e-3, 7.6e-4, 5.4e-4 |
| **12, 4096 up to W = 16, 16384 above** | **4.1e-2** | **2.5e-3** | **0.108, 0.030, 8.7e-3, 4.2e-3, 1.7e-3, 4.1e-4, 2.3e-4** |

F + G = 12 with 4096 entries is the one measured choice that meets both targets with DBN_11
converging; a smaller ROM (1024 or 2048 entries) costs accuracy or DBN_11's convergence. With 4096
entries at every W, W = 24 (F = 12, G = 0) has the
factor unit W = 16 has, and hoi4 was no better at W = 24 (3.0e-4) than at W = 16 (2.9e-4); the
measured alternatives at W = 24 (worst over the ten models above): F + G = 14 or 16 with 4096
entries 6.8e-4 / 6.7e-4, F + G = 12 with 16384 entries 4.3e-4. What helps is the bucket, so above
W = 16 the table has 16384 entries (bucket 1/1024 nat), and the error falls at every step from
W = 6 to 24. With the compiler's per-model format (runtime/README.md "Number format per model":
the unsigned code below W = 16 and F calibrated per model) every shared model where float BP
converges is within 0.05 max TV at W = 8 and 5e-3 at W = 16 (golden/README.md has the figures).

**Why an unsigned code (issue 13).** Promedus_11, whose float BP needs 176 iterations, was at 0.125
max TV at signed W = 8: its noisy-OR chains carry 2.5–3-nat messages whose rounding accumulates
along the chain, which takes F ≥ 5, and signed W = 8 at F = 5 holds only 3.9 nats, clipping its
9–16-nat disease priors (0.54). The unsigned code at F = 5 holds 7.9 nats of message and 32 nats of
prior word: 0.021. Measured at W = 8 with the fixed reference: signed F = 3 0.125; unsigned F = 4
0.055, F = 5 with priors at the message range 0.25, F = 5 with prior words 0.021. No model needs
negative energies on the dense path, so nothing is lost there; at W = 16 the signed code keeps
ample range (128 nats at F = 8) and stays the default the RTL implements.

## Variable update (\`vupd\`)

\`vupd rd, off(ra)\` computes a variable-to-factor message (or a belief) from the variable descriptor
at ra + off:

| offset | field |
|---|---|
| ${VD.card} | D, the variable's cardinality |
| ${VD.inputs} | n, number of input messages (0 … ${VD.maxInputs}), in bits 0–15; bit 16 (${VD.priorFlag}): input 0 is a prior word (unsigned code only; a signed machine faults on it) |
| ${VD.exclude} | x, the input to leave out (any value outside 0 … n−1 includes all: a belief) |
| ${VD.out} | address of the output message (D words; also the old message) |
| ${VD.lambda} | λ, damping (0 … ${DAMP_LAMBDA_MAX}) |
| ${VD.header} + j | address of input message j (D words) |

Semantics: acc[c] = 0; for j = 0 … n−1, j ≠ x: acc[c] = ZERO if IN_j[c] = MAX, else acc[c] + IN_j[c]
(exact, the zero flag sticky); then normalise (G = 0: new = MAX for ZERO, else min(acc[c] − m, MAX − 1)),
damp, write and accumulate the change into rd exactly as fupd does. A variable's evidence or prior is
simply one more input (an energy vector in memory); with the prior-word flag, input 0 is read with
the prior word's zero flag PMAX instead of MAX (ZERO if IN_0[c] ≥ PMAX, else its value), so a
prior may exceed the message range.

**Every output at once** (bit 17 of the inputs word, ${VD.allFlag}). A flooding iteration needs all
of a variable's leave-one-out messages, and separate vupds read every input once per output: a
degree-d variable with a prior costs d · (1 + (d + 1) · ⌈D/L⌉) beats. With the flag, the n input addresses are followed
by n output addresses (word ${VD.header} + n + j: the output that leaves out input j, −1 for none,
such as the prior's), and the x and out fields are not used. The unit reads each input once into
exact sums S[c] of its finite entries and counts Z[c], the inputs that are ZERO there; output j is
S[c] − IN_j[c] when Z[c] = 0, S[c] when Z[c] = 1 and input j is the zero one, and ZERO otherwise.
The sums are exact, so this is bit for bit the vupd with x = j; then each output is normalised,
damped and written, and rd accumulates the largest change. Beats: \`vupd_all\`, 1 + (n + outputs) ·
⌈D/L⌉ (one read pass per input, one write pass per output: 2d + 2 beats for a binary degree-d
variable with a prior, against d · (d + 2)). An output may not overlap an input or another
output (bad-descriptor), so reading every input first and summing per output as it is written give
the same words. For memory ordering and the trace the write is the span from the lowest output
address to the end of the highest, and its first word.

${llrSection()}
${pairwiseSection()}
## Instructions

${instructionSection()}

## Pseudo-instructions

${pseudoInstructionSection()}
`;
}

function fieldUse(f: FieldName): string {
  switch (f) {
    case 'op':
      return 'opcode';
    case 'A':
      return 'first register (rd, vd, or first source)';
    case 'B':
      return 'second register (ra, va, or memory base)';
    case 'C':
      return 'third register (rb, vb)';
    case 'imm14':
      return 'immediate with three register fields (lane, len, λ, CSR number, loop end offset)';
    case 'imm18':
      return 'immediate or offset with two register fields (addi …, memory offset, branch offset)';
    case 'imm22':
      return 'immediate or offset with one register field (lui, jal)';
    case 'cnt12':
      return 'loop count of loopi (occupies the register fields)';
  }
}
