/* SPDX-License-Identifier: Apache-2.0 */
/*
 * How a native partition starts and ends. libmica's entry point (_start in
 * start.S) runs at EL1 with the MMU and caches off, as QEMU (loading the ELF
 * with -kernel, or the raw .bin as an arm64 Image), mica (loading its
 * PT_LOAD segments) and Xen (loading the .bin as a domain's kernel) enter
 * it: it masks every exception, takes a 16 KiB stack in .bss, clears .bss,
 * installs libmica's EL1 vectors, reads the device tree x0 points to, if it
 * does (libmica/board.h; mica passes x0 = 0), and calls main(). Entered at
 * any level but EL1, it prints why and halts. Loaded above its link address
 * (0x40000000), as QEMU's -kernel loads an Image, it first copies itself
 * there; loaded below, it halts at once, silently.
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
