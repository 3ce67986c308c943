/* SPDX-License-Identifier: Apache-2.0 */
/*
 * EL2 exception vectors. Every entry saves the full register frame
 * (struct arch_regs) on the current stack and calls
 * exception_entry(frame, kind), kind = 4 * group + type with group 0..3 =
 * current EL with SP_EL0, current EL with SP_ELx, lower EL AArch64, lower EL
 * AArch32 and type 0..3 = synchronous, IRQ, FIQ, SError. When the handler
 * returns, the frame (possibly changed) is restored and the CPU returns to
 * where it was. One exception: a FIQ from a guest (kind 10) first tries
 * the virtual timer's fast path, vtimer_fast below.
 */
#include "asm-defs.h"

.macro vector kind
	.balign	0x80
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #0]
	mov	x1, #\kind
	b	exception_common
.endm

	.text
	.balign	0x800
	.global	el2_vectors
el2_vectors:
	vector	0
	vector	1
	vector	2
	vector	3
	vector	4
	vector	5
	vector	6
	vector	7
	vector	8
	vector	9
	.balign	0x80			/* kind 10: FIQ from a guest */
	sub	sp, sp, #REGS_SIZE
	stp	x0, x1, [sp, #0]
	b	vtimer_fast
	vector	11
	vector	12
	vector	13
	vector	14
	vector	15

exception_common:
	stp	x2, x3, [sp, #16]
	mrs	x2, esr_el2
exception_acked:			/* x2: the frame's esr */
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x19, [sp, #144]
	stp	x20, x21, [sp, #160]
	stp	x22, x23, [sp, #176]
	stp	x24, x25, [sp, #192]
	stp	x26, x27, [sp, #208]
	stp	x28, x29, [sp, #224]
	add	x3, sp, #REGS_SIZE	/* sp before the exception */
	stp	x30, x3, [sp, #240]
	mrs	x3, elr_el2
	mrs	x4, spsr_el2
	stp	x3, x4, [sp, #256]
	mrs	x3, far_el2
	stp	x2, x3, [sp, #272]
	mov	x0, sp
	bl	exception_entry

	/* Back to where the exception came from (vcpu_eret(): into a vCPU). */
exception_return:
	load_regs sp
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #REGS_SIZE
	eret

/*
 * A FIQ from a guest: on GICv3 one of mica's interrupts (GICv2 signals
 * them as IRQs, so this never runs there: the ICC_* registers it reads
 * would not exist). Acknowledged here; if it is the virtual timer's PPI,
 * and vgic.c left a list register value ready for the vCPU that runs
 * here (vgic_vtimer_fast: its timer's list register, linked to the PPI,
 * and what the model allows), and the guest has emptied that list
 * register (ICH_ELRSR_EL2: it ended the last one), the value goes back
 * in, pending, the priority drops (EOImode 1: the PPI stays active until
 * the guest's end deactivates it) and the guest resumes: what the slow
 * path would do, in x0-x3 only, bounded, reading nothing the guest can
 * write. Anything else takes the slow path with the acknowledged id in
 * the frame's esr (trap_lower()).
 */
vtimer_fast:
	stp	x2, x3, [sp, #16]
	mrs	x2, S3_0_C12_C8_0	/* ICC_IAR0_EL1 */
	cmp	x2, #VGIC_VTIMER_PPI
	b.ne	1f
	mrs	x0, tpidr_el2		/* struct cpu, its index first */
	ldr	w0, [x0]
	adrp	x1, vgic_vtimer_fast
	add	x1, x1, :lo12:vgic_vtimer_fast
	add	x1, x1, x0, lsl #4
	ldp	x3, x0, [x1]		/* the value, its list register */
	cbz	x3, 1f
	and	x0, x0, #15		/* 16 list registers at most */
	mrs	x1, S3_4_C12_C11_5	/* ICH_ELRSR_EL2 */
	lsr	x1, x1, x0
	tbz	x1, #0, 1f		/* not ended yet: the slow path sees */
	adr	x1, 2f
	add	x1, x1, x0, lsl #3	/* two instructions an entry */
	br	x1
2:	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	msr	S3_4_C12_C12_\n, x3	/* ICH_LR<n>_EL2 */
	b	vtimer_fast_done
	.endr
	.irp	n, 0, 1, 2, 3, 4, 5, 6, 7
	msr	S3_4_C12_C13_\n, x3	/* ICH_LR<8 + n>_EL2 */
	b	vtimer_fast_done
	.endr
vtimer_fast_done:
	msr	S3_0_C12_C8_1, x2	/* ICC_EOIR0_EL1: the priority drop */
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #REGS_SIZE
	eret

	/* The slow path (x0-x3 saved): ordered as gicv3_ack() orders it. */
1:	dsb	sy
	mov	x1, #10
	b	exception_acked
