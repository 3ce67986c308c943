/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Ticket spinlock on C11 atomics: FIFO, so a waiting CPU's wait is bounded by
 * the number of CPUs times the longest critical section. Critical sections
 * are short and never wait for a guest.
 */
#ifndef MICA_SPINLOCK_H
#define MICA_SPINLOCK_H

#include <stdint.h>

#include "arch/cpu_defs.h" /* arch_cpu_relax(); arch/cpu.h includes us */

struct spinlock {
	uint32_t next;
	uint32_t owner;
};

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

static inline void spinlock_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);
	uint32_t owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);

	/* Out of line: an uncontended lock takes no branch. */
	while (__builtin_expect(owner != ticket, 0)) {
		arch_cpu_relax();
		owner = __atomic_load_n(&l->owner, __ATOMIC_ACQUIRE);
	}
}

static inline void spinlock_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#endif
