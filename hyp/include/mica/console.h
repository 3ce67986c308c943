/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The hypervisor's console: whole lines, serialised across CPUs, written to
 * the board's UART.
 */
#ifndef MICA_CONSOLE_H
#define MICA_CONSOLE_H

#include <stdarg.h>

#include "mica/types.h"

/* Longest line printed in one piece; longer output is cut and marked "...". */
#define CONSOLE_LINE_MAX 192

/* printf-style output (see mica/fmt.h for the supported conversions). */
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes s unformatted, in one piece ("\n" as "\r\n", as every line). */
void console_puts(const char *s);

/*
 * Lets the calling CPU, about to stop for good, take the console even if it
 * held the console lock when it faulted, so that its report comes out and
 * nobody else hangs waiting for it.
 */
void console_force_unlock(void);

#endif
