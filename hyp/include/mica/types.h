/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Basic types of the hypervisor: fixed-width integers from the compiler's
 * freestanding headers, and one-field address structs so that a host physical
 * address, a guest physical address and a hypervisor virtual address can never
 * be passed one for another by mistake.
 */
#ifndef MICA_TYPES_H
#define MICA_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mica/config.h"

/* Host physical address. */
typedef struct {
	uint64_t pa;
} paddr_t;

/* Guest (intermediate) physical address, as a partition sees it. */
typedef struct {
	uint64_t ipa;
} ipa_t;

/* Hypervisor virtual address. */
typedef struct {
	uint64_t va;
} vaddr_t;

static inline paddr_t pa_init(uint64_t pa)
{
	return (paddr_t){ .pa = pa };
}

static inline uint64_t pa_addr(paddr_t p)
{
	return p.pa;
}

static inline paddr_t pa_add(paddr_t p, uint64_t off)
{
	return pa_init(p.pa + off);
}

static inline ipa_t ipa_init(uint64_t ipa)
{
	return (ipa_t){ .ipa = ipa };
}

static inline uint64_t ipa_addr(ipa_t i)
{
	return i.ipa;
}

static inline vaddr_t va_init(uint64_t va)
{
	return (vaddr_t){ .va = va };
}

static inline uint64_t va_addr(vaddr_t v)
{
	return v.va;
}

#define MICA_PAGE_SIZE (UINT64_C(1) << 12)

#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a)-1))
#define ALIGN_UP(x, a) ALIGN_DOWN((uint64_t)(x) + (uint64_t)(a)-1, (a))
#define IS_ALIGNED(x, a) (((uint64_t)(x) & ((uint64_t)(a)-1)) == 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KiB(x) ((uint64_t)(x) << 10)
#define MiB(x) ((uint64_t)(x) << 20)
#define GiB(x) ((uint64_t)(x) << 30)

#endif
