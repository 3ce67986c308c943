// SPDX-License-Identifier: Apache-2.0
/*
 * Fault-containment self-test (see mica/selftest.h).
 */
#include "arch/cpu.h"
#include "arch/power.h"
#include "arch/timer.h"
#include "mica/check.h"
#include "mica/console.h"
#include "mica/layout.h"
#include "mica/selftest.h"
#include "mica/string.h"

/* Timer periods the monitor waits for the others to keep ticking. */
#define SELFTEST_WAIT_TICKS 3
#define SELFTEST_TIMEOUT_S 5

enum fault_kind {
	FAULT_NONE,
	FAULT_UNDEF,
	FAULT_DABORT,
	FAULT_CHECK,
	FAULT_WRITE_TEXT,
	FAULT_EXEC_DATA,
};

static const struct board *st_board;
static enum fault_kind kind;
static unsigned target;
static unsigned monitor;
static bool go;
static bool monitored;

/* An address no board maps for mica: the page at 0x1000 (flash on QEMU virt). */
#define UNMAPPED_ADDRESS 0x1000u

/*
 * A function return instruction placed in writable data. Executing it must
 * fault: the hypervisor's data is mapped execute-never.
 */
static uint32_t data_code[1] = { ARCH_CPU_RET_INSN };

static _Noreturn void fault_now(void)
{
	console_printf("selftest: CPU %u faults on purpose now\n", target);
	switch (kind) {
	case FAULT_UNDEF: arch_cpu_undefined(); break;
	case FAULT_DABORT:
		(void)*(volatile uint64_t *)(uintptr_t)UNMAPPED_ADDRESS;
		break;
	case FAULT_WRITE_TEXT:
		/* The hypervisor's code is mapped read-only. */
		*(volatile uint8_t *)__text_start = 0;
		break;
	case FAULT_EXEC_DATA: ((void (*)(void))(uintptr_t)data_code)(); break;
	case FAULT_CHECK:
	case FAULT_NONE: break;
	}
	CHECK(kind == FAULT_NONE);
	cpu_stop_faulted();
}

/* Waits until the target stopped and the other CPUs still tick. */
static void watch(void)
{
	uint64_t before[MICA_MAX_CPUS];
	uint64_t hz = arch_timer_freq();
	uint64_t deadline = arch_timer_now() + SELFTEST_TIMEOUT_S * hz;
	unsigned n = st_board->cpu_count;
	bool ok = true;

	while (cpu_state_read(&cpus[target]) != CPU_STOPPED &&
	       arch_timer_now() < deadline) {
		arch_cpu_wait();
	}
	if (cpu_state_read(&cpus[target]) != CPU_STOPPED) {
		console_printf("selftest: FAIL: CPU %u did not stop\n", target);
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		before[i] = cpu_ticks(&cpus[i]);
	}
	/* Every live CPU must take SELFTEST_WAIT_TICKS more interrupts. */
	for (unsigned i = 0; i < n; i++) {
		while (i != target &&
		       cpu_ticks(&cpus[i]) < before[i] + SELFTEST_WAIT_TICKS &&
		       arch_timer_now() < deadline) {
			arch_cpu_wait();
		}
		if (i != target &&
		    cpu_ticks(&cpus[i]) < before[i] + SELFTEST_WAIT_TICKS) {
			console_printf("selftest: FAIL: CPU %u stopped taking "
				       "interrupts\n",
				       i);
			ok = false;
		}
	}
	if (ok) {
		console_printf("selftest: PASS: CPU %u stopped after its fault; "
			       "the other %u CPUs still take interrupts\n",
			       target, n - 1);
	}
}

void selftest_run(const struct board *b)
{
	char v[16];
	const char *at;

	st_board = b;
	if (!board_cmdline_value(b, "mica.fault", v, sizeof(v))) {
		return;
	}
	at = memchr(v, '@', strlen(v));
	if (at == NULL || at[1] < '0' || at[1] > '9' || at[2] != '\0') {
		console_printf("selftest: bad mica.fault=%s (want KIND@CPU)\n",
			       v);
		return;
	}
	target = (unsigned)(at[1] - '0');
	if (strncmp(v, "undef@", 6) == 0) {
		kind = FAULT_UNDEF;
	} else if (strncmp(v, "dabort@", 7) == 0) {
		kind = FAULT_DABORT;
	} else if (strncmp(v, "check@", 6) == 0) {
		kind = FAULT_CHECK;
	} else if (strncmp(v, "wtext@", 6) == 0) {
		kind = FAULT_WRITE_TEXT;
	} else if (strncmp(v, "xdata@", 6) == 0) {
		kind = FAULT_EXEC_DATA;
	} else {
		console_printf("selftest: unknown fault kind in %s\n", v);
		return;
	}
	if (target >= b->cpu_count ||
	    cpu_state_read(&cpus[target]) != CPU_ONLINE) {
		console_printf("selftest: CPU %u is not online\n", target);
		return;
	}
	monitor = target == 0 ? 1 : 0;
	console_printf("selftest: CPU %u will fault (%s), CPU %u watches\n",
		       target, v, monitor < b->cpu_count ? monitor : target);
	__atomic_store_n(&go, true, __ATOMIC_RELEASE);
	if (target == 0) {
		fault_now();
	}
	watch();
}

void selftest_secondary(const struct cpu *c)
{
	if (!__atomic_load_n(&go, __ATOMIC_ACQUIRE)) {
		return;
	}
	if (c->index == target) {
		fault_now();
	}
	if (c->index == monitor && !monitored) {
		monitored = true;
		watch();
		if (board_cmdline_has(st_board, "mica.poweroff")) {
			console_puts("mica: powering off\n");
			arch_power_system_off(st_board);
		}
	}
}
