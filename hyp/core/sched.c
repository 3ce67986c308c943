// SPDX-License-Identifier: Apache-2.0
/*
 * The scheduler's decisions (mica/sched.h). No hardware and no locks: they
 * change only the calling CPU's run queue and its vCPUs' scheduling fields,
 * and read with atomic loads what other CPUs change meanwhile (a vCPU's
 * state and start request, its partition's state: has_work()).
 */
#include "mica/sched.h"
#include "mica/vm.h"

void sched_init(struct sched_cpu *q, uint64_t slice)
{
	*q = (struct sched_cpu){ .slice = slice };
}

bool sched_add(struct sched_cpu *q, struct vcpu *v)
{
	if (q->count >= SCN_MAX_CPU_VCPUS) {
		return false;
	}
	q->vcpus[q->count++] = v;
	return true;
}

void sched_entity_init(struct vcpu *v, unsigned prio, uint64_t budget,
		       uint64_t period, uint64_t now)
{
	struct sched_entity *e = &v->sched;

	e->prio = prio;
	e->budget = period != 0 ? budget : 0;
	e->period = e->budget != 0 ? period : 0;
	e->remaining = e->budget;
	e->period_end = e->budget != 0 ? now + e->period : SCHED_NEVER;
	e->last_pick = 0;
	e->timer_at = SCHED_NEVER;
	e->blocked = false;
	__atomic_store_n(&e->wake, false, __ATOMIC_RELAXED);
}

/* A new period if the last one is over (missed ones are skipped). */
static void replenish(struct sched_entity *e, uint64_t now)
{
	if (e->budget != 0 && now >= e->period_end) {
		e->period_end +=
			((now - e->period_end) / e->period + 1) * e->period;
		e->remaining = e->budget;
	}
}

/* Whether v has work: it is on or asked to start, or loads its partition. */
static bool has_work(const struct vcpu *v)
{
	enum vm_state s = __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE);

	return (s == VM_RUNNING &&
		(__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON ||
		 __atomic_load_n(&v->start_pending, __ATOMIC_ACQUIRE))) ||
	       (s == VM_LOADING && v->index == 0);
}

/* Whether v may run with the budget it has now (no replenishing). */
static bool eligible(const struct vcpu *v)
{
	const struct sched_entity *e = &v->sched;

	return has_work(v) && !e->blocked &&
	       (e->budget == 0 || e->remaining > 0);
}

bool sched_runnable(struct vcpu *v, uint64_t now)
{
	replenish(&v->sched, now);
	return eligible(v);
}

void sched_charge(struct sched_cpu *q, struct vcpu *cur, uint64_t now)
{
	if (cur != NULL && cur->sched.budget != 0 && now > q->run_start) {
		struct sched_entity *e = &cur->sched;
		uint64_t used = now - q->run_start;

		/* A period that ended meanwhile starts afresh (and is charged). */
		replenish(e, now);
		e->remaining = used < e->remaining ? e->remaining - used : 0;
	}
	q->run_start = now;
}

struct vcpu *sched_pick(struct sched_cpu *q, struct vcpu *cur, uint64_t now)
{
	struct vcpu *best = NULL;

	for (unsigned i = 0; i < q->count; i++) {
		struct vcpu *v = q->vcpus[i];

		if (v == cur || !sched_runnable(v, now)) {
			continue;
		}
		if (best == NULL || v->sched.prio > best->sched.prio ||
		    (v->sched.prio == best->sched.prio &&
		     v->sched.last_pick < best->sched.last_pick)) {
			best = v;
		}
	}
	/*
	 * cur keeps the CPU against equals until its slice ends; whether it
	 * may run is asked last: a higher one takes the CPU whatever cur is.
	 */
	if (cur != NULL &&
	    (best == NULL || cur->sched.prio > best->sched.prio ||
	     (cur->sched.prio == best->sched.prio && now < q->slice_end)) &&
	    sched_runnable(cur, now)) {
		if (best != NULL && cur->sched.prio == best->sched.prio) {
			return cur; /* in its slice */
		}
		q->slice_end = now + q->slice;
		return cur;
	}
	if (best != NULL) {
		best->sched.last_pick = ++q->seq;
		q->slice_end = now + q->slice;
	}
	return best;
}

static uint64_t earlier(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

uint64_t sched_next_event(const struct sched_cpu *q, const struct vcpu *next,
			  uint64_t now)
{
	uint64_t t = SCHED_NEVER;

	if (next != NULL && next->sched.budget != 0) {
		t = earlier(now + next->sched.remaining,
			    next->sched.period_end);
	}
	for (unsigned i = 0; i < q->count; i++) {
		const struct vcpu *v = q->vcpus[i];
		const struct sched_entity *e = &v->sched;

		if (v == next || !has_work(v)) {
			continue;
		}
		t = earlier(t, e->timer_at);
		if (e->budget != 0 && e->remaining == 0) {
			t = earlier(t, e->period_end);
		}
		/* An equal waits for the slice to end. */
		if (next != NULL && e->prio == next->sched.prio &&
		    eligible(v)) {
			t = earlier(t, q->slice_end);
		}
	}
	return t;
}
