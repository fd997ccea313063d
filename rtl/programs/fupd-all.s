; fupd-all.s — one fupd.sp with outPos = arity: both outputs of a pairwise factor in one pass over
; its table. Factor over x0 (card 2, stride 1) and x1 (card 2, stride 2), T = [0, 0, 1 nat, 0]
; (4096 at F + G = 12), n0 = n1 = [0, 256] (1 nat at F = 8). out0 (leaves out x0) is fupd-sp.s's
; [48, 0]; out1 = [0, max*(1, 1) − max*(0, 1)] = [0, 1 − ln 2 + ln(1 + e^−1)] nats = [0, 159].
; r1 accumulates the larger change: 159 (both old outputs 0).
; Timing: 1 + ⌈2 · 4 / 8⌉ + (1 + 1 inputs) + (1 + 1 old outputs) = 6 beats @0…5, latency 4: written
; by 0 + 6 − 1 + 4 = 9; the ld of out1[1] (LSU, in the outputs' span) waits mem-order @1…8, issues @9.

.text
        fupd.sp r1, desc(r0)
        ld r2, 1+out1(r0)
        halt

.data
desc:   .word 4, 2, 2, table, -1, 0     ; entries, arity, outPos = arity (every output), table, out (unused), lambda
        .word 2, 1, n0                  ; x0: card, stride, message
        .word 2, 2, n1                  ; x1: card, stride, message
        .word out0, out1                ; output addresses (−1: none)
table:  .word 0, 0, 4096, 0
n0:     .word 0, 256
n1:     .word 0, 256
out0:   .word 0, 0
out1:   .word 0, 0
