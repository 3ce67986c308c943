/* SPDX-License-Identifier: Apache-2.0 */
/*
 * What every host unit test includes: cmocka with the headers it needs
 * before it, the fake port's controls, and helpers to read the test data
 * the build puts in UNIT_DATA_DIR ($(BUILD)/unit). Buffers are handed out
 * at exactly the size asked, so that AddressSanitizer catches any read
 * past their end.
 */
#ifndef UNIT_H
#define UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "arch/fake.h"

#ifndef UNIT_DATA_DIR
#error "UNIT_DATA_DIR must name the directory of the test data"
#endif

/* A copy of size bytes of src in a buffer of exactly that size. */
static inline uint8_t *unit_dup(const void *src, size_t size)
{
	uint8_t *p = malloc(size > 0 ? size : 1);

	assert_non_null(p);
	if (size > 0) {
		memcpy(p, src, size);
	}
	return p;
}

/* Reads UNIT_DATA_DIR/name whole; fails the test if it cannot. */
static inline uint8_t *unit_load(const char *name, size_t *size)
{
	char path[512];
	FILE *f;
	long n;
	uint8_t *p;

	snprintf(path, sizeof(path), "%s/%s", UNIT_DATA_DIR, name);
	f = fopen(path, "rb");
	if (f == NULL) {
		fail_msg("cannot open %s (run make unit-build)", path);
	}
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	p = malloc((size_t)n);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*size = (size_t)n;
	return p;
}

static inline uint32_t unit_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static inline void unit_put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Whether [p, p + n) lies inside [base, base + size). */
static inline bool unit_inside(const void *p, size_t n, const void *base,
			       size_t size)
{
	uintptr_t a = (uintptr_t)p;
	uintptr_t b = (uintptr_t)base;

	return a >= b && a - b <= size && n <= size - (a - b);
}

/* Sets up the fake port before each test. */
static inline int unit_setup_fake(void **state)
{
	(void)state;
	fake_reset();
	return 0;
}

#endif
