/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A native partition's first instructions (see libmica/start.h). The image
 * opens with an arm64 Linux Image header, so that loaders of the Linux
 * boot protocol (QEMU's -kernel with the raw .bin, Xen's domain builder)
 * accept it: text_offset 0 and "as close to the base of RAM as possible",
 * since the image is linked at 0x40000000 and not position independent.
 * Xen loads it there; QEMU's -kernel puts it 2 MiB higher (its own boot
 * code is at the base of RAM), so an image loaded above its link address
 * first copies itself down (everything but .bss) and jumps there; one
 * loaded below halts at once. Then: mask everything, take the
 * stack, clear .bss, check the exception level, install the vectors, read
 * the device tree x0 brought (libmica/board.h), run main(), power off.
 * Nothing here touches memory before SP points at the stack, and only
 * registers are used while .bss (which holds the stack) is cleared.
 */

#define MICA_STACK_SIZE 16384

	.section .text.start, "ax"
	.global _start
	.type _start, %function
_start:
	b	entry			/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset */
	.quad	__image_size		/* image_size: .bss included (link.ld) */
	.quad	0x2			/* flags: LE, 4K pages, near RAM's base */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved */

entry:
	msr	daifset, #0xf
	mov	x19, x0			/* the device tree, or 0 */

	/* Where the linker put us, or nothing below can work. */
	adr	x1, _start
	ldr	x2, =_start
	cmp	x1, x2
	b.ne	relocate

	msr	spsel, #1
	adrp	x1, mica_stack_top
	add	x1, x1, :lo12:mica_stack_top
	mov	sp, x1

	/* .bss: both ends 16-byte aligned by link.ld. */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	stp	xzr, xzr, [x1], #16
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
	mov	x0, x19
	bl	mica_board_init
	bl	main
	bl	mica_poweroff

3:	bl	mica_exception_bad_el /* x0 = the level; never returns */

/*
 * x1: where we are, x2: where we belong (below). Copies _start..__bss_start
 * (16-byte aligned, so the last few bytes may be padding) down, then enters
 * again at the link address with x0 unchanged. The copies must not overlap,
 * or this loop would overwrite itself: loaders put an Image on a 2 MiB
 * boundary, so only an image of more than 2 MiB without .bss halts here. A
 * device tree the copy overwrites is refused later by mica_board_init().
 */
relocate:
	b.lo	4f			/* loaded below: halt */
	adrp	x3, __bss_start
	add	x3, x3, :lo12:__bss_start
	adr	x4, _start
	sub	x3, x3, x4		/* bytes to copy */
	sub	x4, x1, x2		/* how far up we are */
	cmp	x4, x3
	b.lo	4f			/* overlapping: halt */
5:	ldp	x4, x5, [x1], #16
	stp	x4, x5, [x2], #16
	subs	x3, x3, #16
	b.hi	5b
	dsb	sy
	ic	iallu
	dsb	sy
	isb
	ldr	x1, =entry
	br	x1

4:	wfi				/* loaded where we cannot run */
	b	4b
	.size _start, . - _start
	.ltorg

	.section .bss.stack, "aw", %nobits
	.balign 16
	.global mica_stack_bottom
mica_stack_bottom:
	.space	MICA_STACK_SIZE
mica_stack_top:
