// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/irq.h: interrupts a test queued come out of
 * arch_irq_ack() in order; what the core masked, enabled, routed, ended and
 * kicked is recorded for tests to read back. An unmask runs the hook a test
 * set for it (FAKE_AT_IRQ_UNMASK), as an interrupt taken right there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include "arch/fake.h"
#include "arch/irq.h"
#include "fake_internal.h"
#include "mica/cpu.h"

unsigned fake_kicks[MICA_MAX_CPUS];

/* Physical SPIs enabled at the fake controller, and where they go. */
bool fake_spi_enabled[ARCH_IRQ_IDS];
unsigned fake_spi_cpu[ARCH_IRQ_IDS];

void fake_irq_reset(void)
{
	memset(fake_spi_enabled, 0, sizeof(fake_spi_enabled));
	memset(fake_spi_cpu, 0, sizeof(fake_spi_cpu));
	memset(fake_kicks, 0, sizeof(fake_kicks));
}

void fake_irq_queue(const uint32_t *irqs, unsigned count)
{
	if (count > FAKE_IRQ_QUEUE) {
		fail_msg("fake_irq_queue: %u interrupts, room for %d", count,
			 FAKE_IRQ_QUEUE);
	}
	for (unsigned i = 0; i < count; i++) {
		fake.irq_queue[i] = irqs[i];
	}
	fake.irq_queue_count = count;
	fake.irq_queue_next = 0;
}

void arch_irq_unmask(void)
{
	fake.irq_masked = false;
	fake.irq_unmask_count++;
	fake_hook_run(FAKE_AT_IRQ_UNMASK);
}

void arch_irq_mask(void)
{
	fake.irq_masked = true;
}

bool arch_irq_init(const struct board *b)
{
	(void)b;
	fake.irq_init_count++;
	return fake.irq_init_ok;
}

bool arch_irq_cpu_init(const struct board *b, unsigned cpu)
{
	(void)b;
	fake.irq_cpu_init_count++;
	fake.irq_cpu_init_last = cpu;
	return fake.irq_cpu_init_ok;
}

void arch_irq_enable_shared(uint32_t irq, unsigned cpu)
{
	if (irq < ARCH_IRQ_IDS) {
		fake_spi_enabled[irq] = true;
		fake_spi_cpu[irq] = cpu;
	}
}

void arch_irq_disable_shared(uint32_t irq)
{
	if (irq < ARCH_IRQ_IDS) {
		fake_spi_enabled[irq] = false;
	}
}

void arch_irq_enable_local(uint32_t irq)
{
	fake.irq_enabled_local = irq;
}

uint32_t arch_irq_ack(void)
{
	fake.irq_ack_count++;
	if (fake.irq_queue_next >= fake.irq_queue_count) {
		return ARCH_IRQ_NONE;
	}
	return fake.irq_queue[fake.irq_queue_next++];
}

void arch_irq_eoi(uint32_t irq)
{
	if (fake.irq_eoi_count < FAKE_IRQ_QUEUE) {
		fake.irq_eoi_log[fake.irq_eoi_count] = irq;
	}
	fake.irq_eoi_count++;
}

void arch_irq_kick(unsigned pcpu)
{
	if (pcpu < MICA_MAX_CPUS) {
		fake_kicks[pcpu]++;
	}
}

const char *arch_irq_name(void)
{
	return "fake irq";
}
