/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's scenario section is the AArch64 port's: the unit tests'
 * scenarios describe QEMU's virt board, as their device trees do, and the
 * AArch64 section's check (hyp/arch/aarch64/scenario.c, pure C) is linked
 * into them rather than copied.
 */
#ifndef ARCH_FAKE_SCENARIO_DEFS_H
#define ARCH_FAKE_SCENARIO_DEFS_H

#include "../../../aarch64/include/arch/scenario_defs.h"

#endif
