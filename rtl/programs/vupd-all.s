; vupd-all.s — one vupd with VD.allFlag (inputs word 3 | 1 << 17): every leave-one-out output of a
; binary variable in one instruction. Inputs: prior p = [0, 100], m1 = [50, 0], m2 = [MAX, 10]
; (MAX = 32767: probability 0). Outputs: none for the prior (−1), out1 (leaves out m1), out2
; (leaves out m2). Finite sums: entry 0 = 0 + 50 with one zero input (m2), entry 1 = 110.
; out1 = [zero, 110 − 0] → normalised [32767, 0] (its old value: no change);
; out2 = [50 (m2 is the zero input), 110 − 10] → [0, 50] (old [0, 0]: change 50), so r1 = 50.
; Timing: 1 + (3 inputs + 2 outputs) · ⌈2 / 8⌉ = 6 beats @0…5, latency 4: written by 0 + 6 − 1 + 4 = 9;
; the ld of out2[1] (LSU, in the outputs' span) waits mem-order @1…8 and issues @9, r2 = 50.

.text
        vupd r1, desc(r0)
        ld r2, 1+out2(r0)
        halt

.data
desc:   .word 2, 131075, -1, -1, 0      ; card, inputs (3 | allFlag), exclude and out (unused), lambda
        .word p, m1, m2                 ; input addresses
        .word -1, out1, out2            ; output addresses (−1: none)
p:      .word 0, 100
m1:     .word 50, 0
m2:     .word 32767, 10
out1:   .word 32767, 0
out2:   .word 0, 0
