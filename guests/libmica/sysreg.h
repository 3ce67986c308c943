/* SPDX-License-Identifier: Apache-2.0 */
/*
 * System-register and MMIO access for libmica's own files; not part of the
 * API partitions see. MMIO is 32-bit or 64-bit loads and stores only, as the
 * devices (and mica's emulation of them) accept; with the MMU off every
 * access is to Device memory, so nothing here may be unaligned.
 */
#ifndef LIBMICA_SYSREG_H
#define LIBMICA_SYSREG_H

#include <stdint.h>

#define read_sysreg(r)                                                 \
	({                                                             \
		uint64_t v_;                                           \
		__asm__ volatile("mrs %0, " #r : "=r"(v_));            \
		v_;                                                    \
	})

#define write_sysreg(r, v)                                             \
	do {                                                           \
		uint64_t w_ = (uint64_t)(v);                           \
		__asm__ volatile("msr " #r ", %0" : : "r"(w_) : "memory"); \
	} while (0)

#define isb() __asm__ volatile("isb" ::: "memory")
#define dsb(opt) __asm__ volatile("dsb " #opt ::: "memory")

/* ESR_EL1: exception class. */
#define ESR_EC(esr) (((esr) >> 26) & 0x3f)

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline uint64_t mmio_read64(uintptr_t addr)
{
	return *(volatile uint64_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
