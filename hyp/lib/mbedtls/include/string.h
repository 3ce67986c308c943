/* SPDX-License-Identifier: Apache-2.0 */
/*
 * <string.h> for Mbed TLS in the hypervisor and in native partitions:
 * mica's own (core/string.c, in libmica too), and strcmp, which md.c's
 * lookup of a digest by name (unused) calls.
 */
#ifndef MICA_MBEDTLS_STRING_H
#define MICA_MBEDTLS_STRING_H

#include "mica/string.h"

static inline int strcmp(const char *a, const char *b)
{
	while (*a != '\0' && *a == *b) {
		a++;
		b++;
	}
	return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

#endif
