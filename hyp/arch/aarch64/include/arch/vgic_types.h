/* SPDX-License-Identifier: Apache-2.0 */
/*
 * State of the virtual GIC, embedded in struct arch_vm (the distributor:
 * shared interrupts, the lock) and struct arch_vcpu (banked SGIs and PPIs,
 * the saved virtual CPU interface). The model that reads and writes it is
 * vgic_dist.c, vgic_redist.c and vgic_lr.c; vgic.c moves it in and out of
 * the hardware.
 *
 * Interrupt state is kept as bitmaps, one word per 32 interrupts, so that
 * the GIC's set/clear registers are one word operation and the search for
 * the next interrupt to deliver visits set bits only.
 */
#ifndef ARCH_VGIC_TYPES_H
#define ARCH_VGIC_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "mica/spinlock.h"

/* INTIDs 0..VGIC_NR_IRQS-1: SGIs 0-15, PPIs 16-31, SPIs 32 and up. */
#define VGIC_NR_IRQS 128u
#define VGIC_NR_PRIVATE 32u
#define VGIC_NR_SGIS 16u
#define VGIC_NR_SPIS (VGIC_NR_IRQS - VGIC_NR_PRIVATE)
#define VGIC_SPI_WORDS (VGIC_NR_SPIS / 32u)
/* vCPUs of one VM (TargetList and ITARGETSR bits); SCN_MAX_VCPUS fits. */
#define VGIC_MAX_VCPUS 8u
/* List registers used at most (GICv3 has up to 16; GICv2 up to 64). */
#define VGIC_MAX_LRS 16u

/* The per-interrupt bits, one bitmap each. */
enum vgic_bit {
	VGIC_ENABLED,
	VGIC_PENDING,
	VGIC_ACTIVE,
	VGIC_GROUP1, /* IGROUPR: group 1 (else group 0) */
	VGIC_EDGE,   /* ICFGR: edge-triggered (else level) */
	/*
	 * Loaded into a list register of a vCPU that runs now, with this state
	 * (a snapshot for register reads; the list register owns the state
	 * until the vCPU exits). Also keeps an SPI out of a second vCPU's
	 * list registers.
	 */
	VGIC_LR_PENDING,
	VGIC_LR_ACTIVE,
	/*
	 * Made pending by the guest (ISPENDR): a level-sensitive interrupt
	 * then stays pending until acknowledged or cleared, whatever its line.
	 */
	VGIC_LATCHED,
	VGIC_BIT_COUNT,
};

/* List register states, as both GIC versions encode them. */
#define VGIC_LR_STATE_PENDING 1u
#define VGIC_LR_STATE_ACTIVE 2u

/* A list register as the vGIC loaded it, independent of the GIC version. */
struct vgic_lr {
	uint16_t intid;
	uint8_t state; /* VGIC_LR_STATE_*; after sync, what the guest left */
	uint8_t priority;
	uint8_t source; /* GICv2 SGI: the vCPU that sent it */
	bool group1;
	bool eoi_maint; /* maintenance interrupt when the guest ends it */
	bool hw; /* its end deactivates physical interrupt intid (a held PPI) */
};

/* A vCPU's part: its private interrupts and its virtual CPU interface. */
struct arch_vgic_cpu {
	/* Banked SGI/PPI state, bit n = INTID n; under the VM's vGIC lock. */
	uint32_t bits[VGIC_BIT_COUNT];
	uint8_t priority[VGIC_NR_PRIVATE];
	uint8_t sgi_sources[VGIC_NR_SGIS]; /* GICv2: senders of pending SGI n */
	uint8_t sgi_active_source[VGIC_NR_SGIS]; /* GICv2: sender of active SGI n */
	bool asleep; /* GICv3 GICR_WAKER.ProcessorSleep */
	/*
	 * PPIs whose physical line mica ignores (disabled on the vCPU's CPU)
	 * until the guest ends the virtual one (the virtual timer's): their
	 * list registers ask for a maintenance interrupt at its end. Only the
	 * vCPU's own physical CPU touches it.
	 */
	uint32_t held;
	/*
	 * The virtual CPU interface: in the hardware between arch_vgic_flush()
	 * and arch_vgic_sync() (`loaded`), saved here otherwise. Only the
	 * vCPU's own physical CPU touches these.
	 */
	bool loaded;
	/*
	 * The model has something for this vCPU that its loaded list
	 * registers lack: the next flush reloads them. Set by any CPU
	 * (atomically) before it kicks the vCPU; cleared by the flush.
	 */
	bool refill;
	uint8_t lr_count; /* list registers loaded */
	uint32_t vmcr;	  /* ICH_VMCR_EL2 / GICH_VMCR */
	uint32_t apr[8];  /* v3: ICH_AP0R0-3, ICH_AP1R0-3; v2: GICH_APR */
	struct vgic_lr lr[VGIC_MAX_LRS];
};

/* A VM's distributor: shared interrupts, routes, and the lock. */
struct arch_vgic_dist {
	/*
	 * Guards everything below and the banked state of every vCPU of the
	 * VM (another vCPU's SGI, an injection from another physical CPU). A
	 * leaf lock: nothing else is taken while it is held.
	 */
	struct spinlock lock;
	bool v3; /* GICv3 (else GICv2) */
	unsigned cpu_count;
	struct arch_vgic_cpu *cpus[VGIC_MAX_VCPUS]; /* by vCPU index */
	uint32_t ctlr; /* EnableGrp0 (bit 0), EnableGrp1 (bit 1) */
	uint32_t bits[VGIC_BIT_COUNT][VGIC_SPI_WORDS];
	/*
	 * Bit n: SPI word n of bits[] may hold a pending or active interrupt.
	 * Whatever sets one marks it (set(), the guest's ISPENDR and
	 * ISACTIVER); vgic_lr_load() reads only these words and forgets
	 * those it finds idle.
	 */
	uint32_t spi_busy;
	uint8_t priority[VGIC_NR_SPIS];
	uint8_t targets[VGIC_NR_SPIS];	/* v2: GICD_ITARGETSR */
	uint64_t irouter[VGIC_NR_SPIS]; /* v3: GICD_IROUTER */
	/*
	 * SPIs of passed-through devices: their physical line stays masked
	 * until the guest ends them, so their list registers ask for a
	 * maintenance interrupt at the guest's end of interrupt. Set once at
	 * set-up; vgic_dist_reset() keeps it.
	 */
	uint32_t forwarded[VGIC_SPI_WORDS];
};

#endif
