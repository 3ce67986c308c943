/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fields of an SMC Calling Convention function id (Arm DEN0028): bit 31
 * a fast call, bit 30 the 64-bit convention (SMC64/HVC64), bits 29:24 the
 * owning entity number (OEN) whose service answers, bits 15:0 the function
 * within it; and the architecture calls (OEN 0) mica answers. Values only,
 * with no C suffixes: include/mica/hypercall.h builds on them and promises
 * to assembly that it can be included there too.
 */
#ifndef ARM64_SMCCC_H
#define ARM64_SMCCC_H

#define SMCCC_FAST_CALL 0x80000000
#define SMCCC_64 0x40000000
#define SMCCC_OEN_SHIFT 24
#define SMCCC_OEN(fid) (((fid) >> SMCCC_OEN_SHIFT) & 0x3f)

#define SMCCC_OEN_ARCH 0       /* Arm architecture calls */
#define SMCCC_OEN_STANDARD 4   /* standard secure services: PSCI */
#define SMCCC_OEN_VENDOR_HYP 6 /* vendor specific hypervisor services */

/* The id of fast call n of service oen, 32-bit convention. */
#define SMCCC_FN(oen, n) (SMCCC_FAST_CALL | ((oen) << SMCCC_OEN_SHIFT) | (n))

/* SMCCC_VERSION: (major << 16) | minor of the convention followed. */
#define SMCCC_VERSION SMCCC_FN(SMCCC_OEN_ARCH, 0)
#define SMCCC_VERSION_1_1 0x10001

#endif
