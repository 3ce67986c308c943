/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Entry points of the AArch64 port. The image starts with an arm64 Linux
 * Image header so that boot loaders (QEMU's -kernel among them) load it
 * 2 MiB-aligned and pass the device tree in x0, at EL2 with the MMU off.
 *
 * Primary CPU: record the boot counter, clear .bss, take CPU 0's stack,
 * install the vectors and call mica_main(dtb, counter). Secondary CPUs
 * arrive through PSCI CPU_ON at secondary_entry with their index in x0,
 * take their stack, turn on the translation the primary built and call
 * cpu_secondary_main.
 */
#include "asm-defs.h"

	.section .text.head, "ax"
	.global _start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	0			/* text_offset: from a 2 MiB boundary */
	.quad	__image_size		/* image_size: hypervisor memory in all */
	.quad	0xa			/* flags: LE, 4K pages, anywhere */
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved */

	.text
primary_entry:
	mrs	x20, cntpct_el0		/* counter at the first instruction */
	mov	x19, x0			/* device tree */
	bl	el2_setup

	/*
	 * Clear .bss; its bounds are page aligned by the linker script, so
	 * 128 bytes a step (every instruction counts at boot).
	 */
	adrp	x0, __bss_start
	adrp	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0, #16]
	stp	xzr, xzr, [x0, #32]
	stp	xzr, xzr, [x0, #48]
	stp	xzr, xzr, [x0, #64]
	stp	xzr, xzr, [x0, #80]
	stp	xzr, xzr, [x0, #96]
	stp	xzr, xzr, [x0, #112]
	stp	xzr, xzr, [x0], #128
	b	1b
2:
	mov	x0, #0
	bl	set_stack
	mov	x0, x19
	mov	x1, x20
	bl	mica_main
	b	halt

	.global secondary_entry
secondary_entry:
	mov	x19, x0			/* CPU index, from CPU_ON's context id */
	bl	el2_setup
	mov	x0, x19
	bl	set_stack
	bl	mmu_enable_secondary
	mov	x0, x19
	bl	cpu_secondary_main
	b	halt

/* Stack of CPU x0: the top of its slot in mica_stacks. Clobbers x1, x2. */
set_stack:
	adrp	x1, mica_stacks
	add	x1, x1, :lo12:mica_stacks
	add	x0, x0, #1
	mov	x2, #STACK_SLOT_SIZE
	madd	x1, x0, x2, x1
	mov	sp, x1
	ret

/* Puts EL2 into a known state. Runs with the MMU off; clobbers x0. */
el2_setup:
	/* Exceptions to our vectors; physical IRQ/FIQ/SError to EL2. */
	adrp	x0, el2_vectors
	add	x0, x0, :lo12:el2_vectors
	msr	vbar_el2, x0
	mov	x0, #(HCR_IMO | HCR_FMO | HCR_AMO)
	orr	x0, x0, #HCR_RW
	msr	hcr_el2, x0
	/* SCTLR_EL2: MMU and caches off, alignment checks on, SP alignment on. */
	ldr	x0, =(SCTLR_EL2_RES1 | SCTLR_SA | SCTLR_A)
	msr	sctlr_el2, x0
	/*
	 * CPTR_EL2: FP/SIMD not trapped until a vCPU runs (vcpu.c then
	 * traps it after each switch, to switch it lazily); SVE (TZ) and SME (TSM) trapped at every level, since
	 * partitions do not get them (trap.c) and nothing switches their
	 * state; the rest RES1.
	 */
	mov	x0, #0x33ff
	msr	cptr_el2, x0
	/*
	 * Lower ELs may read the counter and use the physical timer until
	 * arch_vcpu_cpu_init() takes the timer back; virtual offset zero.
	 */
	mov	x0, #3
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr
	msr	tpidr_el2, xzr		/* no per-CPU data yet */
	isb
	ret

	.global halt
halt:
	msr	daifset, #0xf
1:	wfi
	b	1b
