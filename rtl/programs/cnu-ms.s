; cnu-ms.s — one min-sum check-node update (the LLR unit), VL = 1, first pass (old c2v read as 0):
; a degree-3 check with app = [200, 300, −100]. Two-minimum tracking over |t| = 200, 300, 100:
; min1 = 100 (edge 2), min2 = 200 (the old min1, demoted when edge 2 arrives); sign product −.
; c2v = [−100, −100, +200]. The ld reads c2v[2] once the write pass is done (mem-order).

.text
        setvli  r1, 1
        lui     r2, 64              ; r2 = 1 << 16: first pass
        ori     r2, r2, 1           ; lane 0
        addi    r3, r0, chk
        cnu.ms  r4, r3, r2
        ld      r5, c2v+2(r0)
        halt

.data
chk:    .word 3, c2v, 0, 1000       ; degree, c2v block, flags (flooding), cap
        .word app0, app1, app2
app0:   .word 200
app1:   .word 300
app2:   .word -100
c2v:    .word 0, 0, 0
