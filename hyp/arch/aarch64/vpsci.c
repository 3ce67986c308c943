// SPDX-License-Identifier: Apache-2.0
/*
 * PSCI 1.0 for partitions: a partition powers its own vCPUs on and off and
 * itself off or back on; none of it reaches the firmware or another
 * partition. The target of CPU_ON and AFFINITY_INFO is a vCPU of the
 * caller's partition, named by its MPIDR (Aff0 = vCPU index).
 */
#include "arm64/psci.h"
#include "mica/console_mux.h"
#include "mica/manage.h"
#include "mica/vm.h"
#include "sysreg.h"
#include "trap.h"

/* The vCPU of v's partition with MPIDR mpidr, or NULL. */
static struct vcpu *target(struct vcpu *v, uint64_t mpidr)
{
	uint64_t aff = mpidr & MPIDR_AFF_MASK;

	if (aff >= v->vm->vcpu_count) {
		return NULL;
	}
	return &v->vm->vcpus[aff];
}

static bool supported(uint32_t fid)
{
	switch (fid & ~(uint32_t)SMCCC_64) {
	case PSCI_VERSION:
	case PSCI_CPU_OFF:
	case PSCI_CPU_ON:
	case PSCI_AFFINITY_INFO:
	case PSCI_MIGRATE_INFO_TYPE:
	case PSCI_SYSTEM_OFF:
	case PSCI_SYSTEM_RESET:
	case PSCI_FEATURES: return true;
	default: return false;
	}
}

void vpsci_call(struct vcpu *v, struct arch_regs *r)
{
	uint32_t fid = (uint32_t)r->x[0];
	int64_t ret = PSCI_NOT_SUPPORTED;
	struct vcpu *t;

	switch (fid & ~(uint32_t)SMCCC_64) {
	case PSCI_VERSION: ret = PSCI_VERSION_1_0; break;
	case PSCI_FEATURES:
		ret = supported((uint32_t)r->x[1]) ? PSCI_SUCCESS :
						     PSCI_NOT_SUPPORTED;
		break;
	case PSCI_CPU_ON:
		t = target(v, r->x[1]);
		if (t == NULL) {
			ret = PSCI_INVALID_PARAMETERS;
		} else if (vcpu_request_start(t, ipa_init(r->x[2]), r->x[3]) !=
			   0) {
			ret = PSCI_ALREADY_ON;
		} else {
			ret = PSCI_SUCCESS;
		}
		break;
	case PSCI_CPU_OFF: vcpu_leave(v);
	case PSCI_AFFINITY_INFO:
		t = target(v, r->x[1]);
		if (t == NULL || r->x[2] != 0) {
			ret = PSCI_INVALID_PARAMETERS;
		} else {
			ret = __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) ==
					      VCPU_ON ?
				      PSCI_AFFINITY_ON :
				      PSCI_AFFINITY_OFF;
		}
		break;
	case PSCI_MIGRATE_INFO_TYPE: ret = PSCI_TOS_NOT_PRESENT; break;
	case PSCI_SYSTEM_OFF:
		/* In probation: the old version, restarted (manage.c). */
		if (!manage_probation_end(v->vm, "powered off")) {
			(void)vm_stop(v->vm, "it powered off");
		}
		vcpu_leave(v);
	case PSCI_SYSTEM_RESET:
		if (manage_probation_end(v->vm, "asked to reset")) {
			vcpu_leave(v);
		}
		(void)console_mux_vm_say(&v->vm->say, v->vm->cfg->name, false,
					 "mica: partition %s asked to reset",
					 v->vm->cfg->name);
		vm_restart(v->vm);
		vcpu_leave(v);
	default: break;
	}
	r->x[0] = (uint64_t)ret;
}
