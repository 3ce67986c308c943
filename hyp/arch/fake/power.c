// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/power.h: starting a CPU and turning the machine off
 * are recorded, and a start succeeds as fake.cpu_on_ok says.
 */
#include "arch/fake.h"
#include "arch/power.h"

bool arch_power_cpu_on(const struct board *b, uint64_t hwid, unsigned index)
{
	(void)b;
	fake.cpu_on_count++;
	fake.cpu_on_hwid = hwid;
	fake.cpu_on_index = index;
	return fake.cpu_on_ok;
}

void arch_power_system_off(const struct board *b)
{
	(void)b;
	fake.system_off_count++;
}
