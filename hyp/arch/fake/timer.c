// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/timer.h: the system counter is fake.timer_now, which
 * advances by fake.timer_step at each read; arming and disarming are
 * recorded.
 */
#include "arch/fake.h"
#include "arch/timer.h"
#include "mica/board.h"

uint64_t arch_timer_freq(void)
{
	return fake.timer_freq;
}

uint64_t arch_timer_now(void)
{
	uint64_t now = fake.timer_now;

	fake.timer_now += fake.timer_step;
	return now;
}

uint32_t arch_timer_irq(const struct board *b)
{
	return b->arch.timer_irq;
}

void arch_timer_arm(uint64_t ticks)
{
	fake.timer_armed = true;
	fake.timer_ticks = ticks;
	fake.timer_arm_count++;
}

void arch_timer_arm_at(uint64_t when)
{
	fake.timer_armed = true;
	fake.timer_at = when;
	/* As a relative arming would say it, at the current fake count. */
	fake.timer_ticks = when > fake.timer_now ? when - fake.timer_now : 1;
	fake.timer_arm_count++;
}

void arch_timer_disarm(void)
{
	fake.timer_armed = false;
	fake.timer_disarm_count++;
}
