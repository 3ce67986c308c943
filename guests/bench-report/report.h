/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The console report of a benchmark's samples that tools/bench/bench.py
 * reads: "WHO: NAME raw v v ..." lines in the order taken, then one
 * summary line. For the benchmarks beside rt-bench (chan-bench,
 * xen-pingpong); rt-bench prints its own, with its histogram, and does
 * not link this file.
 */
#ifndef BENCH_REPORT_H
#define BENCH_REPORT_H

#include <stdint.h>

/*
 * Prints v[0..n) as "who: name raw ..." lines of at most 64 values' text
 * each, then sorts v in place and prints "who: name samples N min M mean
 * A p99 P max X (ticks)". n may be 0 (then only the summary, all zero).
 */
void stats_report(const char *who, const char *name, uint32_t *v, uint32_t n);

#endif
