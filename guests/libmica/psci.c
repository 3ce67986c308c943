// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI through the HVC conduit (libmica/psci.h), and how a partition ends:
 * mica_poweroff(), which start.S also calls when main() returns.
 */
#include "libmica/console.h"
#include "libmica/psci.h"
#include "libmica/smccc.h"

int64_t mica_psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(fn, a1, a2, a3, &res);
	return (int64_t)res.a0;
}

int64_t mica_psci_version(void)
{
	return mica_psci_call(PSCI_VERSION, 0, 0, 0);
}

int64_t mica_psci_system_off(void)
{
	return mica_psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}

int64_t mica_psci_system_reset(void)
{
	return mica_psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
}

void mica_poweroff(void)
{
	int64_t r;

	__asm__ volatile("msr daifset, #0xf" ::: "memory");
	r = mica_psci_system_off();
	mica_printf("libmica: PSCI SYSTEM_OFF failed (%ld); halting\n",
		    (long)r);
	for (;;) {
		__asm__ volatile("wfi" ::: "memory");
	}
}
