; channel-depth.s — messages queue up on one (source, destination) channel: PE0 sends 40 one-word
; messages and then one of the longest length (4096 words) to PE1 before PE1 receives any (PE1
; waits at a barrier first). gp5sim's channels are unbounded; the RTL's (gp5_array.v) hold
; CHAN_MSGS messages and CHAN_WORDS words per pair (rtl/harness.ts). The compiled WiMAX parity
; model queued more than the first RTL's 32 messages at P = 4, and it faulted there.
; PE0: addi @0, loopi @1, iteration k: addi @2 + 2k, send @3 + 2k (the 33rd send @67); the long
; send @82. PE1 receives words 11 … 50 at 101 … 140, and the long message (words 0 … 4095 of PE0,
; which start 0, 11 … 50) at 200 … 4295.

.text pe=0
        addi r1, r0, 1          ; destination PE 1
        loopi 40, sent
        addi r3, r3, 1
        send r1, r3, 1          ; word r3
sent:   send r1, r0, 4096       ; the longest message
        bar
        halt
.text pe=1
        bar
        addi r3, r0, 100
        loopi 40, got
        addi r3, r3, 1
        recv r0, r3, 1          ; from PE 0
got:    addi r5, r0, 200
        recv r0, r5, 4096
        halt
.data pe=0
        .word 0, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50
