/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The real-time scheduler: per physical CPU, fixed-priority preemptive
 * scheduling of the vCPUs the scenario places there, round-robin within a
 * priority (a slice of SCHED_SLICE_US), and an optional budget per period
 * (time partitioning): a vCPU that used its budget waits for the start of
 * its next period, whatever its priority.
 *
 * The decisions here touch no hardware and take no lock: they write only
 * the run queue and its vCPUs' scheduling fields, and read, with atomic
 * loads, the vCPU's and its partition's state that other CPUs change, so
 * they are unit-tested on the host. vcpu.c applies them (switching vCPUs,
 * arming the timer). A run queue belongs to its CPU: only that CPU changes
 * it, with interrupts masked; other CPUs only set a vCPU's `wake` and the
 * queue's `need` flag (atomics) and kick the CPU. Every loop is over the
 * queue, at most SCN_MAX_CPU_VCPUS entries (mica/scenario.h, which the
 * scenario check enforces), a bound the scenario sets, not a guest.
 */
#ifndef MICA_SCHED_H
#define MICA_SCHED_H

#include "mica/scenario.h"
#include "mica/types.h"

/* Round-robin slice between vCPUs of the same priority. */
#define SCHED_SLICE_US 1000u
/* No event: the timer stays off. */
#define SCHED_NEVER UINT64_MAX

struct vcpu;

/* A vCPU's scheduling state, inside struct vcpu. */
struct sched_entity {
	unsigned prio;	 /* SCN_PRIO_MIN .. SCN_PRIO_MAX; higher runs first */
	uint64_t budget; /* counter ticks per period; 0: no budget */
	uint64_t period; /* counter ticks */
	uint64_t remaining;  /* budget left in the current period */
	uint64_t period_end; /* when the next period starts */
	uint64_t last_pick;  /* queue sequence when last picked (round-robin) */
	uint64_t timer_at;   /* its timer's deadline while not running */
	bool blocked;	     /* waits (WFI) for an interrupt */
	bool wake;	     /* atomic: an interrupt was made pending for it */
};

struct sched_cpu {
	struct vcpu *vcpus[SCN_MAX_CPU_VCPUS];
	unsigned count;
	uint64_t seq;	    /* picks so far */
	uint64_t slice_end; /* the running vCPU's round-robin slice ends */
	uint64_t run_start; /* the running vCPU was last charged up to here */
	uint64_t slice;	    /* SCHED_SLICE_US in counter ticks */
	bool need;	    /* atomic: decide again at the next chance */
	/*
	 * Atomic: 1 + the priority of the vCPU it runs; 0 while it idles or
	 * decides (vcpu_kick() compares a vCPU it wakes against it).
	 */
	unsigned run_prio;
};

/* Empties q; slice in counter ticks. */
void sched_init(struct sched_cpu *q, uint64_t slice);

/* Adds v to q (at set-up). False if q is full. */
bool sched_add(struct sched_cpu *q, struct vcpu *v);

/*
 * Sets v's scheduling parameters; budget and period in counter ticks
 * (budget 0: none). A fresh period starts at `now`.
 */
void sched_entity_init(struct vcpu *v, unsigned prio, uint64_t budget,
		       uint64_t period, uint64_t now);

/*
 * Whether v may run: started (or asked to start) and not blocked, its
 * partition running (or, for its first vCPU, loading), budget left.
 * Replenishes v's budget if its period ended by `now`. On v's CPU.
 */
bool sched_runnable(struct vcpu *v, uint64_t now);

/* Charges the running vCPU cur (may be NULL) for the time up to now. */
void sched_charge(struct sched_cpu *q, struct vcpu *cur, uint64_t now);

/*
 * The vCPU q's CPU should run at `now`, cur being the one it runs (NULL if
 * none): the highest priority runnable one; among equals, cur until its
 * slice ends, then the one picked least recently. NULL: nothing to run.
 * Records the pick (slice, sequence). Replenishes the budget of every
 * vCPU it weighs (sched_runnable()), cur's only if no higher one takes
 * the CPU (the next pick, where cur waits, does). On q's CPU, interrupts
 * masked.
 */
struct vcpu *sched_pick(struct sched_cpu *q, struct vcpu *cur, uint64_t now);

/*
 * The next time the decision may change while `next` runs (NULL: idle):
 * its budget or period ends, its slice ends while an equal one waits, a
 * waiting vCPU's period or timer comes. SCHED_NEVER if none.
 */
uint64_t sched_next_event(const struct sched_cpu *q, const struct vcpu *next,
			  uint64_t now);

#endif
