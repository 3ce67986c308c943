/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica_smccc_hvc (libmica/smccc.h). Its HVC instruction has a global label,
 * mica_smccc_hvc_insn, so that the vector can tell an undefined HVC issued
 * here, which it answers with NOT_SUPPORTED, from any other fault. SMCCC
 * v1.0 lets the callee clobber x4-x17 (1.1 returns results in them), so
 * the result pointer waits on the stack.
 */

	.text
	.global mica_smccc_hvc
	.type mica_smccc_hvc, %function
mica_smccc_hvc:
	str	x4, [sp, #-16]!
	.global mica_smccc_hvc_insn
mica_smccc_hvc_insn:
	hvc	#0
	ldr	x9, [sp], #16
	stp	x0, x1, [x9]
	stp	x2, x3, [x9, #16]
	stp	x4, x5, [x9, #32]
	ret
	.size mica_smccc_hvc, . - mica_smccc_hvc
