/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The two ways into and out of a vCPU's registers that C cannot write:
 * FP/SIMD save and restore (struct arch_fp_regs: q0-q31, then FPSR and
 * FPCR), in assembly because the hypervisor's C is built without FP/SIMD
 * registers; vcpu_eret(), the return into a guest with all of its
 * general registers; regs_copy(), which moves an exit frame into its
 * vCPU in 18 pairs (the C memcpy() takes three times as many steps); and
 * el1_save()/el1_load(), its EL1 system registers in pairs too.
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

/*
 * el1_save(regs) and el1_load(regs): a vCPU's EL1 system registers
 * (struct arch_el1_regs, in its order) from and into the CPU, a pair to
 * each load or store: 36 steps each way, where C took 48 (a load or
 * store for each register).
 */
.macro el1_pair op, a, b, off
	.ifc	\op, save
	mrs	x2, \a
	mrs	x3, \b
	stp	x2, x3, [x0, #\off]
	.else
	ldp	x2, x3, [x0, #\off]
	msr	\a, x2
	msr	\b, x3
	.endif
.endm

.macro el1_all op
	el1_pair \op, sctlr_el1, ttbr0_el1, 0
	el1_pair \op, ttbr1_el1, tcr_el1, 16
	el1_pair \op, mair_el1, amair_el1, 32
	el1_pair \op, vbar_el1, contextidr_el1, 48
	el1_pair \op, elr_el1, spsr_el1, 64
	el1_pair \op, sp_el1, sp_el0, 80
	el1_pair \op, esr_el1, far_el1, 96
	el1_pair \op, afsr0_el1, afsr1_el1, 112
	el1_pair \op, par_el1, tpidr_el0, 128
	el1_pair \op, tpidrro_el0, tpidr_el1, 144
	el1_pair \op, cpacr_el1, csselr_el1, 160
	el1_pair \op, cntkctl_el1, mdscr_el1, 176
	ret
.endm

	.global el1_save
el1_save:
	el1_all save

	.global el1_load
el1_load:
	el1_all load
