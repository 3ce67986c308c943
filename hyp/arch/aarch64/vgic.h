/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The AArch64 port's own entry points into the virtual GIC (vgic.c),
 * beyond the arch interface in arch/vgic.h: the hardware setup the irq code
 * calls, and the trapped SGI register the trap handler forwards.
 */
#ifndef AARCH64_VGIC_H
#define AARCH64_VGIC_H

#include "arch/types.h"
#include "asm-defs.h"

struct vcpu;

/*
 * The GIC's maintenance interrupt (a PPI, INTID 25 on every GIC the
 * Arm Base System Architecture describes, QEMU's virt board included). The
 * vGIC asks for it only when a vCPU has more interrupts than list registers
 * and for an end of interrupt mica must see (a passed-through SPI, the
 * held timer PPI, a GICv2 SGI from several senders): vgic_lr_maint(). It
 * only needs to make the guest exit.
 */
#define VGIC_MAINT_IRQ 25u

/*
 * The EL1 virtual timer's PPI. mica holds it for the vCPU whose interrupt
 * it is (arch_vcpu_vtimer_hold()) until the guest ends that. GICv3: the
 * PPI stays active on the vCPU's CPU (mica's end of it only drops the
 * priority, EOImode 1) and the list register is linked to it (the HW
 * bit), so the guest's end of interrupt deactivates it, with no exit; its
 * next fire then takes the fast path of vectors.S while vgic.c leaves one
 * ready (vgic_vtimer_fast). GICv2: the PPI is disabled and the list
 * register asks for the end-of-interrupt maintenance interrupt, whose
 * exit releases it (QEMU's GICv2 deactivates a linked interrupt without
 * signalling it again). VGIC_VTIMER_PPI is in asm-defs.h.
 */

/*
 * Per physical CPU, for the timer's fast path (vectors.S), written by
 * vgic.c: [0] the list register value to write when the timer's PPI fires
 * from the vCPU that runs there (vgic_lr_fast()), 0 for none; [1] which
 * list register, below VGIC_MAX_LRS.
 */
extern uint64_t vgic_vtimer_fast[MICA_MAX_CPUS][2];

/* Holds (true) or releases the timer's PPI on the calling CPU (irq.c). */
void vgic_hw_hold(bool held);

/*
 * Whether the vCPU that runs here holds its timer (vcpu.c): the end of
 * the timer's PPI then leaves it held (arch_irq_eoi()).
 */
bool vgic_vtimer_held(void);

/* Which GIC the vGIC drives (a's version; GICv2: a's GICH); boot CPU, once. */
void vgic_hw_init(const struct arch_board *a);

/*
 * Clears the calling CPU's virtual interface (list registers, active
 * priorities, control) and reads how many list registers it has. After
 * the GIC driver's per-CPU init (GICv3: ICC_SRE_EL2.SRE set).
 */
void vgic_hw_cpu_init(unsigned cpu);

/*
 * Stops the virtual interface's maintenance interrupt (from the irq path,
 * which takes it) and has the vCPU that runs here reloaded on its way back
 * (arch_vgic_flush()).
 */
void vgic_maintenance(void);

/*
 * vCPU v wrote val to ICC_SGI1R_EL1 (trapped with HCR_EL2.IMO): makes the
 * SGI pending on the vCPUs of v's VM it names and wakes their CPUs. False,
 * with nothing done, if the board's GIC is not a GICv3 (the register then
 * does not exist for the guest). Bounded by the VM's vCPU count.
 */
bool vgic_v3_sgi1r(struct vcpu *v, uint64_t val);

#endif
