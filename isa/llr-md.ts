// The hand-written design section of ISA.md for the LLR unit (cnu.<rule>, vnu), with its
// descriptor tables generated from the layouts in llr-unit.ts.
import { CND, VND } from './llr-unit.js';
import { LLR_CHANNEL_NARROW_MAX_W, LLR_CHANNEL_SCALE_NARROW, LLR_FIRST_PASS, LLR_MAX_DEGREE, LLR_MAX_LANES, LLR_NMS_SHIFT, LLR_RULES } from './llr-kernels.js';

/** α as an exact fraction over a power of two when it is one (7/8), else its decimal. */
function fmtScale(a: number): string {
  for (let d = 1; d <= 1024; d *= 2) if (Number.isInteger(a * d)) return d === 1 ? String(a) : `${a * d}/${d}`;
  return String(a);
}

export function llrSection(): string {
  return `## LLR check and variable updates (\`cnu.<rule>\`, \`vnu\`)

Binary variables of parity (XOR) factors, as in LDPC decoding, do not go through the dense factor
unit: a check of degree d would be a 2^d table and every binary message would fill a D-lane vector.
The LLR unit instead carries **one LLR per lane**: ln p(0)/p(1) · 2^F in W-bit two's complement
(the machine's W and F), saturated **symmetrically** to ±(2^(W−1) − 1) so that negating a value
never overflows. Lanes run **across frames** (inter-frame SIMD): lane k of every vector holds the
same edge of frame k, so one streamed vector updates one edge of VL frames and every lane does
useful work whatever the code's structure; a PE decodes its own batch of VL frames of the whole
code from its own scratchpad, so decoding needs no PE-to-PE traffic and P only sets how many
batches run at once. Rules: ${LLR_RULES.map((r) => `\`${r}\``).join(', ')} (aff3ct's SPA, MS, NMS, OMS).

Why this shape: a check update in O(d) beats (two passes over its d edge vectors) instead of 2^d
table entries; the only state is per-edge c2v vectors and per-variable app (posterior) vectors;
the arithmetic is adders, comparators, a sign XOR tree and the max* correction table already in
the chip, which a later RTL implementation can build directly.

**Check descriptor** (\`cnu.<rule> rd, ra, rm\`, descriptor at ra):

| offset | field |
|---|---|
| ${CND.degree} | d, the check degree (1 … ${LLR_MAX_DEGREE}) |
| ${CND.c2v} | address of the c2v block: edge j's vector is at c2v + j·VL |
| ${CND.flags} | bit 0: layered (write the app vectors back); other bits 0 |
| ${CND.cap} | cap, the largest c2v magnitude (0 … MAX) |
| ${CND.header} + j | address of the app vector of the check's j-th variable (VL words) |

For every lane k < VL whose bit is set in rm (VL ≤ ${LLR_MAX_LANES}; lanes whose bit is clear are
neither read nor written — they are frozen; bits VL … 15 are ignored):

1. read pass: t_j = sat(app_j[k] − c2v_j[k]), where c2v_j[k] reads as 0 if rm has bit
   ${Math.log2(LLR_FIRST_PASS)} ("first pass": a decoder's first iteration needs no cleared c2v block);
2. c2v_j[k] ← clamp(CNU(t)_j, −cap, cap), the extrinsic output of the rule (below), capped;
3. layered only: app_j[k] ← sat(t_j + c2v_j[k]) (row-layered: c2v_new = CNU(app − c2v_old),
   app += c2v_new − c2v_old);
4. rd ← rd | (1 << k) if the signs (value < 0 is bit 1) of the app values read have odd parity, or
   (layered) some app_j[k] changed sign: the lane's hard decision was not a stable codeword here.

A program clears rd before an iteration's checks and ANDs the result into its active mask: a lane
none of whose checks set its bit was a codeword at the iteration's start whose signs did not move,
so its decision is final and the lane is frozen (the syndrome early stop, exact and free: the
parities are computed on the values the read pass streams anyway). For flooding, the check pass
reads the apps of the previous iteration, so the mask is exactly the syndrome of the current hard
decision.

Check-node rules on t_0 … t_{d−1} (sign of 0 is +; |t| ≤ MAX):

- \`ms\`: |out_j| = min_{i≠j} |t_i| by two-minimum tracking (min1 with its first index, min2);
  sign(out_j) = ∏_{i≠j} sign(t_i) (XOR of the sign bits).
- \`nms\`: as ms, then |out_j| ← m − (m >> ${LLR_NMS_SHIFT}) = ⌈${1 - 2 ** -LLR_NMS_SHIFT}·m⌉ (factor ${1 - 2 ** -LLR_NMS_SHIFT}).
- \`oms\`: as ms, then |out_j| ← max(m − β, 0) with β = 2^(F−1) raw (0.5 in LLR units; 1 when F = 0).
- \`spa\`: box-plus a ⊞ b = sign(a)·sign(b)·clamp(min(|a|, |b|) + corr(|a| + |b|) − corr(||a| − |b||), 0, MAX)
  with corr the max* correction table (see "max* correction table"); forward/backward:
  f_0 = t_0, f_j = f_{j−1} ⊞ t_j; b_{d−1} = t_{d−1}, b_j = b_{j+1} ⊞ t_j;
  out_0 = b_1, out_{d−1} = f_{d−2}, out_j = f_{j−1} ⊞ b_{j+1}.
- d = 1 (a check on one bit forces it to 0): out_0 = +MAX (then capped) for every rule.

**Saturation plan.** The cap keeps every posterior exact: with channel LLRs clamped to ±ch and
c2v to ±cap, app = ch + Σ c2v ≤ ch + dv·cap ≤ MAX never saturates when the program picks
cap = ⌊MAX / (dv_max + 1)⌋ and ch = MAX − dv_max·cap (golden's \`ldpcCaps\`). A saturating app
breaks app − c2v = ch + Σ other c2v, and layered decoding then drifts off even a clean codeword
(clipped rises, unclipped falls). At W = 8 this leaves few integer bits: use F = 2 (the LDPC
default for 8-bit messages) rather than W/2.

**Variable descriptor** (\`vnu ra, rm\`, flooding):

| offset | field |
|---|---|
| ${VND.degree} | deg, the variable degree (0 … ${LLR_MAX_DEGREE}) |
| ${VND.ch} | address of the channel LLR vector (VL words) |
| ${VND.app} | address of the app (posterior) vector |
| ${VND.header} + j | address of the c2v vector of edge j |

For lanes set in rm: app[k] ← sat(… sat(sat(ch[k]) + c2v_0[k]) … + c2v_{deg−1}[k]), in edge order.
A flooding iteration is the check pass (no app write-back) followed by one vnu per variable; the
v2c message app − c2v is formed inside the next check pass.

Timing: a cnu occupies the unit for its descriptor beat and its read pass (1 + d·⌈VL/L⌉ beats);
its write pass (d·⌈VL/L⌉ beats, through a separate write port) drains while the next cnu reads, so
a stream of checks costs about one beat per edge vector. If the next cnu reads a vector the write
pass has not finished writing (an app of a shared bit in layered decoding, or the same c2v block),
the unit waits for the write pass first; a vnu always waits. RTL needs the d write addresses of
the check in flight and a compare against the next check's read addresses.

Channel LLRs x (nats) are quantised as ⌊(α·x)·2^F + 1/2⌋ (α·x in IEEE double, then round half
up), saturated and clamped to ±ch, with the channel scale α = ${fmtScale(LLR_CHANNEL_SCALE_NARROW)} for
W ≤ ${LLR_CHANNEL_NARROW_MAX_W} and α = 1 for wider formats (\`llrChannelScale\`, carried as \`ldpcCaps(…).scale\` in golden; the runtime's decoder and the RTL
co-simulation case quantise with it, golden's fixed reference decodes the words they produce). At
W = 8 the scaled channel keeps more of the LLR distribution inside the caps and damps sum-product's
overconfidence on short cycles (runtime/README.md, "LDPC decoding", has the BER measurements).

Useful lane-operations
(the simulator's lane-utilisation counter) are d·(active lanes) per cnu (one check update per
edge and frame) and (deg + 1)·(active lanes) per vnu.
`;
}
