; maxstar-reduce.s — vector max* reduction of one message (sum-product marginalisation of a
; single variable: -log(sum_i p_i) in the energy domain).
;
; The message is given as probabilities; the assembler converts each to an energy
; E = floor(-ln(p) * 2^F + 0.5) in the default format W=16, F=8 (p = 0 would give MAX = 32767).
;
;   p    : 0.1   0.2   0.3   0.4
;   E    : 589   412   308   235        (words at `msg`)
;
; vrmaxs folds max* left to right over the VL = 4 lanes (correction table T=256, bucket shift 3,
; corr(d) = table[d >> 3]):
;   maxStar(589, 412) = 412 - corr(177) = 412 - table[22] = 412 - 103 = 309
;   maxStar(309, 308) = 308 - corr(1)   = 308 - table[0]  = 308 - 176 = 132
;   maxStar(132, 235) = 132 - corr(103) = 132 - table[12] = 132 - 132 = 0
; The exact answer is -ln(0.1 + 0.2 + 0.3 + 0.4) * 256 = 0.
;
; Expected final state (PE 0; every PE runs the same code):
;   r1 = 4      (VL)
;   r2 = 0      (max* of the four energies)
;   r3 = 235    (vrmin: the smallest energy, the most probable state)
;   scratchpad word `result` (address 4) = 0, `result`+1 (address 5) = 235
;   (`msg` is at scratchpad addresses 0 … 3: 589, 412, 308, 235)
;   all PEs halt.

.equ LANES, 4

.text
start:
        setvli  r1, LANES          ; VL = 4 lanes
        vld     v1, msg(r0)        ; v1 = the message (energies)
        vrmaxs  r2, v1             ; r2 = max* over the lanes
        vrmin   r3, v1             ; r3 = min over the lanes
        st      r2, result(r0)
        st      r3, result + 1(r0)
        halt

.data
msg:    .prob   0.1, 0.2, 0.3, 0.4
result: .zero   2

.entry start
