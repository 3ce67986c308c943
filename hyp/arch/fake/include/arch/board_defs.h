/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's inline part of arch/board.h is the AArch64 port's, so
 * that board_test checks the real decoding of interrupt specifiers on
 * QEMU's device trees rather than a copy of it.
 */
#ifndef ARCH_FAKE_BOARD_DEFS_H
#define ARCH_FAKE_BOARD_DEFS_H

#include "../../../aarch64/include/arch/board_defs.h"

#endif
