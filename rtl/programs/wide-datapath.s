; wide-datapath.s — the factor and variable units' wide datapath (isa/fixed.ts "Wide accumulation",
; W = 16, F = 8, so G = 4: tables are at F + G = 12 and the table's zero word is TMAX = 524287):
; fupd.sp over x0 (output, card 3) and x1 (card 2, stride 3), T = [−16, 524287, 524286, 80, 80, 80]
; (at F: [−1, zero, 32766.6, 5, 5, 5]),
; M1 = [20000, 32767]: x1 = 1 and T[1] are zero flags (skipped), so acc = [−16 + 20000·16, zero, 524286 + 20000·16]
; at F + G,
; exact (no saturation at 32767); normalised: [0, MAX, 32767 → MAX − 1 = 32766] (finite stays finite).
; vupd of that message and [100, 5, 32767]: [100, zero, zero] → [0, MAX, MAX].
; vupd of one all-MAX input: every entry zero → uniform 0, damped (λ = 128) against [40, 80, 120]:
; ⌊(old·128 + 128) / 256⌋ = [20, 40, 60].

.text
        fupd.sp r1, fdesc(r0)
        vupd    r2, vdesc(r0)
        vupd    r3, udesc(r0)
        halt

.data
fdesc:  .word 6, 2, 0, table, fout, 0   ; entries, arity, outPos, table, out, lambda
        .word 3, 1, 0                   ; x0: card, stride, (output)
        .word 2, 3, m1                  ; x1: card, stride, message
table:  .word -16, 524287, 524286, 80, 80, 80
m1:     .word 20000, 32767
fout:   .word 0, 0, 0
vdesc:  .word 3, 2, -1, vout, 0, fout, in1   ; card, inputs, exclude (none), out, lambda, inputs
in1:    .word 100, 5, 32767
vout:   .word 0, 0, 0
udesc:  .word 3, 1, -1, uout, 128, zeros
zeros:  .word 32767, 32767, 32767
uout:   .word 40, 80, 120
