/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The board as mica found it: RAM, CPUs, console UART and command line from
 * the device tree the boot loader passes, plus the architecture's own part
 * (interrupt controller, timers, firmware) in `arch`, which only the port
 * reads.
 */
#ifndef MICA_BOARD_H
#define MICA_BOARD_H

#include "arch/types.h"
#include "mica/dtb.h"
#include "mica/scenario.h"
#include "mica/types.h"

#define BOARD_MAX_RAM 4
#define BOARD_CMDLINE_MAX 256

struct board_range {
	paddr_t base;
	uint64_t size;
};

struct board {
	struct board_range ram[BOARD_MAX_RAM];
	unsigned ram_count;
	uint64_t cpu_hwid[MICA_MAX_CPUS];
	unsigned cpu_count;
	char cpu_compatible[32];
	struct board_range uart;
	uint32_t uart_irq; /* its interrupt's id; 0: none usable */
	char cmdline[BOARD_CMDLINE_MAX];
	struct arch_board arch;
};

/* A node board_probe() met, and its parent (for its "reg": dtb_reg_in()). */
struct board_node {
	int node; /* -1: none met */
	int parent;
};

/*
 * Reads the board from a validated device tree, in one walk through it and
 * a lookup of the stdout UART's path. On failure returns false
 * and fills err (at most err_size bytes) with what is missing or wrong.
 * CPUs beyond MICA_MAX_CPUS are an error, not silently ignored. A console
 * UART without a usable interrupt is not an error (uart_irq is 0; there is
 * no keyboard input then): its first "interrupts" specifier must be one
 * the port can route (arch_board_irq()). Its interrupt-parent
 * is not looked at.
 */
bool board_probe(const struct dtb *dt, struct board *b, char *err,
		 size_t err_size);

/*
 * The boot loader's random seed (/chosen/rng-seed, its first
 * SCN_RNG_SEED_SIZE bytes; board_probe() keeps it if it has that many):
 * copies it into out and forgets it, so that it is used once (vm_boot_all()
 * seeds the partitions' DRBG with it, see entropy.h); false (out untouched)
 * if there is none or it was taken.
 */
bool board_take_seed(uint8_t out[SCN_RNG_SEED_SIZE]);

/* The board the last successful board_probe() read (NULL before). */
const struct board *board_get(void);

/* Whether the command line holds the word w (space-separated words). */
bool board_cmdline_has(const struct board *b, const char *w);

/*
 * The value of "key=value" in the command line, copied into out (NUL-ended,
 * cut at out_size - 1); false if key is absent.
 */
bool board_cmdline_value(const struct board *b, const char *key, char *out,
			 size_t out_size);

#endif
