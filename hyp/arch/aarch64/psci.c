// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI calls from EL2 to the firmware (SMC conduit, SMCCC 64-bit ids): the
 * only two mica makes, starting a secondary CPU at secondary_entry and
 * turning the machine off. A failure is reported on the console with the
 * firmware's error; the caller decides what follows.
 */
#include "arch/power.h"
#include "arm64/psci.h"
#include "mica/console.h"

void secondary_entry(void);

static int64_t psci_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

static const char *psci_error(int64_t r)
{
	switch (r) {
	case PSCI_NOT_SUPPORTED: return "NOT_SUPPORTED";
	case PSCI_INVALID_PARAMETERS: return "INVALID_PARAMETERS";
	case PSCI_DENIED: return "DENIED";
	case PSCI_ALREADY_ON: return "ALREADY_ON";
	case PSCI_ON_PENDING: return "ON_PENDING";
	case PSCI_INTERNAL_FAILURE: return "INTERNAL_FAILURE";
	case PSCI_NOT_PRESENT: return "NOT_PRESENT";
	case PSCI_DISABLED: return "DISABLED";
	case PSCI_INVALID_ADDRESS: return "INVALID_ADDRESS";
	default: return "unknown error";
	}
}

bool arch_power_cpu_on(const struct board *b, uint64_t hwid, unsigned index)
{
	int64_t r = psci_smc(PSCI_CPU_ON_64, hwid, (uintptr_t)secondary_entry,
			     index);

	(void)b; /* the conduit is SMC; arch_board_probe() refused others */
	if (r != 0) {
		console_printf("mica: PSCI CPU_ON of CPU %u (hwid 0x%lx) "
			       "failed: %s (%ld)\n",
			       index, hwid, psci_error(r), (long)r);
		return false;
	}
	return true;
}

void arch_power_system_off(const struct board *b)
{
	int64_t r = psci_smc(PSCI_SYSTEM_OFF, 0, 0, 0);

	(void)b;
	console_printf("mica: PSCI SYSTEM_OFF failed: %s (%ld)\n",
		       psci_error(r), (long)r);
}
