/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The two ways into and out of a vCPU's registers that C cannot write:
 * FP/SIMD save and restore (struct arch_fp_regs: q0-q31, then FPSR and
 * FPCR), in assembly because the hypervisor's C is built without FP/SIMD
 * registers; vcpu_eret(), the return into a guest with all of its
 * general registers; and regs_copy(), which moves an exit frame into its
 * vCPU in 18 pairs (the C memcpy() takes three times as many steps).
 */
#include "asm-defs.h"

	.text
	.arch armv8-a+fp+simd

	.global fpsimd_save
fpsimd_save:
	stp	q0, q1, [x0, #0]
	stp	q2, q3, [x0, #32]
	stp	q4, q5, [x0, #64]
	stp	q6, q7, [x0, #96]
	stp	q8, q9, [x0, #128]
	stp	q10, q11, [x0, #160]
	stp	q12, q13, [x0, #192]
	stp	q14, q15, [x0, #224]
	stp	q16, q17, [x0, #256]
	stp	q18, q19, [x0, #288]
	stp	q20, q21, [x0, #320]
	stp	q22, q23, [x0, #352]
	stp	q24, q25, [x0, #384]
	stp	q26, q27, [x0, #416]
	stp	q28, q29, [x0, #448]
	stp	q30, q31, [x0, #480]
	mrs	x1, fpsr
	mrs	x2, fpcr
	add	x0, x0, #512
	stp	x1, x2, [x0]
	ret

	.global fpsimd_load
fpsimd_load:
	ldp	q0, q1, [x0, #0]
	ldp	q2, q3, [x0, #32]
	ldp	q4, q5, [x0, #64]
	ldp	q6, q7, [x0, #96]
	ldp	q8, q9, [x0, #128]
	ldp	q10, q11, [x0, #160]
	ldp	q12, q13, [x0, #192]
	ldp	q14, q15, [x0, #224]
	ldp	q16, q17, [x0, #256]
	ldp	q18, q19, [x0, #288]
	ldp	q20, q21, [x0, #320]
	ldp	q22, q23, [x0, #352]
	ldp	q24, q25, [x0, #384]
	ldp	q26, q27, [x0, #416]
	ldp	q28, q29, [x0, #448]
	ldp	q30, q31, [x0, #480]
	add	x0, x0, #512
	ldp	x1, x2, [x0]
	msr	fpsr, x1
	msr	fpcr, x2
	ret

/* regs_copy(dst, src): one struct arch_regs (REGS_SIZE bytes, 8-aligned). */
	.global regs_copy
regs_copy:
	.rept	REGS_SIZE / 16
	ldp	x2, x3, [x1], #16
	stp	x2, x3, [x0], #16
	.endr
	ret

/*
 * vcpu_eret(regs, stack_top): returns into the guest with the vCPU's
 * general registers, read straight from regs, and this CPU's stack empty
 * (its next exit saves its frame at the top, where arch_vcpu_preempt()
 * finds it). Registers as vectors.S's exception_return restores them
 * (load_regs).
 */
	.global vcpu_eret
vcpu_eret:
	mov	sp, x1
	load_regs x0
	ldp	x0, x1, [x0, #0]
	eret
