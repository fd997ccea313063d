; mesh-contention.s — two one-flit messages share the link (1,0)→(1,1) of a 2×2 mesh (hopLatency 1).
; PE0 sends to PE3 @1: link (0,0)E @1, link (1,0)S @2, arrives @3. PE1 sends to PE3 @2: link
; (1,0)S is busy @2 (PE0's flit), so its flit waits to @3 and arrives @4. PE3's recv from PE1
; stalls `recv` @1 … 3 and issues @4.

.text pe=0
        addi r1, r0, 3
        send r1, r0, 1
        halt
.text pe=1
        addi r1, r0, 3
        nop
        send r1, r0, 1
        halt
.text pe=2
        halt
.text pe=3
        addi r1, r0, 1
        recv r1, r0, 1
        halt
