; pfu.s — the binary pairwise factor unit (pfu.sp, pfu.ms). Tables are at the factor unit's
; F + G = 12 fraction bits (1 nat = 4096, TMAX = 524287 = probability 0), λ at F = 8 (1 nat = 256);
; the wide max* correction is wcorr(d) = table[d >> 4]: wcorr(0) = 2835, wcorr(4096) = 1281.
;
; pfu.sp r1 @0, n = 3, old outputs 0, no damping; lanes 0 and 1 both gather word m (bank 6), lane 2
; word mx (bank 7): beats 1 + 3·⌈3/8⌉ + (2 − 1) = 5, latency 4.
;   lane 0: λ = 256 → l = 4096; (a, b, c, d) = (0, 0, 1 nat, 0)
;           x1 = max*(0, 0 + 4096) = −1281, x0 = max*(4096, 0 + 4096) = 4096 − 2835 = 1261
;           out = ⌊(−1281 − 1261 + 8) / 16⌋ = ⌊−158.375⌋ = −159 (exact −158.875 at F)
;   lane 1: (TMAX, 0, 0, TMAX): x1 = B + l = 4096, x0 = C = 0: out = 4096 / 16 = 256
;   lane 2: λ = MAX (source state 1 impossible): x1 = A = 100, x0 = C = TMAX (zero): out = −MAX
;   r1 = max(0, |−159|, |256|, |−32767|) = 32767
; pfu.ms r2 @5 (the unit is busy until 5), n = 1, damping 128, old output 100, r2 = 10:
;   x1 = min(0, 0 + 4096) = 0, x0 = min(4096, 0 + 4096) = 4096: new = −4096 / 16 = −256
;   damp: −256 + ⌊(356 · 128 + 128) / 256⌋ = −256 + 178 = −78; r2 = max(10, |−78 − 100|) = 178
; halt drains until r2 is ready: 5 + 4 − 1 + 4 = 12.

.text
        pfu.sp  r1, desc(r0)
        addi    r2, r0, 10
        pfu.ms  r2, desc2(r0)
        halt

.data
desc:   .word 3, srcs, tab, out, 0      ; n, source list, table block, output block, damping
desc2:  .word 1, src2, tab2, out2, 128
srcs:   .word m, m, mx
src2:   .word m
tab:    .word 0, 0, 4096, 0             ; lane k: a = T(0,1), b = T(1,1), c = T(0,0), d = T(1,0)
        .word 524287, 0, 0, 524287
        .word 100, 0, 524287, 0
tab2:   .word 0, 0, 4096, 0
m:      .word 256                       ; word 30: bank 6
mx:     .word 32767                     ; word 31: bank 7
out:    .word 0, 0, 0                   ; words 32 … 34
out2:   .word 100                       ; word 35
