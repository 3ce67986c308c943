/* SPDX-License-Identifier: Apache-2.0 */
/*
 * MMIO access for libmica's own files, over the system-register accessors
 * it shares with mica (arm64/sysreg.h); not part of the API partitions
 * see. MMIO is 32-bit or 64-bit loads and stores only, as the devices (and
 * mica's emulation of them) accept; with the MMU off every access is to
 * Device memory, so nothing here may be unaligned.
 */
#ifndef LIBMICA_SYSREG_H
#define LIBMICA_SYSREG_H

#include <stdint.h>

#include "arm64/sysreg.h"

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
