/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The partition's console: a PL011 UART (or an SBSA UART, its subset, as
 * Xen's vpl011) where libmica/board.h found it: the device tree's stdout
 * UART, else MICA_CONSOLE_BASE (QEMU virt's UART0, and the virtual PL011
 * mica gives every partition); polled, with no interrupts and no
 * buffering. The UART is used as the board or mica left it; libmica never
 * programs its baud rate or line settings.
 */
#ifndef LIBMICA_CONSOLE_H
#define LIBMICA_CONSOLE_H

#include <stdarg.h>

#define MICA_CONSOLE_BASE 0x09000000u /* the default, without a device tree */

/* Longest mica_printf() output printed whole; longer is cut, ending "...". */
#define MICA_PRINTF_MAX 256

/*
 * Writes c, "\n" as "\r\n". Waits while the transmit FIFO is full, a bounded
 * number of polls: a UART that never drains loses the character rather than
 * hanging the partition.
 */
void mica_putc(char c);

/* Writes the NUL-terminated s with mica_putc(). */
void mica_puts(const char *s);

/*
 * printf-style output, formatted by the hypervisor's own fmt_vsnprintf
 * (hyp/core/fmt.c, compiled into libmica): flags '-' and '0', a width,
 * length modifiers l, ll and z, conversions d i u x X s c p %. No floating
 * point. Output is cut at MICA_PRINTF_MAX - 1 characters.
 */
void mica_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* As mica_printf, with a va_list. */
void mica_vprintf(const char *fmt, va_list ap);

/*
 * The next received byte (0..255), or -1 at once if none is waiting. Bytes
 * the UART flagged with a framing, parity, break or overrun error are
 * returned like any other: the caller decides what a strange byte means.
 */
int mica_getc(void);

#endif
