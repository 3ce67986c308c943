/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Layout of the hypervisor image: text (r-x), rodata (r--), data and bss
 * (rw-), per-CPU stacks, then the page pool up to PLAT_MEM_SIZE. Every
 * boundary between different permissions is page aligned, so stage-1 maps
 * each with its own attributes and no page is writable and executable.
 * The scenario's partition images come after all that (.payload).
 */
#include "asm-defs.h"
#include "mica/config.h"

OUTPUT_ARCH(aarch64)
ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(5);
	rodata PT_LOAD FLAGS(4);
	data PT_LOAD FLAGS(6);
	payload PT_LOAD FLAGS(4);
}

SECTIONS
{
	. = PLAT_LOAD_ADDR;
	__image_start = .;
	.text : {
		__text_start = .;
		KEEP(*(.text.head))
		*(.text .text.*)
	} :text
	. = ALIGN(4096);
	__text_end = .;

	.rodata : {
		__rodata_start = .;
		*(.rodata .rodata.*)
	} :rodata
	. = ALIGN(4096);
	__rodata_end = .;

	.data : {
		__data_start = .;
		*(.data .data.*)
	} :data
	. = ALIGN(4096);
	__data_end = .;

	.bss (NOLOAD) : {
		__bss_start = .;
		*(.bss .bss.* COMMON)
		. = ALIGN(4096);
		__bss_end = .;
	} :data

	.stacks (NOLOAD) : ALIGN(4096) {
		__stacks_start = .;
		mica_stacks = .;
		. += STACK_SLOT_SIZE * MICA_MAX_CPUS;
		__stacks_end = .;
	} :data

	__pool_start = .;
	__image_end = PLAT_LOAD_ADDR + PLAT_MEM_SIZE;
	__image_size = PLAT_MEM_SIZE;

	ASSERT(__pool_start + 64 * 4096 <= __image_end,
	       "the image leaves less than 64 pages for the page pool")

	/* The partition images follow the hypervisor's memory (payload.S). */
	. = PLAT_LOAD_ADDR + PLAT_MEM_SIZE;
	.payload : {
		KEEP(*(.payload))
	} :payload

	/DISCARD/ : {
		*(.comment) *(.note*) *(.eh_frame*) *(.interp) *(.dynamic)
	}
}
