// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/cpu.h: the calling CPU is the calling thread, whose
 * per-CPU data and hardware id tests set. Halting (arch_cpu_halt(), and
 * arch_cpu_wait() at the call fake.cpu_wait_halt_at names) longjmps back to
 * the test that expected it (FAKE_EXPECT_HALT) or fails the test: the host
 * cannot park a CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "arch/cpu.h"
#include "arch/fake.h"
#include "fake_internal.h"
#include "mica/fmt.h"

/* Per thread: a thread of a test plays one CPU. */
static _Thread_local struct cpu *cpu_local;
static _Thread_local uint64_t cpu_hwid;

static jmp_buf *halt_env;

void fake_cpu_reset(void)
{
	cpu_local = NULL;
	cpu_hwid = 0;
	halt_env = NULL;
}

void fake_cpu_set_hwid(uint64_t hwid)
{
	cpu_hwid = hwid;
}

void fake_halt_expect(jmp_buf *env)
{
	halt_env = env;
}

void arch_cpu_set_local(struct cpu *c)
{
	cpu_local = c;
}

struct cpu *arch_cpu_local(void)
{
	return cpu_local;
}

uint64_t arch_cpu_hwid(void)
{
	return cpu_hwid;
}

void arch_cpu_describe(char *buf, size_t size)
{
	fmt_snprintf(buf, size, "fake CPU hwid 0x%lx", (unsigned long)cpu_hwid);
}

void arch_cpu_wait(void)
{
	fake.cpu_wait_count++;
	if (fake.cpu_wait_count == fake.cpu_wait_halt_at) {
		arch_cpu_halt();
	}
}

_Noreturn void arch_cpu_halt(void)
{
	jmp_buf *env = halt_env;

	fake.irq_masked = true;
	fake.halt_count++;
	if (env != NULL) {
		halt_env = NULL;
		longjmp(*env, 1);
	}
	fail_msg("arch_cpu_halt() with no test expecting it; console:\n%s",
		 fake_console_text());
	abort(); /* not reached: fail_msg() leaves the test */
}
