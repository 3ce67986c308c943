/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Device register access for drivers: single, non-tearing accesses of the
 * given width (volatile), no ordering beyond the device mapping's own.
 */
#ifndef DRIVERS_MMIO_H
#define DRIVERS_MMIO_H

#include "mica/types.h"

static inline uint32_t mmio_read32(paddr_t base, uint64_t off)
{
	return *(volatile uint32_t *)(uintptr_t)(pa_addr(base) + off);
}

static inline void mmio_write32(paddr_t base, uint64_t off, uint32_t v)
{
	*(volatile uint32_t *)(uintptr_t)(pa_addr(base) + off) = v;
}

static inline uint64_t mmio_read64(paddr_t base, uint64_t off)
{
	return *(volatile uint64_t *)(uintptr_t)(pa_addr(base) + off);
}

static inline void mmio_write8(paddr_t base, uint64_t off, uint8_t v)
{
	*(volatile uint8_t *)(uintptr_t)(pa_addr(base) + off) = v;
}

#endif
