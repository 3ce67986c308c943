/* SPDX-License-Identifier: Apache-2.0 */
#ifndef ARCH_STACK_DEFS_H
#define ARCH_STACK_DEFS_H

#include "../../asm-defs.h"

#define ARCH_STACK_SIZE STACK_SIZE
#define ARCH_STACK_GUARD STACK_GUARD
#define ARCH_STACK_SLOT_SIZE STACK_SLOT_SIZE

#endif
