; llr-unit.s — the LLR unit on VL = 2 frames (lanes): every check-node rule, layered and flooding
; descriptors, old c2v subtracted (not a first pass), saturation at ±MAX, the cap, a degree-1
; check, a frozen lane, the rd accumulation, and the unit's timing: chk2 reads app a0 that chk1's
; write pass is still writing (it waits), chk3 reads nothing in flight (it does not), vnu always
; waits for the write pass in flight.

.text
        setvli  r1, 2
        addi    r2, r0, 3           ; lanes 0 and 1
        addi    r6, r0, 1           ; lane 0 only (lane 1 frozen)
        addi    r4, r0, 0
        addi    r3, r0, chk1
        cnu.spa r4, r3, r2          ; layered
        addi    r3, r0, chk2
        cnu.nms r4, r3, r2          ; layered, shares a0 with chk1: waits for its write pass
        addi    r3, r0, chk3
        cnu.oms r4, r3, r6          ; flooding, reads a1, a2: no wait
        addi    r3, r0, chk4
        cnu.ms  r4, r3, r2          ; degree 1: c2v = +cap
        addi    r3, r0, var5
        vnu     r3, r2              ; waits for chk4's write pass
        ld      r7, a5(r0)
        ld      r8, c3+1(r0)
        halt

.data
chk1:   .word 3, c1, 1, 2000, a0, a1, a2
chk2:   .word 3, c2, 1, 1500, a3, a4, a0
chk3:   .word 2, c3, 0, 3000, a1, a2
chk4:   .word 1, c4, 0, 100, a4
var5:   .word 2, ch5, a5, c1, c3+2
a0:     .word 300, -32767
a1:     .word -900, 40
a2:     .word 1200, -5
a3:     .word -70, 32767
a4:     .word 20, 600
a5:     .word 0, 0
ch5:    .word -250, 33000
c1:     .word 10, 100, -20, 0, 5, -7
c2:     .word 0, 0, 30, -30, 1, 2
c3:     .word 50, 60, -70, 80
c4:     .word 9, 9
