/* SPDX-License-Identifier: Apache-2.0 */
/*
 * PSCI (Arm DEN0022) through HVC: mica implements it for its partitions,
 * and QEMU's virt board without EL2 or EL3 implements it itself with the
 * HVC conduit (its device tree says method = "hvc"). Results are PSCI's:
 * 0 or a negative error (-1 NOT_SUPPORTED, -2 INVALID_PARAMETERS, ...).
 */
#ifndef LIBMICA_PSCI_H
#define LIBMICA_PSCI_H

#include <stdint.h>

#include "arm64/psci.h"

/*
 * The SMC64 id of AFFINITY_INFO: only guests use it (the hypervisor drops
 * SMCCC_64 and answers both ids as PSCI_AFFINITY_INFO).
 */
#define PSCI_AFFINITY_INFO_64 (PSCI_AFFINITY_INFO | SMCCC_64)

/* Any PSCI function (arm64/psci.h): id fn, arguments a1..a3; returns x0. */
int64_t mica_psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);

/* PSCI_VERSION: (major << 16) | minor, or -1 if there is no PSCI. */
int64_t mica_psci_version(void);

/*
 * SYSTEM_OFF: under mica, stops this partition; on bare hardware, the
 * machine. Returns only if the call failed, with its status.
 */
int64_t mica_psci_system_off(void);

/* SYSTEM_RESET: restarts the partition (or machine); returns on failure. */
int64_t mica_psci_system_reset(void);

/*
 * Masks interrupts and calls SYSTEM_OFF. If that fails it says so and
 * halts the CPU in WFI for good, interrupts masked. Never returns.
 */
__attribute__((noreturn)) void mica_poweroff(void);

#endif
