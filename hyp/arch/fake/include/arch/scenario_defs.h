/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's scenario section is the AArch64 port's: the unit tests'
 * scenarios describe QEMU's virt board, as their device trees do, and they
 * run the AArch64 section's check rather than a copy of it.
 */
#ifndef ARCH_FAKE_SCENARIO_DEFS_H
#define ARCH_FAKE_SCENARIO_DEFS_H

#include "../../../aarch64/include/arch/scenario_defs.h"

#endif
