// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/vcpu.h: a vCPU's arch state records resets, saves
 * and preemptions, and its virtual timer is what a test put there. Entering
 * a guest halts the CPU as arch_cpu_halt() does: the host cannot run one.
 */
#include "arch/cpu.h"
#include "arch/fake.h"
#include "arch/vcpu.h"
#include "fake_internal.h"
#include "mica/cpu.h"
#include "mica/sched.h"
#include "mica/vcpu.h"

void arch_vcpu_reset(struct vcpu *v, ipa_t entry, uint64_t context)
{
	v->arch.entry = ipa_addr(entry);
	v->arch.context = context;
	v->arch.resets++;
	v->arch.vtimer_deadline = SCHED_NEVER;
	v->arch.vtimer_pending = false;
	v->arch.vtimer_held = false;
}

_Noreturn void arch_vcpu_enter(struct vcpu *v)
{
	struct cpu *c = arch_cpu_local();

	v->arch.enters++;
	v->arch.entered_on = c != NULL ? c->index : UINT32_MAX;
	arch_cpu_halt(); /* the host cannot run a guest: tests catch this */
}

void arch_vcpu_save(struct vcpu *v)
{
	v->arch.saves++;
}

void arch_vcpu_preempt(struct vcpu *v)
{
	v->arch.preempts++;
	v->arch.saves++;
	fake_hook_run(FAKE_AT_VCPU_PREEMPT);
}

uint64_t arch_vcpu_vtimer_deadline(const struct vcpu *v)
{
	return v->arch.vtimer_deadline;
}

bool arch_vcpu_vtimer_pending(struct vcpu *v)
{
	return v->arch.vtimer_pending;
}

bool arch_vcpu_vtimer_hold(struct vcpu *v)
{
	bool was = v->arch.vtimer_held;

	v->arch.vtimer_held = true;
	return !was;
}

void arch_vcpu_release(struct vcpu *v)
{
	v->arch.releases++;
}

void arch_vcpu_set_return(struct vcpu *v, uint64_t value)
{
	v->arch.regs.x[0] = value;
}

uint32_t arch_vcpu_vtimer_irq(void)
{
	return 27;
}

void arch_vcpu_cpu_init(void)
{
}
