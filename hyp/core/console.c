// SPDX-License-Identifier: Apache-2.0
/*
 * Console output. Each call formats into a buffer on the caller's stack and
 * writes it under one lock, so lines from different CPUs never interleave.
 * "\n" becomes "\r\n" for terminals.
 */
#include "mica/console.h"
#include "mica/fmt.h"
#include "mica/spinlock.h"
#include "arch/cpu.h"
#include "plat/console.h"

static struct spinlock console_lock = SPINLOCK_INIT;
/* Hardware id of the CPU holding console_lock; valid while it is held. */
static uint64_t console_holder = UINT64_MAX;

static void write_locked(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			plat_console_putc('\r');
		}
		plat_console_putc(*s);
	}
}

void console_puts(const char *s)
{
	spinlock_lock(&console_lock);
	console_holder = arch_cpu_hwid();
	write_locked(s);
	console_holder = UINT64_MAX;
	spinlock_unlock(&console_lock);
}

void console_printf(const char *fmt, ...)
{
	char line[CONSOLE_LINE_MAX];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= sizeof(line)) {
		/* Mark the cut, keeping the line's end. */
		line[sizeof(line) - 5] = '.';
		line[sizeof(line) - 4] = '.';
		line[sizeof(line) - 3] = '.';
		line[sizeof(line) - 2] = '\n';
	}
	console_puts(line);
}

void console_force_unlock(void)
{
	/*
	 * Only the holder may let go: handing the lock on keeps the ticket
	 * order, so every waiting CPU still gets its turn.
	 */
	if (console_holder == arch_cpu_hwid()) {
		console_holder = UINT64_MAX;
		spinlock_unlock(&console_lock);
	}
}
