; factor-update.s — one sum-product factor-to-variable message with fupd.sp.
;
; Factor f(a, b) over a (cardinality 2) and b (cardinality 3), table in row-major order
; x = a*3 + b (so stride_a = 3, stride_b = 1), given as potentials:
;
;            b=0   b=1   b=2
;     a=0    0.5   0.3   0.2
;     a=1    0.1   0.1   0.8
;
; Incoming message from a: p(a) ∝ (0.4, 0.6). We compute the message to b (o = 1):
;   m(b) ∝ sum_a f(a, b) m_a(a) = (0.26, 0.18, 0.56) — in energies, normalised so min = 0.
;
; Energies written by the assembler (W=16, F=8), scratchpad layout:
;   desc   : addresses 0 … 11 (6 header words + 2 × (card, stride, address))
;   table  : addresses 12 … 17 = 2839 4931 6592 9431 9431 914 (.table: the factor unit's
;            F + G = 12 fraction bits, G = 4 guard bits; ISA.md "Wide datapath")
;   msg_a  : addresses 18, 19  = 235 131 (.prob: a W-bit message at F = 8)
;   out_b  : addresses 20 … 22 (old message 0, 0, 0)
;   change : address 23
; fupd.sp streams x = 0 … 5: e = T[x] + 16 · msg_a[a] (the message read at F + G); acc[b] =
; maxStar(acc[b], e), acc starting at the zero flag; corrW(d) = corrW[d >> 4] (the factor unit's
; 4096-entry table at F + G = 12, buckets of 16):
;   b=0: maxStar(2839+3760=6599, 9431+2096=11527) = 6599  - corrW[308] = 6599  - 1074 = 5525
;   b=1: maxStar(4931+3760=8691, 9431+2096=11527) = 8691  - corrW[177] = 8691  - 1661 = 7030
;   b=2: maxStar(6592+3760=10352, 914+2096=3010)  = 3010  - corrW[458] = 3010  - 632  = 2378
;   normalise (subtract the minimum 2378) and round once to F = 8: ⌊(3147 + 8)/16⌋ = 197,
;   ⌊(4652 + 8)/16⌋ = 291, 0; lambda = 0 so no damping.
; (exact: -ln(0.26/0.56)*256 = 196.4, -ln(0.18/0.56)*256 = 290.6, 0; msg_a itself is rounded to F = 8)
;
; Expected final state (PE 0; every PE runs the same code on its own scratchpad copy):
;   scratchpad out_b (addresses 20, 21, 22) = 197, 291, 0
;   r5 = 291   (fupd.sp accumulates max |new - old| into r5, which starts at 0)
;   scratchpad change (address 23) = 291
;   r6 = 0     (vrmin of the stored message: normalised, so the minimum is 0)
;   all PEs halt.

.equ CARD_A, 2
.equ CARD_B, 3

.data
; ---- factor descriptor (ISA.md "Factor update"): header, then (card, stride, address) per variable
desc:   .word   CARD_A * CARD_B        ; 0: N, table entries
        .word   2                      ; 1: k, arity
        .word   1                      ; 2: o, output position (b)
        .word   table                  ; 3: table address
        .word   out_b                  ; 4: output message address (old message in place)
        .word   0                      ; 5: damping lambda = 0
        .word   CARD_A, CARD_B, msg_a  ; variable a: card, stride, incoming message
        .word   CARD_B, 1, 0           ; variable b: card, stride, (address ignored: output)
table:  .table  0.5, 0.3, 0.2          ; a = 0
        .table  0.1, 0.1, 0.8          ; a = 1
msg_a:  .prob   0.4, 0.6
out_b:  .msg    0, 0, 0
change: .word   0

.text
start:
        addi    r5, r0, 0              ; change accumulator
        fupd.sp r5, desc(r0)           ; out_b <- message f -> b
        st      r5, change(r0)
        setvli  r0, CARD_B
        vld     v1, out_b(r0)
        vrmin   r6, v1
        halt

.entry start
