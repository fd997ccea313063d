; send-order.s — memory ordering for the network unit: a send or recv waits only for in-flight
; writes of other units that overlap its own words (ISA.md, "Timing model"). Both PEs start the
; factor update of fupd-sp.s @0 (1 + 1 + 1 + 1 = 4 beats, latency 4): it writes out[0..1] at the
; end of cycle 0 + 4 − 1 + 4 − 1 = 6, so a memory instruction that must wait for it issues @7.
; PE0: the send of other[0..1] (disjoint) issues @3, as soon as its operand is there; the send of
; out[0..1] waits for the fupd's write (mem-order @5, @6) and issues @7; halt @8.
; PE1: the recv into buf[0..1] (disjoint from its own fupd's out) waits only for the first message
; (recv @2, @3; one flit, one hop) and issues @4. The recv into out[0..1] waits for its fupd's write
; (mem-order @6), then for the second message (sent @7, recv @7), and issues @8; halt @9: 10 cycles
; (12 when every memory instruction of another unit waited for the fupd).

.text pe=0
        fupd.sp r0, desc(r0)    ; @0
        addi r2, r0, 1          ; @1 destination PE 1
        addi r3, r0, other      ; @2
        send r2, r3, 2          ; @3: other[] is not being written
        addi r4, r0, out        ; @4
        send r2, r4, 2          ; @7: out[] is, until the end of cycle 6 (mem-order @5, @6)
        halt
.text pe=1
        fupd.sp r0, desc(r0)    ; @0
        addi r3, r0, other      ; @1 buf (source PE 0 is r0)
        recv r0, r3, 2          ; @4: buf[] is not being written: it waits only for the message (@2, @3)
        addi r4, r0, out        ; @5
        recv r0, r4, 2          ; @8: mem-order @6, recv @7
        halt

.data pe=0
desc:   .word 4, 2, 0, table, out, 0    ; entries, arity, outPos, table, out, lambda
        .word 2, 1, 0                   ; x0: card, stride, (output: no input address)
        .word 2, 2, m1                  ; x1: card, stride, message
table:  .word 0, 0, 4096, 0
m1:     .word 0, 256
out:    .word 0, 0
other:  .word 11, 12
.data pe=1                              ; the same layout (symbols are program-wide): buf is other's address
        .word 4, 2, 0, table, out, 0
        .word 2, 1, 0
        .word 2, 2, m1
        .word 0, 0, 4096, 0
        .word 0, 256
        .word 0, 0
        .word 0, 0
