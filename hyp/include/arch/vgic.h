/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the virtual interrupt controller each partition sees (on
 * Arm a GICv2 or GICv3 of the board's version, at the SCN_VGIC* addresses).
 * Interrupt ids are the guest's view (GIC INTIDs: 0-15 SGI, 16-31 PPI,
 * 32+ SPI).
 */
#ifndef ARCH_VGIC_H
#define ARCH_VGIC_H

#include "mica/types.h"

struct vm;
struct vcpu;

/*
 * Resets vm's virtual distributor: everything disabled, nothing pending.
 * At set-up and restart, while none of vm's vCPUs runs.
 */
void arch_vgic_vm_init(struct vm *vm);

/* Resets v's private interrupts and CPU interface state; v does not run. */
void arch_vgic_vcpu_init(struct vcpu *v);

enum vgic_mmio {
	VGIC_MMIO_NOT_MINE, /* ipa is not in the virtual GIC's windows */
	VGIC_MMIO_DONE,	    /* emulated (a read's value in *val) */
	VGIC_MMIO_BAD,	    /* the GIC's, but no access it allows */
};

/*
 * Emulates a guest access by v at ipa (size 1, 2, 4 or 8 bytes), on v's CPU
 * at its exit. ipa and the value are the guest's: any is answered. Bounded:
 * no loop depends on the value written beyond the 32 bits of one register.
 */
enum vgic_mmio arch_vgic_mmio(struct vcpu *v, ipa_t ipa, bool write,
			      unsigned size, uint64_t *val);

/*
 * Makes interrupt intid pending: for intid < 32 on vCPU v; for an SPI, in
 * v's VM, delivered to the vCPU it is routed to. Safe from any physical
 * CPU; if the target vCPU runs on another one, that CPU is kicked so that
 * the interrupt is delivered now, not at its next exit. Out-of-range ids
 * are ignored.
 */
void arch_vgic_inject(struct vcpu *v, uint32_t intid);

/*
 * arch_vgic_inject() of private peripheral interrupt intid (16 to 31;
 * others are ignored) for v, which does not run and whose CPU is the
 * caller's, deciding now: kicks nobody, as the decision under way is the
 * one a kick would ask for. On v's CPU, interrupts masked.
 */
void arch_vgic_inject_waiting(struct vcpu *v, uint32_t intid);

/*
 * Marks SPI intid of vm as a passed-through device's interrupt: the guest's
 * end of it causes an exit (so that mica unmasks the physical line then).
 * At set-up, before vm runs.
 */
void arch_vgic_forward(struct vm *vm, uint32_t intid);

/*
 * Whether vm has finished with SPI intid (neither pending nor active). Any
 * CPU.
 */
bool arch_vgic_idle(struct vm *vm, uint32_t intid);

/*
 * Whether v has an enabled pending interrupt it would take (for WFI). On
 * the CPU that runs v.
 */
bool arch_vgic_pending(struct vcpu *v);

/*
 * On v's physical CPU, with interrupts masked: before entering v, loads its
 * pending interrupts into the list registers (flush; nothing to do if they
 * are still loaded and nothing new came); when v exits or leaves the CPU,
 * takes back what the guest acknowledged or ended (sync; a port may keep
 * them loaded across an exit it handles without the model).
 */
void arch_vgic_flush(struct vcpu *v);
void arch_vgic_sync(struct vcpu *v);

#endif
