/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the per-CPU stacks' shape. Each CPU has a slot of
 * ARCH_STACK_SLOT_SIZE bytes in the stacks section: a guard page of
 * ARCH_STACK_GUARD bytes, left unmapped, then the stack growing down
 * from the slot's top.
 */
#ifndef ARCH_STACK_H
#define ARCH_STACK_H

#include "arch/stack_defs.h"

#endif
