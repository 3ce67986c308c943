// SPDX-License-Identifier: Apache-2.0
/*
 * reset-loop: a native partition that asks for PSCI SYSTEM_RESET as soon
 * as it starts, so that it restarts in a loop: the attack a partition's
 * restart limit stops (configs/restart.dts). mica scrubs and reloads its
 * memory at each restart, so nothing survives from one run to the next;
 * it simply does it again.
 */
#include "libmica/console.h"
#include "libmica/psci.h"
#include "libmica/start.h"

int main(void)
{
	mica_puts("reset-loop: resetting\n");
	(void)mica_psci_system_reset();
	mica_puts("reset-loop: still here (must not happen)\n");
	return 0;
}
