/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 port's numbers for arch/stack.h, under the arch interface's
 * names: asm-defs.h's, which entry.S and the linker script use too, so
 * that C, assembly and the image's layout agree on one definition.
 */
#ifndef ARCH_STACK_DEFS_H
#define ARCH_STACK_DEFS_H

#include "../../asm-defs.h"

#define ARCH_STACK_SIZE STACK_SIZE
#define ARCH_STACK_GUARD STACK_GUARD
#define ARCH_STACK_SLOT_SIZE STACK_SLOT_SIZE

#endif
