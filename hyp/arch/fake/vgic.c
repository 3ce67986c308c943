// SPDX-License-Identifier: Apache-2.0
/*
 * The fake port's arch/vgic.h: an injected interrupt is recorded in the
 * vCPU's arch state (the first 8) and kicks it as the real vGIC does;
 * MMIO, and whether a forwarded interrupt is idle, answer what a test set
 * in fake.
 */
#include "arch/fake.h"
#include "arch/vgic.h"
#include "fake_internal.h"
#include "mica/vm.h"

void arch_vgic_vm_init(struct vm *vm)
{
	(void)vm;
}

void arch_vgic_vcpu_init(struct vcpu *v)
{
	v->arch.injected_count = 0;
}

enum vgic_mmio arch_vgic_mmio(struct vcpu *v, ipa_t ipa, bool write,
			      unsigned size, uint64_t *val)
{
	(void)v;
	fake.vgic_mmio_count++;
	fake.vgic_mmio_ipa = ipa;
	fake.vgic_mmio_write = write;
	fake.vgic_mmio_size = size;
	if (fake.vgic_mmio_answer == VGIC_MMIO_DONE && !write) {
		*val = fake.vgic_mmio_value;
	}
	return fake.vgic_mmio_answer;
}

void arch_vgic_inject(struct vcpu *v, uint32_t intid)
{
	if (v->arch.injected_count < 8) {
		v->arch.injected[v->arch.injected_count++] = intid;
	}
	vcpu_kick(v); /* as the real one does for an interrupt it can take */
}

void arch_vgic_inject_waiting(struct vcpu *v, uint32_t intid)
{
	if (v->arch.injected_count < 8) {
		v->arch.injected[v->arch.injected_count++] = intid;
	}
}

bool arch_vgic_pending(struct vcpu *v)
{
	bool pending = v->arch.injected_count > 0;

	fake_hook_run(FAKE_AT_VGIC_PENDING);
	return pending;
}

void arch_vgic_flush(struct vcpu *v)
{
	(void)v;
}

void arch_vgic_sync(struct vcpu *v)
{
	(void)v;
}

void arch_vgic_forward(struct vm *vm, uint32_t intid)
{
	(void)vm;
	(void)intid;
}

bool arch_vgic_idle(struct vm *vm, uint32_t intid)
{
	(void)vm;
	fake.vgic_idle_count++;
	fake.vgic_idle_intid = intid;
	return fake.vgic_idle;
}
