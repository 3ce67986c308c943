// SPDX-License-Identifier: Apache-2.0
/*
 * hostile: a native partition that attacks mica and its neighbours, one
 * attack per key typed on its console, so that a test can show each is
 * contained: the attacker is stopped or restarted by its fault policy, and
 * every other partition keeps running.
 *
 *   r  read another partition's memory (an address outside its own)
 *   w  write there
 *   x  jump there
 *   s  an SMC to the firmware (forbidden to partitions)
 *   h  an unknown hypercall (answered NOT_SUPPORTED; it survives)
 *   p  PSCI CPU_ON of a vCPU it does not have (INVALID_PARAMETERS)
 *   g  write the GIC distributor's registers past its interrupts (ignored)
 *   m  store a register pair to its UART (no syndrome: mica cannot emulate it)
 *   q  power itself off
 */
#include <stdint.h>

#include "libmica/console.h"
#include "libmica/psci.h"
#include "libmica/smccc.h"
#include "libmica/start.h"

/* Outside the 2 MiB at 0x40000000 the scenario gives this partition. */
#define FOREIGN 0x42800000ull

static void attack(int c)
{
	switch (c) {
	case 'r':
		mica_printf("hostile: reading 0x%llx\n", FOREIGN);
		mica_printf("hostile: read 0x%lx (must not happen)\n",
			    (unsigned long)*(volatile uint64_t *)(uintptr_t)FOREIGN);
		break;
	case 'w':
		mica_printf("hostile: writing 0x%llx\n", FOREIGN);
		*(volatile uint64_t *)(uintptr_t)FOREIGN = 0xbad;
		mica_puts("hostile: wrote (must not happen)\n");
		break;
	case 'x':
		mica_printf("hostile: jumping to 0x%llx\n", FOREIGN);
		((void (*)(void))(uintptr_t)FOREIGN)();
		break;
	case 's': {
		uint64_t ret;

		mica_puts("hostile: SMC to the firmware\n");
		/* A SiP service call, x0 set right before the SMC. */
		__asm__ volatile("mov x0, #0xc2000000\n\tsmc #0\n\tmov %0, x0"
				 : "=r"(ret) : : "x0", "x1", "x2", "x3", "memory");
		mica_printf("hostile: SMC returned %ld (must not happen)\n",
			    (long)ret);
		break;
	}
	case 'h': {
		struct mica_smccc_res r;

		mica_smccc_hvc(0xc600ffffu, 1, 2, 3, &r);
		mica_printf("hostile: unknown hypercall returned %ld\n",
			    (long)r.a0);
		break;
	}
	case 'p':
		mica_printf("hostile: CPU_ON of vCPU 5 returned %ld\n",
			    (long)mica_psci_call(0xc4000003u, 5, 0x40000000u, 0));
		break;
	case 'g':
		/* Enable registers of interrupt ids far beyond the GIC's. */
		for (unsigned i = 0; i < 64; i++) {
			uintptr_t a = 0x08000100u + 4 * i;

			/* One plain store each: the access MMIO emulation takes. */
			__asm__ volatile("str %w0, [%1]"
					 : : "r"(0xffffffffu), "r"(a) : "memory");
		}
		mica_puts("hostile: wrote the GIC distributor\n");
		break;
	case 'm':
		mica_puts("hostile: store pair to the UART\n");
		__asm__ volatile("stp %0, %0, [%1]"
				 : : "r"(UINT64_C(0)), "r"(UINT64_C(0x09000000))
				 : "memory");
		break;
	case 'q':
		mica_puts("hostile: powering off\n");
		mica_psci_system_off();
		break;
	default:
		break;
	}
}

int main(void)
{
	mica_puts("hostile: ready\n");
	for (;;) {
		int c = mica_getc();

		if (c >= 0) {
			attack(c);
			mica_puts("hostile: still running\n");
		}
	}
}
