/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rt-bench's own load, for make bench's bare baselines with interference
 * (`bare+memcpy`, `bare+hog`): on bare QEMU, with no hypervisor, the other
 * CPUs of the board run what Linux's `mica.load=` runs beside rt-bench under
 * mica, and rt-bench measures on CPU 0, as it does beside Linux on CPU 1
 * under mica (configs/bench/rt-linux-*.dts).
 *
 * Built in only when RT_BENCH_LOAD is non-zero (guests.mk's
 * rt-bench-memcpy.elf and rt-bench-hog.elf):
 *
 *   RT_BENCH_LOAD 1   memcpy: copies a buffer into another and back, for
 *                     ever, 64 bytes an iteration with ldp/stp (the mix of
 *                     Linux's memcpy), RT_BENCH_LOAD_BYTES each way
 *   RT_BENCH_LOAD 2   hog: the arithmetic loop of guests/linux/load.c
 *
 * Each load CPU also takes a timer tick every RT_BENCH_LOAD_TICK_US (4000:
 * Debian's arm64 kernel has HZ=250, and a busy Linux CPU takes its tick),
 * so that the load CPUs, like Linux's, give QEMU a timer event every 4 ms;
 * 0 leaves them without one.
 *
 * The boot CPU starts the others with PSCI CPU_ON (QEMU's, through HVC),
 * one after the other, each confirming it runs before the next starts,
 * then measures. With one CPU there is no load. The load's buffers are at
 * fixed addresses from 16 MiB into RAM (16 MiB a CPU,
 * RT_BENCH_LOAD_MAX_CPUS at most): bare QEMU with -m 128M or more; not for
 * mica partitions.
 *
 * Why CPU 0: under -icount, QEMU 7.2 runs every CPU in turn on one thread,
 * and a CPU whose timer fires waits for the busy CPUs' turns; with the
 * measuring CPU after busy ones in that order (rt-bench on CPU 2 of 3,
 * or CPU 1 of 2) its interrupt waits for their next timer event, bare or
 * not: milliseconds (bench/README.md).
 */
#ifndef RT_BENCH_LOAD_H
#define RT_BENCH_LOAD_H

#include <stdbool.h>
#include <stdint.h>

#define RT_BENCH_LOAD_NONE 0
#define RT_BENCH_LOAD_MEMCPY 1
#define RT_BENCH_LOAD_HOG 2

/* The most CPUs rt-bench uses (its stacks and buffers). */
#define RT_BENCH_LOAD_MAX_CPUS 4

/*
 * Starts the load on every CPU but CPU 0 and calls measure() there.
 * Returns measure()'s value, or -1 after printing why the load could not
 * start.
 */
int rt_bench_load_start(int (*measure)(void));

/*
 * For rt-bench's IRQ handler: true if this CPU is a load CPU, after taking
 * its tick (intid) if it was one; false on the measuring CPU.
 */
bool rt_bench_load_irq(uint32_t intid);

#endif
