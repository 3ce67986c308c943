/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Summary statistics of latency samples in integer counter ticks: sort,
 * min, mean, 99th percentile, max, and log2 histogram buckets. No floating
 * point, no allocation, no recursion, no hardware access (a host test can
 * use it as is).
 */
#ifndef RT_STATS_H
#define RT_STATS_H

#include <stdint.h>

/* Characters one raw value takes: " " and the 10 digits of a uint32_t. */
#define STATS_RAW_VALUE_MAX 11
/* Digits of a uint64_t in decimal. */
#define STATS_DEC_MAX 20

/* Buckets of stats_bucket(): 0, then [2^(b-1), 2^b) for b = 1..32. */
#define STATS_BUCKETS 33

struct stats {
	uint32_t count;
	uint32_t min;
	uint32_t mean; /* rounded down */
	uint32_t p99;  /* nearest rank: the ceil(0.99 * count)-th smallest */
	uint32_t max;
};

/* Sorts v[0..n) ascending, in place (heapsort: O(n log n), no recursion). */
void stats_sort(uint32_t *v, uint32_t n);

/* The summary of sorted[0..n), which must be sorted; all zero if n is 0. */
struct stats stats_summarise(const uint32_t *sorted, uint32_t n);

/* v's histogram bucket: 0 for 0, else 1 + floor(log2(v)). */
unsigned stats_bucket(uint32_t v);

/* The smallest value in bucket b (b < STATS_BUCKETS). */
uint64_t stats_bucket_low(unsigned b);

/* Writes v in decimal at p (at most STATS_DEC_MAX chars); returns the end. */
char *stats_put_dec(char *p, uint64_t v);

/*
 * Writes " v v ..." of v[0..n) (n >= 1) in decimal at p: the first value,
 * then as many more as keep the text within room characters (room at
 * least STATS_RAW_VALUE_MAX). Sets *taken to how many it wrote; returns
 * the text's end. A raw line's values (tools/bench/bench.py reads them).
 */
char *stats_format_raw(char *p, unsigned room, const uint32_t *v, uint32_t n,
		       uint32_t *taken);

#endif
