/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's types, for host unit tests: the arch's part of the board
 * holds only what the fake's arch functions report back (an interrupt
 * controller version, the timer's interrupt id and the controller's MMIO
 * windows), and the register frame is a plain set of registers nothing on
 * the host fills; and the number of interrupt ids (arch/irq.h).
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include "mica/types.h"

#define FAKE_BOARD_MMIO_MAX 2
/* Interrupt ids of the fake controller (arch/irq.h): as many as a GIC's. */
#define ARCH_IRQ_IDS 1020u

struct arch_board {
	uint32_t gic_version; /* what arch_board_matches() compares */
	uint32_t timer_irq;   /* what arch_timer_irq() returns */
	paddr_t mmio_base[FAKE_BOARD_MMIO_MAX];
	uint64_t mmio_size[FAKE_BOARD_MMIO_MAX];
	unsigned mmio_count; /* windows arch_board_mmio() reports */
};

struct arch_regs {
	uint64_t x[31];
	uint64_t sp;
	uint64_t pc;
};

/* A host vCPU: what the core's tests need to see change. */
struct arch_vcpu {
	struct arch_regs regs;
	uint64_t entry; /* last arch_vcpu_reset() */
	uint64_t context;
	unsigned resets;
	unsigned saves;
	unsigned releases;   /* arch_vcpu_release() calls */
	unsigned enters;     /* arch_vcpu_enter() calls */
	unsigned entered_on; /* the CPU index of the last one */
	bool vtimer_held;
	unsigned preempts;	  /* arch_vcpu_preempt() calls */
	uint64_t vtimer_deadline; /* what arch_vcpu_vtimer_deadline() answers */
	bool vtimer_pending;	  /* what arch_vcpu_vtimer_pending() answers */
	uint32_t injected[8];	  /* arch_vgic_inject() calls, in order */
	unsigned injected_count;
};

struct arch_vm {
	uint16_t vmid;
	uint16_t vmid_alt;
};

#endif
