/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Invariant checks. CHECK() guards the hypervisor's own invariants: when one
 * breaks, mica prints file:line and stops the CPU, in every build. Guest input
 * is never CHECKed; it is validated and answered with a status.
 */
#ifndef MICA_CHECK_H
#define MICA_CHECK_H

#define CHECK(cond)                                            \
	do {                                                   \
		if (!(cond)) {                                 \
			check_fail(__FILE__, __LINE__, #cond); \
		}                                              \
	} while (0)

/* Prints the failed invariant and stops this CPU; never returns. */
_Noreturn void check_fail(const char *file, int line, const char *what);

#endif
