/* SPDX-License-Identifier: Apache-2.0 */
/*
 * idreg_read(n): the ID register op0 3, op1 0, CRn 0, CRm 1 + n / 8,
 * op2 n % 8 (n < 56), for trap.c's answers to the reads HCR_EL2.TID3
 * traps. A table of MRS/RET pairs, since MRS takes no register number;
 * the architecture makes the unallocated encodings of this block RAZ.
 */
	.text
	.global idreg_read
idreg_read:
	cmp	x0, #56
	b.hs	2f
	adr	x1, 1f
	add	x1, x1, x0, lsl #3
	br	x1
1:
	.irp	crm, 1, 2, 3, 4, 5, 6, 7
	.irp	op2, 0, 1, 2, 3, 4, 5, 6, 7
	mrs	x0, s3_0_c0_c\crm\()_\op2
	ret
	.endr
	.endr
2:	mov	x0, #0
	ret
