/* SPDX-License-Identifier: Apache-2.0 */
/*
 * String formatting for the hypervisor's console: a small, bounded subset of
 * C's printf. Supported: flags '-' and '0', a decimal width, length modifiers
 * l, ll and z, and the conversions d i u x X s c p %. Anything else is printed
 * as is, so a bad format string garbles a line but never reads past the
 * arguments it names.
 */
#ifndef MICA_FMT_H
#define MICA_FMT_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Formats into buf, which holds size bytes, always NUL-terminating when size
 * is non-zero. Returns the length the full output would have had, as C's
 * vsnprintf does, so a caller detects truncation by ret >= size.
 */
size_t fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* As fmt_vsnprintf, with variable arguments. */
size_t fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
