; fupd-sp.s — one sum-product factor update (the factor unit): a pairwise factor over x0 (output,
; card 2, stride 1) and x1 (card 2, stride 2), table T = [0, 0, 1 nat, 0] (4096: tables are at the factor
; unit's F + G = 12 fraction bits), input message M1 = [0, 256] (1 nat at F = 8).
; acc[0] = max*(T[0] + M1[0], T[2] + M1[1]) = max*(0, 2 nats), acc[1] = max*(0, 1 nat): the output
; (normalised, rounded to F) is [corr(1 nat) − corr(2 nats), 0] = [48, 0] (exact 47.7); min-sum gives [0, 0].

.text
        fupd.sp r0, desc(r0)
        halt

.data
desc:   .word 4, 2, 0, table, out, 0    ; entries, arity, outPos, table, out, lambda
        .word 2, 1, 0                   ; x0: card, stride, (output: no input address)
        .word 2, 2, m1                  ; x1: card, stride, message
table:  .word 0, 0, 4096, 0
m1:     .word 0, 256
out:    .word 0, 0
