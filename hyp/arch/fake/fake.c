// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port: the arch interface and the platform console on the host,
 * for unit tests (see arch/fake.h), one file per interface header as in a
 * real port. It drives no hardware: each function records what the core
 * asked and answers from `fake`, which tests set. This file owns that
 * state, its reset and the hooks that let a test act as another CPU in the
 * middle of a fake call.
 */
#include "arch/fake.h"
#include "fake_internal.h"

struct fake_state fake;

void fake_reset(void)
{
	fake_irq_reset();
	fake = (struct fake_state){
		.board_probe_ok = true,
		.irq_init_ok = true,
		.irq_cpu_init_ok = true,
		.cpu_on_ok = true,
		.timer_freq = FAKE_TIMER_FREQ,
		.cpu_wait_halt_at = 1,
		.vgic_idle = true,
	};
	fake_cpu_reset();
	fake_console_hook(0, NULL, NULL);
	fake_console_reset();
}

void fake_hook_run(enum fake_hook_at at)
{
	void (*fn)(void *) = fake.hook;

	if (fn != NULL && fake.hook_at == at) {
		fake.hook = NULL;
		fake.hook_at = FAKE_AT_NONE;
		fn(fake.hook_arg);
	}
}
