/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The Power State Coordination Interface (Arm DEN0022, PSCI 1.0): the
 * function ids that mica calls on its firmware and answers for its
 * partitions, and that libmica calls; and their status codes. PSCI's ids
 * are SMCCC fast calls of the standard secure service (arm64/smccc.h);
 * the _64 form of a call that takes an address is its SMC64 id. Values
 * only, as arm64/smccc.h.
 */
#ifndef ARM64_PSCI_H
#define ARM64_PSCI_H

#include "arm64/smccc.h"

#define PSCI_FN(n) SMCCC_FN(SMCCC_OEN_STANDARD, n)

#define PSCI_VERSION PSCI_FN(0x0) /* 0x84000000 */
#define PSCI_CPU_OFF PSCI_FN(0x2)
#define PSCI_CPU_ON PSCI_FN(0x3)
#define PSCI_AFFINITY_INFO PSCI_FN(0x4)
#define PSCI_MIGRATE_INFO_TYPE PSCI_FN(0x6)
#define PSCI_SYSTEM_OFF PSCI_FN(0x8)
#define PSCI_SYSTEM_RESET PSCI_FN(0x9)
#define PSCI_FEATURES PSCI_FN(0xa)
#define PSCI_CPU_ON_64 (PSCI_CPU_ON | SMCCC_64) /* 0xc4000003 */

#define PSCI_VERSION_1_0 0x10000 /* (major << 16) | minor */

#define PSCI_SUCCESS 0
#define PSCI_NOT_SUPPORTED (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED (-3)
#define PSCI_ALREADY_ON (-4)
#define PSCI_ON_PENDING (-5)
#define PSCI_INTERNAL_FAILURE (-6)
#define PSCI_NOT_PRESENT (-7)
#define PSCI_DISABLED (-8)
#define PSCI_INVALID_ADDRESS (-9)

/* AFFINITY_INFO's answers, and MIGRATE_INFO_TYPE's: no Trusted OS. */
#define PSCI_AFFINITY_ON 0
#define PSCI_AFFINITY_OFF 1
#define PSCI_TOS_NOT_PRESENT 2

#endif
