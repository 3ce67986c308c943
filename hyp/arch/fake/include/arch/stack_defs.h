/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's stack shape: the same numbers as the AArch64 port, so
 * that code computing stack slots sees realistic values. Nothing on the
 * host runs on these stacks.
 */
#ifndef ARCH_STACK_DEFS_H
#define ARCH_STACK_DEFS_H

#define ARCH_STACK_SIZE 16384
#define ARCH_STACK_GUARD 4096
#define ARCH_STACK_SLOT_SIZE (ARCH_STACK_SIZE + ARCH_STACK_GUARD)

#endif
