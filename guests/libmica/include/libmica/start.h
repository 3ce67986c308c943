/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How a native partition starts and ends. libmica's entry point (_start in
 * start.S) runs at EL1 with the MMU and caches off, as both QEMU (loading
 * the ELF with -kernel) and mica (loading its PT_LOAD segments) enter it: it
 * masks every exception, takes a 16 KiB stack in .bss, clears .bss,
 * installs libmica's EL1 vectors and calls main(). Registers at entry are
 * ignored (mica passes x0 = 0). Entered at any level but EL1, it prints why
 * and halts.
 *
 * Not done: the MMU stays off (so every access is Device memory, uncached:
 * fine on QEMU, slow on silicon), there is no guard below the stack, and
 * only the CPU that enters runs; secondary vCPUs are not started.
 */
#ifndef LIBMICA_START_H
#define LIBMICA_START_H

/*
 * The partition's code, supplied by each partition. Called once, with IRQs,
 * FIQs, SErrors and debug exceptions masked and .bss zeroed. When it returns
 * the partition powers off (mica_poweroff()); the value is ignored, since
 * PSCI SYSTEM_OFF carries no status.
 */
int main(void);

#endif
