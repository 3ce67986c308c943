/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: powering CPUs and the machine (PSCI on Arm, SBI HSM on
 * RISC-V).
 */
#ifndef ARCH_POWER_H
#define ARCH_POWER_H

#include "mica/types.h"

struct board;

/*
 * Starts the CPU with hardware id hwid at the port's secondary entry point,
 * which calls cpu_secondary_main(index). Returns false, after printing the
 * firmware's answer, if the firmware refused.
 */
bool arch_power_cpu_on(const struct board *b, uint64_t hwid, unsigned index);

/* Turns the whole machine off. Returns only if the firmware refused. */
void arch_power_system_off(const struct board *b);

#endif
