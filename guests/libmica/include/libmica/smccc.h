/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Calls through the SMC Calling Convention with the HVC conduit: the one way
 * a partition asks mica (or QEMU's built-in PSCI, on bare QEMU) for
 * anything. Function id in w0, arguments in x1..x3 (x1..x6 with
 * mica_smccc_hvc6), results in x0..x5.
 *
 * Safe where HVC is undefined: where EL2 is not implemented (bare QEMU
 * without virtualization) an HVC that QEMU's PSCI does not claim traps to
 * EL1 as an undefined instruction, and so does an HVC a hypervisor refuses
 * by injecting one; libmica's vector recognises its own HVC instruction and
 * returns MICA_HC_NOT_SUPPORTED in x0 instead of reporting a fault. Not
 * safe: EL2 present but running software that does not follow SMCCC (no
 * vectors installed, say), which the call cannot detect.
 */
#ifndef LIBMICA_SMCCC_H
#define LIBMICA_SMCCC_H

#include <stdint.h>

struct mica_smccc_res {
	uint64_t a0; /* status or first result; negative: an SMCCC error */
	uint64_t a1;
	uint64_t a2;
	uint64_t a3;
	uint64_t a4;
	uint64_t a5;
};

/*
 * HVC #0 with function id fn and arguments a1..a3; fills *res with x0..x5
 * as the callee left them (only a0 is meaningful when it is negative).
 */
void mica_smccc_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3,
		    struct mica_smccc_res *res);

/*
 * As mica_smccc_hvc, with six arguments: a[0..5] in x1..x6 (SMCCC 1.1 and
 * later pass up to x17; mica's calls take at most six).
 */
void mica_smccc_hvc6(uint64_t fn, const uint64_t a[6],
		     struct mica_smccc_res *res);

#endif
