/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Fault-containment self-test, asked for on the command line with
 * mica.fault=KIND@CPU, KIND one of undef (undefined instruction), dabort
 * (load from an unmapped address), check (a failed CHECK), wtext (a store
 * to the hypervisor's own code) or xdata (a jump into its data). The last
 * two show W^X enforced by the translation itself. The named CPU
 * faults on purpose; another CPU, the monitor, checks that the faulting CPU
 * stopped and that every other CPU still takes interrupts, and prints the
 * verdict ("selftest: PASS ..." or "selftest: FAIL ..."). It provokes what
 * no partition can: faults of the hypervisor itself, which must stop their
 * CPU and no other.
 */
#ifndef MICA_SELFTEST_H
#define MICA_SELFTEST_H

#include "mica/board.h"
#include "mica/cpu.h"

/*
 * On the boot CPU, once every CPU is online: starts the test if the command
 * line asks for one. Returns unless the boot CPU itself is the one to fault;
 * if it is the monitor, it returns after the verdict.
 */
void selftest_run(const struct board *b);

/* On every secondary CPU, each time it wakes: faults or monitors if asked. */
void selftest_secondary(const struct cpu *c);

#endif
