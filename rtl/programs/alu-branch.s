; alu-branch.s — scalar ALU, immediates, mul latency, branches (taken / not taken), jal/jalr,
; zero-overhead loops (loopi, loop rc, nested, two loops ending at one address), ld/st, csrr.
; One PE, default machine. Runs on gp5sim and the reference RTL (rtl/gp5_pe.v); see rtl/README.md.
;
; Expected final state: r12 = 55 + 3*(4 + 100) + 6 = 373 (also at `result`), result+1 = 374,
; r4 = 8 + 7 = 15 (after the subroutine), r5 = 0x123452ab.

.text
start:
        addi    r1, r0, 5           ; r1 = 5
        addi    r2, r0, -3          ; r2 = -3
        add     r3, r1, r2          ; 2
        sub     r4, r1, r2          ; 8
        and     r6, r1, r2          ; 5 & -3 = 5
        or      r7, r1, r2          ; -3
        xor     r8, r1, r2          ; -8
        lui     r5, 0x48d1          ; 0x48d1 << 10 = 0x01234400
        ori     r5, r5, 0x2ab       ;
        xori    r6, r6, 0xff
        andi    r7, r7, 0x3f
        slt     r6, r2, r1          ; 1
        slti    r7, r1, 4           ; 0
        sll     r8, r1, r3          ; 20
        srl     r9, r2, r3          ; logical
        sra     r9, r2, r3          ; -1
        slli    r10, r1, 3          ; 40
        srli    r10, r2, 28         ; 15
        srai    r10, r2, 1          ; -2
        min     r11, r1, r2         ; -3
        max     r11, r1, r2         ; 5
        mul     r10, r1, r4         ; 40, latency 3
        addi    r11, r10, 1         ; RAW on the multiplier result
        ; sum 10 + 9 + ... + 1 with a backward branch (taken 9 times)
        addi    r12, r0, 0
        addi    r13, r0, 10
sum:    add     r12, r12, r13
        addi    r13, r13, -1
        bne     r13, r0, sum
        ; nested zero-overhead loops: 3 × (4 × +1, +100)
        addi    r14, r0, 3
        loop    r14, outer_end
        loopi   4, inner_end
        addi    r12, r12, 1
inner_end:
        addi    r12, r12, 100
outer_end:
        ; two loops ending at the same address: 2 × 3 × +1
        loopi   2, both_end
        loopi   3, both_end
        addi    r12, r12, 1
both_end:
        blt     r1, r2, never       ; 5 < -3: not taken
        bge     r1, r2, over        ; taken
never:  addi    r12, r12, 1000
over:   jal     r15, sub1
        beq     r0, r0, store       ; taken
        addi    r12, r12, 2000
store:  st      r12, result(r0)
        ld      r1, result(r0)
        addi    r1, r1, 1           ; RAW on the load (latency 2)
        st      r1, result + 1(r0)
        csrr    r2, cycle
        csrr    r3, instret
        csrr    r9, stalls
        halt
sub1:   addi    r4, r4, 7
        jalr    r0, r15, 0

.data
result: .zero   2

.entry start
