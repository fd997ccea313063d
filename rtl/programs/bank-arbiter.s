; bank-arbiter.s — two PEs on the shared banks in one cycle (8 banks). PE0's ld of word 1 @1
; claims bank 1 until 2; PE1's vld of 64 words @1 needs every bank, sees bank 1 busy (PE0 went
; first this cycle) and stalls `bank` @1, issuing @2.

.text pe=0
        lui r2, 1024            ; 0x100000, the shared memory
        ld r3, 1(r2)
        halt
.text pe=1
        lui r2, 1024
        vld v1, 0(r2)
        halt
