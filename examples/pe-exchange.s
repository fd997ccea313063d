; pe-exchange.s — two PEs exchange a message over the mesh, combine it with their own, and meet
; at a barrier. Shows per-PE code and data sections, per-PE entry points, send/recv and bar.
;
; PE 0 owns A = (1, 2, 3, 4), PE 1 owns B = (100, 200, 300, 400) (raw energies, `.msg`), both at
; the same scratchpad address `own` (per-PE data sections placed after the shared `.data`).
; Each PE sends its message to the other, receives the other's into `inbox`, computes
; inbox - own with vsub and stores it at `result`, then both wait at a barrier and halt.
; Every other PE (the machine may have more than 2) starts at `idle` and halts at once.
;
; Scratchpad layout (word addresses): inbox 0 … 3, result 4 … 7, own 8 … 11.
;
; Expected final state:
;   PE 0: inbox = 100, 200, 300, 400   result = 99, 198, 297, 396
;         r1 = 1 (peer), r2 = 0 (inbox address), r3 = 8 (own address), r4 = 99 (vrmin of result)
;   PE 1: inbox = 1, 2, 3, 4           result = -99, -198, -297, -396
;         (as 32-bit words: 0xffffff9d, 0xffffff3a, 0xfffffed7, 0xfffffe74)
;         r1 = 0 (peer), r2 = 0, r3 = 8, r4 = -396 (vrmin of result)
;   own is unchanged on both PEs; every PE halts; the object requires at least 2 PEs.

.equ LEN, 4

.text
idle:   halt                        ; PEs other than 0 and 1

.data
inbox:  .zero   LEN
result: .zero   LEN

.data pe=0
own:    .msg    1, 2, 3, 4
.data pe=1
own_b:  .msg    100, 200, 300, 400  ; same address as `own`, on PE 1

.text pe=0
pe0:    addi    r1, r0, 1           ; peer = PE 1
        jal     r0, exchange
.text pe=1
pe1:    addi    r1, r0, 0           ; peer = PE 0
        jal     r0, exchange

.text pe=0,1
exchange:
        addi    r2, r0, inbox
        addi    r3, r0, own
        send    r1, r3, LEN         ; own -> peer (non-blocking)
        recv    r1, r2, LEN         ; peer's message -> inbox (waits for it)
        setvli  r0, LEN
        vld     v1, own(r0)
        vld     v2, inbox(r0)
        vsub    v3, v2, v1          ; inbox - own
        vst     v3, result(r0)
        vrmin   r4, v3
        bar
        halt

.entry idle
.entry pe0 pe=0
.entry pe1 pe=1
