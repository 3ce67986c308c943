/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The few C library string functions the hypervisor uses, with their
 * standard contracts. The hypervisor build provides them (core/string.c);
 * host unit tests take them from the host's C library.
 */
#ifndef MICA_STRING_H
#define MICA_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);

#endif
