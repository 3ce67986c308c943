/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The fake port's types, for host unit tests: the arch's part of the board
 * holds only what the fake's arch functions report back (an interrupt
 * controller version, the timer's interrupt id and the controller's MMIO
 * windows), and the register frame is a plain set of registers nothing on
 * the host fills.
 */
#ifndef ARCH_TYPES_H
#define ARCH_TYPES_H

#include "mica/types.h"

#define FAKE_BOARD_MMIO_MAX 2

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

#endif
