/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor image's sections, as the port's linker script places them.
 * All bounds are page aligned; the hypervisor owns [__image_start,
 * __image_end) and nothing else of RAM.
 */
#ifndef MICA_LAYOUT_H
#define MICA_LAYOUT_H

#include <stdint.h>

/*
 * The linker script defines these; names with a leading "__" belong to the
 * implementation, and for these symbols the linker script is it.
 */
/* NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */
extern uint8_t __image_start[], __image_end[];
extern uint8_t __text_start[], __text_end[];
extern uint8_t __rodata_start[], __rodata_end[];
extern uint8_t __data_start[], __data_end[];
extern uint8_t __bss_start[], __bss_end[];
extern uint8_t __stacks_start[], __stacks_end[];
extern uint8_t __pool_start[];
extern uint8_t __payload_start[], __payload_end[];
/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp) */

#endif
