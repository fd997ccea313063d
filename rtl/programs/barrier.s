; barrier.s — PE0 reaches `bar` @0 and waits (stall `barrier`); PE1 arrives @1, completing the
; barrier, so both issue it @1. Then barmax: r2 ← max(5, 7) = 7 on both PEs.

.text pe=0
        bar
        addi r1, r0, 5
        barmax r2, r1
        halt
.text pe=1
        nop
        bar
        addi r1, r0, 7
        barmax r2, r1
        halt
