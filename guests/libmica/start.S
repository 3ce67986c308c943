/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A native partition's first instructions (see libmica/start.h): mask
 * everything, take the stack, clear .bss, check the exception level,
 * install the vectors, run main(), power off. Nothing here touches memory
 * before SP points at the stack, and only registers are used while .bss
 * (which holds the stack) is cleared.
 */

#define MICA_STACK_SIZE 16384

	.section .text.start, "ax"
	.global _start
	.type _start, %function
_start:
	msr	daifset, #0xf
	msr	spsel, #1
	adrp	x0, mica_stack_top
	add	x0, x0, :lo12:mica_stack_top
	mov	sp, x0

	/* .bss: both ends 16-byte aligned by link.ld. */
	adrp	x0, __bss_start
	add	x0, x0, :lo12:__bss_start
	adrp	x1, __bss_end
	add	x1, x1, :lo12:__bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	mrs	x0, CurrentEL
	ubfx	x0, x0, #2, #2
	cmp	x0, #1
	b.ne	3f

	adrp	x0, mica_vectors
	add	x0, x0, :lo12:mica_vectors
	msr	vbar_el1, x0
	isb
	mov	x29, #0 /* the end of the frame-pointer chain */
	mov	x30, #0
	bl	main
	bl	mica_poweroff

3:	bl	mica_exception_bad_el /* x0 = the level; never returns */
	.size _start, . - _start

	.section .bss.stack, "aw", %nobits
	.balign 16
	.global mica_stack_bottom
mica_stack_bottom:
	.space	MICA_STACK_SIZE
mica_stack_top:
