// SPDX-License-Identifier: Apache-2.0
/*
 * rt-bench's statistics (stats.h). Integer arithmetic only: the sum of up
 * to 2^32 samples of at most 2^32 - 1 ticks fits in 64 bits.
 */
#include "stats.h"

static void swap(uint32_t *v, uint32_t i, uint32_t j)
{
	uint32_t t = v[i];

	v[i] = v[j];
	v[j] = t;
}

/* Restores the max-heap below root in v[0..end); O(log end) steps. */
static void sift_down(uint32_t *v, uint32_t root, uint32_t end)
{
	/* root at least doubles each step, so this ends; 64-bit: no wrap. */
	for (uint64_t child = 2 * (uint64_t)root + 1; child < end;
	     child = 2 * (uint64_t)root + 1) {
		if (child + 1 < end && v[child] < v[child + 1]) {
			child++;
		}
		if (v[root] >= v[child]) {
			return;
		}
		swap(v, root, (uint32_t)child);
		root = (uint32_t)child;
	}
}

void stats_sort(uint32_t *v, uint32_t n)
{
	if (n < 2) {
		return;
	}
	for (uint32_t i = n / 2; i > 0; i--) {
		sift_down(v, i - 1, n);
	}
	for (uint32_t end = n - 1; end > 0; end--) {
		swap(v, 0, end);
		sift_down(v, 0, end);
	}
}

struct stats stats_summarise(const uint32_t *sorted, uint32_t n)
{
	struct stats s = { 0 };
	uint64_t sum = 0;
	uint64_t rank;

	if (n == 0) {
		return s;
	}
	for (uint32_t i = 0; i < n; i++) {
		sum += sorted[i];
	}
	rank = (99 * (uint64_t)n + 99) / 100; /* ceil(0.99 n), 1..n */
	s.count = n;
	s.min = sorted[0];
	s.max = sorted[n - 1];
	s.mean = (uint32_t)(sum / n);
	s.p99 = sorted[rank - 1];
	return s;
}

unsigned stats_bucket(uint32_t v)
{
	unsigned b = 0;

	while (v != 0) { /* at most 32 steps */
		v >>= 1;
		b++;
	}
	return b;
}

uint64_t stats_bucket_low(unsigned b)
{
	return b == 0 ? 0 : (uint64_t)1 << (b - 1);
}

char *stats_put_dec(char *p, uint64_t v)
{
	char digits[STATS_DEC_MAX];
	unsigned k = 0;

	do {
		digits[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0 && k < STATS_DEC_MAX);
	while (k > 0) {
		*p++ = digits[--k];
	}
	return p;
}

char *stats_format_raw(char *p, unsigned room, const uint32_t *v, uint32_t n,
		       uint32_t *taken)
{
	const char *start = p;
	uint32_t i = 0;

	/* At least one value; each pass ends with one written. */
	do {
		*p++ = ' ';
		p = stats_put_dec(p, v[i++]);
	} while (i < n && p - start + STATS_RAW_VALUE_MAX <= room);
	*taken = i;
	return p;
}
