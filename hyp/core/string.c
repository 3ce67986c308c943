// SPDX-License-Identifier: Apache-2.0
/*
 * Freestanding implementations of the string functions in mica/string.h.
 * They must be correct with the MMU off, where unaligned accesses fault:
 * memset and memcpy move whole words only where aligned (they zero table
 * pages and partition memory and copy partition images); the others go
 * byte by byte.
 */
#include <stdint.h>

#include "mica/string.h"

void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;
	size_t i = 0;

	/* Whole words when both are aligned alike: partition images are. */
	if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
		for (; i < n && ((uintptr_t)(d + i) & 7) != 0; i++) {
			d[i] = s[i];
		}
		/* Four words a step: exit frames (288 bytes) on a switch. */
		for (; n - i >= 32; i += 32) {
			uint64_t *dw = (uint64_t *)(void *)(d + i);
			const uint64_t *sw =
				(const uint64_t *)(const void *)(s + i);

			dw[0] = sw[0];
			dw[1] = sw[1];
			dw[2] = sw[2];
			dw[3] = sw[3];
		}
		for (; n - i >= 8; i += 8) {
			*(uint64_t *)(void *)(d + i) =
				*(const uint64_t *)(const void *)(s + i);
		}
	}
	for (; i < n; i++) {
		d[i] = s[i];
	}
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d < s) {
		for (size_t i = 0; i < n; i++) {
			d[i] = s[i];
		}
	} else {
		for (size_t i = n; i > 0; i--) {
			d[i - 1] = s[i - 1];
		}
	}
	return dst;
}

void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;
	uint64_t word =
		(uint64_t)(unsigned char)c * UINT64_C(0x0101010101010101);

	while (n > 0 && ((uintptr_t)d & 7) != 0) {
		*d++ = (unsigned char)c;
		n--;
	}
	/* Four words a step: table pages at boot, 4 KiB each. */
	for (; n >= 32; n -= 32, d += 32) {
		uint64_t *w = (uint64_t *)(void *)d;

		w[0] = word;
		w[1] = word;
		w[2] = word;
		w[3] = word;
	}
	for (; n >= 8; n -= 8, d += 8) {
		*(uint64_t *)(void *)d = word;
	}
	while (n > 0) {
		*d++ = (unsigned char)c;
		n--;
	}
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a;
	const unsigned char *y = b;

	for (size_t i = 0; i < n; i++) {
		if (x[i] != y[i]) {
			return x[i] < y[i] ? -1 : 1;
		}
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == (unsigned char)c) {
			return (void *)(p + i);
		}
	}
	return NULL;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n] != '\0') {
		n++;
	}
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i];
		unsigned char y = (unsigned char)b[i];

		if (x != y) {
			return x < y ? -1 : 1;
		}
		if (x == '\0') {
			return 0;
		}
	}
	return 0;
}
