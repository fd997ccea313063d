; shared-banks.s — the banked shared message memory: vector and scalar loads/stores at
; 0x100000 + offset with sharedLatency, and the within-access bank-conflict rule on a machine
; with fewer banks (2) than lanes (8) (shared-banks.config.json): a VL-word access touches each
; bank ⌈VL / B⌉ times, so it takes max(⌈VL / L⌉, busiest bank's words) beats (8 for VL = 16).

.equ N, 16

.shared
sbuf:   .word   1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
sout:   .zero   48

.text
start:
        setvli  r1, N
        lui     r2, 0x400           ; r2 = 0x100000, the shared memory base
        vld     v1, 0(r2)           ; 16 words on 2 banks: 8 beats
        ld      r3, 3(r2)           ; LSU busy, then bank 1
        vadd    v2, v1, v1
        vst     v2, 16(r2)
        st      r3, 40(r2)
        setvli  r1, 5
        vld     v3, 1(r2)           ; 5 words from bank 1: banks get 3 and 2 words → 3 beats
        vrmin   r4, v3
        loopi   3, lend
        ld      r5, 0(r2)
        addi    r2, r2, 1
lend:   vext    r6, v3, 4
        st      r6, 0(r0)
        halt

.entry start
