// SPDX-License-Identifier: Apache-2.0
/*
 * vCPUs on their physical CPUs: the idle loop that takes start requests,
 * entering and leaving, and the checks on the way back into a guest. A vCPU
 * runs only on the CPU the scenario gives it; another CPU asks it to start
 * (boot, PSCI CPU_ON) by setting a request and kicking that CPU.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "mica/cpu.h"
#include "mica/vm.h"

struct vcpu *vcpu_current(void)
{
	struct cpu *c = arch_cpu_local();

	return c != NULL ? c->current : NULL;
}

int vcpu_request_start(struct vcpu *v, uint64_t entry, uint64_t context)
{
	bool pending;

	spinlock_lock(&v->vm->lock);
	/* Only a running partition starts vCPUs (not one being stopped). */
	pending = v->vm->state != VM_RUNNING || v->start_pending ||
		  __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON;
	if (!pending) {
		v->start_entry = entry;
		v->start_context = context;
		__atomic_store_n(&v->start_pending, true, __ATOMIC_RELEASE);
	}
	spinlock_unlock(&v->vm->lock);
	if (pending) {
		return -1;
	}
	arch_irq_kick(v->pcpu);
	return 0;
}

/* Takes v's start request, if any, and enters it. */
static void try_start(struct vcpu *v)
{
	uint64_t entry;
	uint64_t context;
	bool go = false;

	spinlock_lock(&v->vm->lock);
	if (v->start_pending && v->vm->state == VM_RUNNING) {
		v->start_pending = false;
		entry = v->start_entry;
		context = v->start_context;
		__atomic_store_n(&v->state, VCPU_ON, __ATOMIC_RELEASE);
		go = true;
	}
	spinlock_unlock(&v->vm->lock);
	if (go) {
		arch_vcpu_reset(v, entry, context);
		arch_cpu_local()->current = v;
		arch_vcpu_enter(v);
	}
}

_Noreturn void vcpu_idle(void)
{
	struct cpu *c = arch_cpu_local();

	c->current = NULL;
	/* Bounded per pass; waits for interrupts between passes. */
	for (;;) {
		arch_irq_mask();
		if (c->vcpu != NULL) {
			try_start(c->vcpu);
		}
		/* Wakes on a pending interrupt even while masked, then takes it. */
		arch_cpu_wait();
		arch_irq_unmask();
	}
}

_Noreturn void vcpu_leave(struct vcpu *v)
{
	arch_vcpu_save(v);
	__atomic_store_n(&v->state, VCPU_OFF, __ATOMIC_RELEASE);
	vcpu_idle();
}

void vcpu_resume_check(struct vcpu *v)
{
	if (v->vm->state != VM_RUNNING) {
		vcpu_leave(v);
	}
	vm_unmask_forwarded(v->vm);
	arch_vgic_flush(v);
}

void vcpu_vtimer_fired(void)
{
	struct vcpu *v = vcpu_current();

	/* With no vCPU here the timer belongs to nobody: it stays off. */
	if (v != NULL) {
		arch_vcpu_vtimer_mask(v);
		arch_vgic_inject(v, arch_vcpu_vtimer_irq());
	}
}
