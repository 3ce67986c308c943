// SPDX-License-Identifier: Apache-2.0
/*
 * The fake platform console (plat/console.h): output is captured in a
 * buffer tests read back (fake_console_text()), input comes from
 * fake.console_rx, and a test may run a hook in the middle of the output.
 */
#include "arch/fake.h"
#include "fake_internal.h"
#include "plat/console.h"

static char console_buf[FAKE_CONSOLE_MAX];
static size_t console_count;
static unsigned console_hook_left;
static void (*console_hook_fn)(void *);
static void *console_hook_arg;

const char *fake_console_text(void)
{
	return console_buf;
}

size_t fake_console_count(void)
{
	return console_count;
}

void fake_console_reset(void)
{
	console_buf[0] = '\0';
	console_count = 0;
}

void fake_console_hook(unsigned count, void (*fn)(void *), void *arg)
{
	console_hook_left = count;
	console_hook_fn = fn;
	console_hook_arg = arg;
}

void plat_console_init(paddr_t base, uint32_t irq)
{
	fake.console_base = base;
	fake.console_irq = irq;
}

void plat_console_putc(char c)
{
	if (console_hook_fn != NULL) {
		if (console_hook_left == 0) {
			void (*fn)(void *) = console_hook_fn;

			console_hook_fn = NULL;
			fn(console_hook_arg);
		} else {
			console_hook_left--;
		}
	}
	if (console_count + 1 < sizeof(console_buf)) {
		console_buf[console_count] = c;
		console_buf[console_count + 1] = '\0';
	}
	console_count++;
}

bool plat_console_getc(uint8_t *c)
{
	if (fake.console_rx_next >= fake.console_rx_count) {
		return false;
	}
	*c = fake.console_rx[fake.console_rx_next++];
	return true;
}

void plat_console_enable_rx_irq(void)
{
	fake.console_rx_irq_enabled = true;
}

uint32_t plat_console_irq(void)
{
	return fake.console_irq;
}
