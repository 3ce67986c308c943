// SPDX-License-Identifier: Apache-2.0
/*
 * The real-time scheduler: its pure decisions (mica/sched.h, sched.c) and
 * vcpu.c, which applies them on a physical CPU (waits, kicks, the idle
 * loop, preemption at the way back into a guest, virtual timers of vCPUs
 * that wait).
 *
 * The world is built by hand, not by vm_setup_all(): partitions "a" and "b"
 * running, their vCPUs placed on CPU 0's run queue with the priorities and
 * budgets each test gives, a round-robin slice of SLICE ticks. Time is the
 * fake counter (fake.timer_now), which tests move. A CPU's idle loop and a
 * guest entry never return: the fake port halts the CPU there, and step()
 * catches that and says which vCPU the CPU entered, if any.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "mica/cpu.h"
#include "mica/irq.h"
#include "mica/sched.h"
#include "mica/vm.h"
#include "unit.h"

#define SLICE 100u
#define VTIMER 27u
#define SPI 40u
#define LO 10u
#define HI 20u
#define ENTRY UINT64_C(0x40000000)

static struct scn_partition parts[2]; /* no devices: nothing to unmask */
static struct sched_cpu *q;	      /* CPU 0's run queue */

static int setup(void **state)
{
	(void)state;
	fake_reset();
	memset(cpus, 0, sizeof(cpus));
	memset(vms, 0, sizeof(vms));
	memset(parts, 0, sizeof(parts));
	for (unsigned i = 0; i < MICA_MAX_CPUS; i++) {
		cpus[i].index = i;
		sched_init(&cpus[i].sched, SLICE);
	}
	for (unsigned i = 0; i < 2; i++) {
		snprintf(parts[i].name, sizeof(parts[i].name), "%c", 'a' + i);
		vms[i].id = i;
		vms[i].cfg = &parts[i];
		vms[i].state = VM_RUNNING;
	}
	vm_count = 2;
	q = &cpus[0].sched;
	arch_cpu_set_local(&cpus[0]);
	cpu_set_tick_period(0); /* the timer is the scheduler's */
	irq_set_timer(FAKE_TIMER_IRQ);
	irq_set_vtimer(VTIMER);
	return 0;
}

/*
 * vCPU idx of partition vm, on CPU pcpu's queue with priority prio and a
 * budget per period (ticks; 0: none) from now; on (as if it ran before)
 * but not running.
 */
static struct vcpu *vcpu_at(unsigned vm, unsigned idx, unsigned pcpu,
			    unsigned prio, uint64_t budget, uint64_t period)
{
	struct vcpu *v = &vms[vm].vcpus[idx];

	v->vm = &vms[vm];
	v->index = idx;
	v->pcpu = pcpu;
	v->state = VCPU_ON;
	v->arch.vtimer_deadline = SCHED_NEVER;
	sched_entity_init(v, prio, budget, period, fake.timer_now);
	assert_true(sched_add(&cpus[pcpu].sched, v));
	if (vms[vm].vcpu_count <= idx) {
		vms[vm].vcpu_count = idx + 1;
	}
	return v;
}

/* A vCPU of partition vm on CPU 0, priority prio, no budget. */
static struct vcpu *mk(unsigned vm, unsigned idx, unsigned prio)
{
	return vcpu_at(vm, idx, 0, prio, 0, 0);
}

static void at(uint64_t now)
{
	fake.timer_now = now;
}

/* --- the pure decisions ---------------------------------------------------- */

static void sched_init__empties_the_queue(void **state)
{
	struct sched_cpu s;

	(void)state;
	memset(&s, 0xa5, sizeof(s));
	sched_init(&s, 1234);
	assert_int_equal(s.count, 0);
	assert_int_equal(s.slice, 1234);
	assert_int_equal(s.seq, 0);
	assert_int_equal(s.slice_end, 0);
	assert_int_equal(s.run_start, 0);
	assert_false(s.need);
	assert_null(sched_pick(&s, NULL, 0));
	assert_int_equal(sched_next_event(&s, NULL, 0), SCHED_NEVER);
}

static void sched_add__refuses_more_vcpus_than_a_cpu_hosts(void **state)
{
	(void)state;
	for (unsigned i = 0; i < SCN_MAX_CPU_VCPUS; i++) {
		mk(0, i, LO);
	}
	assert_int_equal(q->count, SCN_MAX_CPU_VCPUS);
	vms[1].vcpus[0].vm = &vms[1];
	assert_false(sched_add(q, &vms[1].vcpus[0]));
	assert_int_equal(q->count, SCN_MAX_CPU_VCPUS);
	for (unsigned i = 0; i < SCN_MAX_CPU_VCPUS; i++) {
		assert_ptr_equal(q->vcpus[i], &vms[0].vcpus[i]);
	}
}

static void sched_entity_init__takes_a_budget_only_with_a_period(void **state)
{
	struct vcpu *v = mk(0, 0, LO);
	struct sched_entity *e = &v->sched;

	(void)state;
	sched_entity_init(v, 42, 30, 100, 1000);
	assert_int_equal(e->prio, 42);
	assert_int_equal(e->budget, 30);
	assert_int_equal(e->period, 100);
	assert_int_equal(e->remaining, 30);
	assert_int_equal(e->period_end, 1100);
	assert_int_equal(e->timer_at, SCHED_NEVER);
	assert_false(e->blocked);
	assert_false(e->wake);
	/* A budget with no period, or a period with no budget: neither. */
	sched_entity_init(v, 42, 30, 0, 1000);
	assert_int_equal(e->budget, 0);
	assert_int_equal(e->period, 0);
	assert_int_equal(e->period_end, SCHED_NEVER);
	sched_entity_init(v, 42, 0, 100, 1000);
	assert_int_equal(e->budget, 0);
	assert_int_equal(e->period, 0);
	assert_int_equal(e->period_end, SCHED_NEVER);
	/* No budget: always runnable, whatever it is charged. */
	q->run_start = 0;
	sched_charge(q, v, 1000000);
	assert_true(sched_runnable(v, 1000000));
}

static void sched_pick__runs_the_highest_priority(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);
	struct vcpu *mid = mk(0, 1, 15);

	(void)state;
	assert_ptr_equal(sched_pick(q, NULL, 0), hi);
	/* A lower one running is preempted at once, slice or not. */
	assert_ptr_equal(sched_pick(q, lo, 10), hi);
	assert_ptr_equal(sched_pick(q, mid, 20), hi);
	/* The higher one running keeps the CPU, past any slice. */
	for (uint64_t t = 0; t < 5 * SLICE; t += SLICE / 2) {
		assert_ptr_equal(sched_pick(q, hi, t), hi);
	}
	assert_int_equal(sched_next_event(q, hi, 5 * SLICE), SCHED_NEVER);
}

static void
sched_pick__takes_turns_among_equals_only_when_the_slice_ends(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(1, 0, LO);

	(void)state;
	/* Neither picked yet: the first in the queue. */
	assert_ptr_equal(sched_pick(q, NULL, 0), a);
	assert_int_equal(q->slice_end, SLICE);
	/* a keeps the CPU until its slice ends... */
	assert_ptr_equal(sched_pick(q, a, 1), a);
	assert_ptr_equal(sched_pick(q, a, SLICE - 1), a);
	assert_int_equal(q->slice_end, SLICE);
	/* ...then b has one, then a again. */
	assert_ptr_equal(sched_pick(q, a, SLICE), b);
	assert_int_equal(q->slice_end, 2 * SLICE);
	assert_ptr_equal(sched_pick(q, b, 2 * SLICE - 1), b);
	assert_ptr_equal(sched_pick(q, b, 2 * SLICE + 5), a);
	assert_int_equal(q->slice_end, 3 * SLICE + 5);
}

static void
sched_pick__gives_the_turn_to_the_equal_picked_least_recently(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(0, 1, LO);
	struct vcpu *c = mk(1, 0, LO);
	struct vcpu *order[7];
	struct vcpu *cur = NULL;

	(void)state;
	for (unsigned i = 0; i < 7; i++) {
		cur = sched_pick(q, cur, i * SLICE);
		order[i] = cur;
	}
	assert_ptr_equal(order[0], a);
	assert_ptr_equal(order[1], b);
	assert_ptr_equal(order[2], c);
	assert_ptr_equal(order[3], a);
	assert_ptr_equal(order[4], b);
	assert_ptr_equal(order[5], c);
	assert_ptr_equal(order[6], a);
	/* b waits: at the end of a's slice, c has the turn. */
	b->sched.blocked = true;
	assert_ptr_equal(sched_pick(q, a, 7 * SLICE), c);
	b->sched.blocked = false;
	/* b was picked before c and a: its turn. */
	assert_ptr_equal(sched_pick(q, c, 8 * SLICE), b);
	assert_ptr_equal(sched_pick(q, b, 9 * SLICE), a);
}

static void
sched_pick__restarts_the_slice_of_a_vcpu_with_no_equal_waiting(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(1, 0, LO);

	(void)state;
	b->sched.blocked = true;
	assert_ptr_equal(sched_pick(q, NULL, 0), a);
	assert_ptr_equal(sched_pick(q, a, 3 * SLICE), a);
	assert_int_equal(q->slice_end, 4 * SLICE);
	/* b wakes: a goes on to the end of the slice it has, no further. */
	b->sched.blocked = false;
	assert_ptr_equal(sched_pick(q, a, 3 * SLICE + 10), a);
	assert_int_equal(sched_next_event(q, a, 3 * SLICE + 10), 4 * SLICE);
	assert_ptr_equal(sched_pick(q, a, 4 * SLICE), b);
}

static void sched_pick__skips_a_blocked_vcpu(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	hi->sched.blocked = true;
	assert_ptr_equal(sched_pick(q, NULL, 0), lo);
	/* The running one waits: the other one runs. */
	assert_ptr_equal(sched_pick(q, lo, 10), lo);
	lo->sched.blocked = true;
	assert_null(sched_pick(q, lo, 20));
	assert_null(sched_pick(q, NULL, 30));
	hi->sched.blocked = false;
	assert_ptr_equal(sched_pick(q, NULL, 40), hi);
	assert_false(sched_runnable(lo, 40));
}

static void sched_runnable__not_for_a_partition_that_does_not_run(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	vms[1].state = VM_STOPPED;
	assert_false(sched_runnable(hi, 0));
	assert_ptr_equal(sched_pick(q, NULL, 0), lo);
	assert_ptr_equal(sched_pick(q, hi, 0), lo);
	vms[1].state = VM_OFF;
	assert_false(sched_runnable(hi, 0));
	vms[0].state = VM_STOPPED;
	assert_null(sched_pick(q, NULL, 0));
	/* Nor does it count for the slice or its timer. */
	hi->sched.timer_at = 50;
	vms[1].state = VM_STOPPED;
	vms[0].state = VM_RUNNING;
	hi->sched.prio = LO;
	assert_int_equal(sched_next_event(q, lo, 0), SCHED_NEVER);
	assert_int_equal(sched_next_event(q, NULL, 0), SCHED_NEVER);
}

static void sched_runnable__the_first_vcpu_of_a_loading_partition(void **state)
{
	struct vcpu *v0 = vcpu_at(0, 0, 0, LO, 10, 100);
	struct vcpu *v1 = mk(0, 1, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	v0->state = VCPU_OFF;
	v1->state = VCPU_OFF;
	vms[0].state = VM_LOADING;
	/* The load runs on vCPU 0's time, at its priority, under its budget. */
	assert_true(sched_runnable(v0, 0));
	assert_false(sched_runnable(v1, 0));
	assert_ptr_equal(sched_pick(q, NULL, 0), hi);
	hi->state = VCPU_OFF;
	assert_ptr_equal(sched_pick(q, NULL, 0), v0);
	sched_charge(q, v0, 10);
	assert_false(sched_runnable(v0, 10));
	assert_null(sched_pick(q, v0, 10));
	/* Its next period is an event, as for a vCPU that runs. */
	assert_int_equal(sched_next_event(q, NULL, 10), 100);
	assert_true(sched_runnable(v0, 100));
}

static void sched_runnable__an_off_vcpu_only_with_a_start_request(void **state)
{
	struct vcpu *v = mk(0, 0, LO);
	struct vcpu *other = mk(1, 0, LO);

	(void)state;
	v->state = VCPU_OFF;
	assert_false(sched_runnable(v, 0));
	assert_ptr_equal(sched_pick(q, NULL, 0), other);
	v->start_pending = true;
	assert_true(sched_runnable(v, 0));
	assert_ptr_equal(sched_pick(q, NULL, 0), v);
	/* Not if its partition does not run. */
	vms[0].state = VM_STOPPED;
	assert_false(sched_runnable(v, 0));
	/* An equal asked to start waits for the slice, as an equal on does. */
	vms[0].state = VM_RUNNING;
	assert_ptr_equal(sched_pick(q, other, 1), other);
	assert_int_equal(sched_next_event(q, other, 1), q->slice_end);
	v->start_pending = false;
	assert_int_equal(sched_next_event(q, other, 1), SCHED_NEVER);
}

static void sched_charge__takes_the_time_run_from_the_budget(void **state)
{
	struct vcpu *v = vcpu_at(0, 0, 0, LO, 30, 100);
	struct vcpu *w = mk(1, 0, LO);

	(void)state;
	/* From idle: nobody is charged, the clock starts. */
	sched_charge(q, NULL, 5);
	assert_int_equal(q->run_start, 5);
	assert_int_equal(v->sched.remaining, 30);
	sched_charge(q, v, 15);
	assert_int_equal(v->sched.remaining, 20);
	assert_int_equal(q->run_start, 15);
	/* No time, no charge. */
	sched_charge(q, v, 15);
	assert_int_equal(v->sched.remaining, 20);
	/* More than it has: none left, not less. */
	sched_charge(q, v, 50);
	assert_int_equal(v->sched.remaining, 0);
	assert_int_equal(q->run_start, 50);
	assert_false(sched_runnable(v, 50));
	/* One with no budget is not charged. */
	sched_charge(q, w, 500);
	assert_int_equal(w->sched.remaining, 0);
	assert_int_equal(q->run_start, 500);
	assert_true(sched_runnable(w, 500));
}

static void
sched_charge__charges_a_period_that_ended_meanwhile_afresh(void **state)
{
	struct vcpu *v = vcpu_at(0, 0, 0, LO, 30, 100);

	(void)state;
	q->run_start = 0;
	sched_charge(q, v, 25);
	assert_int_equal(v->sched.remaining, 5);
	/* Run on from 25 past the end of the period (100) to 110. */
	sched_charge(q, v, 110);
	assert_int_equal(v->sched.period_end, 200);
	assert_int_equal(v->sched.remaining, 0); /* 30 - 85 */
	sched_charge(q, v, 210);
	assert_int_equal(v->sched.period_end, 300);
	assert_int_equal(v->sched.remaining, 0);
	/* A short run into a new period costs only what it ran. */
	q->run_start = 295;
	sched_charge(q, v, 305);
	assert_int_equal(v->sched.period_end, 400);
	assert_int_equal(v->sched.remaining, 20);
}

static void
sched_runnable__gives_the_budget_back_when_the_period_starts(void **state)
{
	struct vcpu *v = vcpu_at(0, 0, 0, LO, 30, 100);

	(void)state;
	q->run_start = 0;
	sched_charge(q, v, 30);
	assert_int_equal(v->sched.remaining, 0);
	/* No budget: it waits for its next period, at 100. */
	assert_false(sched_runnable(v, 30));
	assert_false(sched_runnable(v, 99));
	assert_null(sched_pick(q, NULL, 99));
	assert_int_equal(sched_next_event(q, NULL, 99), 100);
	assert_true(sched_runnable(v, 100));
	assert_int_equal(v->sched.remaining, 30);
	assert_int_equal(v->sched.period_end, 200);
}

static void sched_runnable__skips_the_periods_it_missed(void **state)
{
	struct vcpu *v = vcpu_at(0, 0, 0, LO, 30, 100);

	(void)state;
	q->run_start = 0;
	sched_charge(q, v, 30);
	/* Nothing looked at it for three and a half periods. */
	assert_true(sched_runnable(v, 350));
	assert_int_equal(v->sched.period_end, 400);
	assert_int_equal(v->sched.remaining, 30);
	/* Exactly at a period's end: the next one starts there. */
	q->run_start = 350;
	sched_charge(q, v, 380);
	assert_false(sched_runnable(v, 399));
	assert_true(sched_runnable(v, 400));
	assert_int_equal(v->sched.period_end, 500);
	assert_int_equal(v->sched.remaining, 30);
}

static void sched_pick__a_vcpu_out_of_budget_yields_to_a_lower_one(void **state)
{
	struct vcpu *hi = vcpu_at(1, 0, 0, HI, 30, 100);
	struct vcpu *lo = mk(0, 0, LO);

	(void)state;
	sched_charge(q, NULL, 0);
	assert_ptr_equal(sched_pick(q, NULL, 0), hi);
	/* Its budget ends at 30: the event the CPU arms. */
	assert_int_equal(sched_next_event(q, hi, 0), 30);
	sched_charge(q, hi, 30);
	assert_ptr_equal(sched_pick(q, hi, 30), lo);
	/* The lower one runs until hi's next period, at 100. */
	assert_int_equal(sched_next_event(q, lo, 30), 100);
	sched_charge(q, lo, 100);
	assert_ptr_equal(sched_pick(q, lo, 100), hi);
	assert_int_equal(hi->sched.remaining, 30);
	assert_int_equal(sched_next_event(q, hi, 100), 130);
}

/*
 * A higher vCPU takes the CPU without a look at cur (the switch's common
 * case): cur's budget, out for a period that ended, comes back at the
 * next pick, where cur waits, not at this one. Fails if this pick asks
 * whether cur may run (sched_runnable() replenishes it).
 */
static void sched_pick__a_higher_one_preempts_without_weighing_cur(void **state)
{
	struct vcpu *lo = vcpu_at(0, 0, 0, LO, 30, 100);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	hi->sched.blocked = true;
	sched_charge(q, NULL, 0);
	assert_ptr_equal(sched_pick(q, NULL, 0), lo);
	sched_charge(q, lo, 30);
	assert_int_equal(lo->sched.remaining, 0);
	hi->sched.blocked = false; /* its timer came, at 150 */
	assert_ptr_equal(sched_pick(q, lo, 150), hi);
	assert_int_equal(lo->sched.remaining, 0);
	sched_charge(q, hi, 160);
	assert_ptr_equal(sched_pick(q, hi, 160), hi);
	assert_int_equal(lo->sched.remaining, 30); /* weighed while waiting */
	/* Blocked again: lo, with its budget, until that ends. */
	hi->sched.blocked = true;
	assert_ptr_equal(sched_pick(q, hi, 170), lo);
	assert_int_equal(sched_next_event(q, lo, 170), 200);
}

static void sched_next_event__is_the_budget_end_or_the_period_end(void **state)
{
	struct vcpu *v = vcpu_at(0, 0, 0, LO, 80, 100);

	(void)state;
	assert_int_equal(sched_next_event(q, v, 0), 80);
	q->run_start = 0;
	sched_charge(q, v, 10);
	assert_int_equal(sched_next_event(q, v, 10), 80);
	/* Idle from 10 to 50: 70 left, but the period ends at 100. */
	assert_int_equal(sched_next_event(q, v, 50), 100);
	/* With no budget, nothing of its own (v, lower, waits for nothing). */
	assert_int_equal(sched_next_event(q, mk(1, 0, HI), 0), SCHED_NEVER);
}

static void
sched_next_event__is_the_slice_end_only_when_an_equal_waits(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(1, 0, LO);

	(void)state;
	mk(0, 1, LO - 1); /* a lower one, waiting */
	assert_ptr_equal(sched_pick(q, NULL, 0), a);
	assert_int_equal(sched_next_event(q, a, 0), SLICE);
	/* b waits for an interrupt, or is off: a runs on with no event. */
	b->sched.blocked = true;
	assert_int_equal(sched_next_event(q, a, 0), SCHED_NEVER);
	b->sched.blocked = false;
	b->state = VCPU_OFF;
	assert_int_equal(sched_next_event(q, a, 0), SCHED_NEVER);
	b->state = VCPU_ON;
	/* Out of budget until its period ends: that, not the slice. */
	sched_entity_init(b, LO, 30, 1000, 0);
	b->sched.remaining = 0;
	assert_int_equal(sched_next_event(q, a, 0), 1000);
	/* A lower one waiting is no reason either. */
	b->sched.blocked = true;
	b->sched.remaining = 30;
	assert_int_equal(sched_next_event(q, a, 0), SCHED_NEVER);
}

static void sched_next_event__is_a_waiting_vcpus_timer(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(1, 0, HI);
	struct vcpu *c = mk(1, 1, LO);

	(void)state;
	b->sched.blocked = true;
	b->sched.timer_at = 500;
	c->sched.blocked = true;
	c->sched.timer_at = 700;
	assert_int_equal(sched_next_event(q, a, 0), 500);
	/* Idle: the same. */
	assert_int_equal(sched_next_event(q, NULL, 0), 500);
	/* The running one's own timer is the CPU's, not an event. */
	a->sched.timer_at = 200;
	assert_int_equal(sched_next_event(q, a, 0), 500);
	assert_int_equal(sched_next_event(q, NULL, 0), 200);
	/* The earliest of all: a budget end before the timer. */
	sched_entity_init(a, LO, 30, 1000, 0);
	assert_int_equal(sched_next_event(q, a, 0), 30);
}

/* --- vcpu.c: the decisions applied -------------------------------------- */

/* A marker step() returns when the statement returned (kept the vCPU). */
static struct vcpu returned_;
#define RETURNED (&returned_)

/*
 * The vCPU of q whose entries differ from `before`, or NULL if the CPU
 * entered none; fails if it entered two.
 */
static struct vcpu *entered_since(const unsigned before[SCN_MAX_CPU_VCPUS])
{
	struct vcpu *entered = NULL;

	for (unsigned i = 0; i < q->count; i++) {
		if (q->vcpus[i]->arch.enters != before[i]) {
			assert_null(entered);
			entered = q->vcpus[i];
		}
	}
	return entered;
}

/*
 * Runs fn(v) on CPU 0: returns the vCPU the CPU entered, NULL if it went to
 * wait in its idle loop, or RETURNED if fn returned (the vCPU it runs goes
 * on).
 */
static struct vcpu *step(void (*fn)(struct vcpu *), struct vcpu *v)
{
	unsigned before[SCN_MAX_CPU_VCPUS];
	bool halted = false;

	arch_cpu_set_local(&cpus[0]);
	for (unsigned i = 0; i < q->count; i++) {
		before[i] = q->vcpus[i]->arch.enters;
	}
	fake.cpu_wait_halt_at = fake.cpu_wait_count + 1;
	FAKE_EXPECT_HALT(halted, fn(v));
	if (!halted) {
		return RETURNED;
	}
	return entered_since(before);
}

static void idle(struct vcpu *v)
{
	(void)v;
	vcpu_idle();
}

/* The timer interrupt of CPU 0, at `now`, while v runs (NULL: idle). */
static void timer_fires(uint64_t now)
{
	static const uint32_t timer[] = { FAKE_TIMER_IRQ };

	at(now);
	arch_cpu_set_local(&cpus[0]);
	fake_irq_queue(timer, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_true(q->need);
}

/* CPU 1 makes interrupt intid pending for v (as the vGIC does). */
static void inject_from_cpu1(struct vcpu *v, uint32_t intid)
{
	arch_cpu_set_local(&cpus[1]);
	arch_vgic_inject(v, intid);
	arch_cpu_set_local(&cpus[0]);
}

/* v, asked to start, is what CPU 0's idle loop enters. */
static void start(struct vcpu *v)
{
	v->state = VCPU_OFF;
	assert_int_equal(vcpu_request_start(v, ipa_init(ENTRY), 0), 0);
	assert_ptr_equal(step(idle, NULL), v);
	assert_int_equal(v->state, VCPU_ON);
	assert_ptr_equal(cpus[0].current, v);
}

static void vcpu_idle__starts_the_highest_priority_vcpu_first(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	lo->state = VCPU_OFF;
	hi->state = VCPU_OFF;
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 1), 0);
	assert_int_equal(vcpu_request_start(hi, ipa_init(ENTRY + 8), 2), 0);
	assert_true(q->need);
	assert_ptr_equal(step(idle, NULL), hi);
	assert_int_equal(hi->arch.entry, ENTRY + 8);
	assert_ptr_equal(cpus[0].current, hi);
	/* lo stays asked; nothing is due while hi runs. */
	assert_true(lo->start_pending);
	assert_int_equal(lo->state, VCPU_OFF);
	assert_false(fake.timer_armed);
}

static void vcpu_wait__runs_another_vcpu_while_one_waits(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	/* hi, running, still has the CPU; then it waits (WFI): lo starts. */
	assert_ptr_equal(step(vcpu_resume_check, hi), RETURNED);
	assert_ptr_equal(step(vcpu_wait, hi), lo);
	assert_true(hi->sched.blocked);
	assert_int_equal(hi->state, VCPU_ON);
	assert_int_equal(hi->arch.preempts, 1);
	assert_ptr_equal(cpus[0].current, lo);
	assert_int_equal(lo->state, VCPU_ON);
	/* lo runs on at its exits: hi has nothing to wake it. */
	assert_ptr_equal(step(vcpu_resume_check, lo), RETURNED);
	assert_ptr_equal(cpus[0].current, lo);
}

static void vcpu_wait__idles_with_nothing_else_to_run(void **state)
{
	struct vcpu *hi = mk(1, 0, HI);
	struct vcpu *off = mk(0, 0, LO);

	(void)state;
	off->state = VCPU_OFF;
	start(hi);
	assert_null(step(vcpu_wait, hi));
	assert_null(cpus[0].current);
	assert_true(hi->sched.blocked);
	assert_int_equal(hi->arch.preempts, 1);
	/* No timer in use, no budget: nothing to wake for but interrupts. */
	assert_false(fake.timer_armed);
	/* The idle loop, woken for nothing, waits again. */
	assert_null(step(idle, NULL));
}

static void vcpu_wait__returns_at_once_with_an_interrupt_pending(void **state)
{
	struct vcpu *hi = mk(1, 0, HI);
	struct vcpu *lo = mk(0, 0, LO);

	(void)state;
	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	hi->arch.injected[hi->arch.injected_count++] = SPI;
	assert_ptr_equal(step(vcpu_wait, hi), RETURNED);
	assert_false(hi->sched.blocked);
	assert_ptr_equal(cpus[0].current, hi);
	assert_int_equal(hi->arch.preempts, 0);
	assert_true(lo->start_pending);
}

static void vcpu_wait__returns_at_once_with_its_timer_pending(void **state)
{
	struct vcpu *hi = mk(1, 0, HI);
	struct vcpu *lo = mk(0, 0, LO);

	(void)state;
	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	hi->arch.vtimer_pending = true;
	assert_ptr_equal(step(vcpu_wait, hi), RETURNED);
	assert_false(hi->sched.blocked);
	assert_ptr_equal(cpus[0].current, hi);
	assert_int_equal(hi->arch.preempts, 0);
}

static void
vcpu_kick__a_higher_vcpu_preempts_at_the_next_resume_check(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	assert_ptr_equal(step(vcpu_wait, hi), lo);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	/* Another CPU makes an interrupt pending for hi: CPU 0 is kicked. */
	inject_from_cpu1(hi, SPI);
	assert_int_equal(fake_kicks[0], 1);
	assert_true(hi->sched.wake);
	assert_true(q->need);
	/* lo's next exit, the kick's: hi runs, lo is saved to go on later. */
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
	assert_ptr_equal(cpus[0].current, hi);
	assert_false(hi->sched.blocked);
	assert_int_equal(lo->arch.preempts, 1);
	assert_int_equal(lo->state, VCPU_ON);
	assert_false(lo->sched.blocked);
	assert_false(q->need);
	/* hi waits again: lo goes on where it was, not started afresh. */
	hi->arch.injected_count = 0;
	assert_ptr_equal(step(vcpu_wait, hi), lo);
	assert_int_equal(lo->arch.resets, 1);
}

static void vcpu_kick__a_lower_vcpu_does_not_preempt(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	hi->state = VCPU_OFF;
	start(lo);
	/* hi, asked to start, preempts lo; then lo's interrupt comes. */
	assert_int_equal(vcpu_request_start(hi, ipa_init(ENTRY), 0), 0);
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	inject_from_cpu1(lo, SPI);
	/* Nothing for CPU 0 to do now: not kicked, no decision due. */
	assert_int_equal(fake_kicks[0], 0);
	assert_false(q->need);
	assert_true(lo->sched.wake);
	assert_ptr_equal(step(vcpu_resume_check, hi), RETURNED);
	assert_ptr_equal(cpus[0].current, hi);
	assert_false(q->need);
	assert_int_equal(hi->arch.preempts, 0);
}

static void vcpu_kick__leaves_the_cpu_of_an_off_vcpu_alone(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *off = mk(1, 0, HI);

	(void)state;
	off->state = VCPU_OFF;
	lo->state = VCPU_OFF;
	start(lo);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	/* Another partition's vCPU that never started gets SGIs: nothing. */
	for (unsigned i = 0; i < 3; i++) {
		inject_from_cpu1(off, 1);
	}
	assert_int_equal(fake_kicks[0], 0);
	assert_false(q->need);
	assert_ptr_equal(step(vcpu_resume_check, lo), RETURNED);
	assert_int_equal(lo->arch.preempts, 0);
}

static void vcpu_kick__kicks_once_per_decision(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(1, 0, LO);

	(void)state;
	a->state = VCPU_OFF;
	start(b);
	assert_int_equal(vcpu_request_start(a, ipa_init(ENTRY), 0), 0);
	assert_ptr_equal(step(vcpu_wait, b), a);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	/* b, an equal that waits, needs a decision: one kick for many. */
	for (unsigned i = 0; i < 3; i++) {
		inject_from_cpu1(b, SPI + i);
	}
	assert_int_equal(fake_kicks[0], 1);
	assert_true(q->need);
	/* That decision lets a finish its slice and arms its end for b... */
	assert_ptr_equal(step(vcpu_resume_check, a), RETURNED);
	assert_false(b->sched.blocked);
	assert_true(fake.timer_armed);
	/* ...so b's further interrupts leave a alone until then. */
	inject_from_cpu1(b, SPI + 3);
	assert_int_equal(fake_kicks[0], 1);
	assert_false(q->need);
}

static void
vcpu_kick__a_stopping_partitions_lower_vcpu_asks_a_decision(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	hi->state = VCPU_OFF;
	start(lo);
	assert_int_equal(vcpu_request_start(hi, ipa_init(ENTRY), 0), 0);
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	/* lo's partition stops (as vm.c does): CPU 0 must turn lo off. */
	vms[0].state = VM_STOPPED;
	arch_cpu_set_local(&cpus[1]);
	vcpu_kick(lo);
	arch_cpu_set_local(&cpus[0]);
	assert_int_equal(fake_kicks[0], 1);
	assert_true(q->need);
	assert_ptr_equal(step(vcpu_resume_check, hi), RETURNED);
	assert_int_equal(lo->state, VCPU_OFF);
}

static void
vcpu_kick__leaves_the_cpu_alone_for_a_vcpu_out_of_budget(void **state)
{
	struct vcpu *hi = vcpu_at(1, 0, 0, HI, 30, 1000);
	struct vcpu *lo = mk(0, 0, LO);

	(void)state;
	at(0);
	hi->sched.remaining = 0;  /* used its budget: waits for t = 1000 */
	hi->sched.blocked = true; /* and for an interrupt */
	lo->state = VCPU_OFF;
	start(lo);
	assert_true(fake.timer_armed);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	for (unsigned i = 0; i < 3; i++) {
		inject_from_cpu1(hi, SPI + i);
	}
	assert_int_equal(fake_kicks[0], 0);
	assert_false(q->need);
	/* Its period starts: it runs, and sees its interrupts. */
	timer_fires(1000);
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
}

static void vcpu_kick__of_the_running_vcpu_asks_no_decision(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	lo->state = VCPU_OFF;
	start(hi);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	inject_from_cpu1(hi, SPI);
	/* It sees its interrupt at the exit the kick forces. */
	assert_int_equal(fake_kicks[0], 1);
	assert_false(q->need);
	/* From its own CPU: no kick at all. */
	arch_vgic_inject(hi, SPI + 1);
	assert_int_equal(fake_kicks[0], 1);
	assert_false(q->need);
	assert_ptr_equal(step(vcpu_resume_check, hi), RETURNED);
}

static void
vcpu_resume_check__wakes_a_waiting_vcpu_whose_timer_came(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	lo->state = VCPU_OFF;
	at(100);
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	/* hi sets its timer for 1000, then waits: lo runs meanwhile. */
	hi->arch.vtimer_deadline = 1000;
	at(200);
	/* The count moves while the CPU decides (as the real one does). */
	fake.timer_step = 7;
	assert_ptr_equal(step(vcpu_wait, hi), lo);
	fake.timer_step = 0;
	assert_int_equal(hi->sched.timer_at, 1000);
	/* CPU 0's timer is armed for hi's deadline: exactly, not from 200. */
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_at, 1000);
	assert_int_equal(fake.timer_ticks, 1000 - fake.timer_now);
	/* Not yet: lo goes on. */
	at(999);
	q->need = true;
	assert_ptr_equal(step(vcpu_resume_check, lo), RETURNED);
	assert_int_equal(hi->arch.injected_count, 0);
	/* At 1000 the timer fires: hi gets its timer interrupt and runs. */
	timer_fires(1000);
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
	assert_int_equal(hi->arch.injected_count, 1);
	assert_int_equal(hi->arch.injected[0], VTIMER);
	assert_true(hi->arch.vtimer_held);
	assert_false(hi->sched.blocked);
	assert_int_equal(hi->sched.timer_at, SCHED_NEVER);
	assert_int_equal(lo->arch.injected_count, 0);
	assert_int_equal(lo->arch.preempts, 1);
	/* The injection asked for no second decision: this one saw hi. */
	assert_false(q->need);
}

static void vcpu_idle__wakes_a_waiting_vcpu_whose_timer_came(void **state)
{
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	at(0);
	start(hi);
	hi->arch.vtimer_deadline = 500;
	assert_null(step(vcpu_wait, hi));
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_ticks, 500);
	/* The timer wakes the idle CPU, which takes it and decides. */
	timer_fires(500);
	assert_ptr_equal(step(idle, NULL), hi);
	assert_int_equal(hi->arch.injected_count, 1);
	assert_int_equal(hi->arch.injected[0], VTIMER);
	assert_false(hi->sched.blocked);
	assert_false(q->need);
}

static void
vcpu_resume_check__a_vcpu_out_of_budget_yields_to_a_lower_one(void **state)
{
	struct vcpu *hi = vcpu_at(1, 0, 0, HI, 300, 1000);
	struct vcpu *lo = mk(0, 0, LO);

	(void)state;
	at(0);
	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	/* lo's start request is no reason to stop hi: its budget is. */
	assert_ptr_equal(step(vcpu_resume_check, hi), RETURNED);
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_ticks, 300);
	timer_fires(300);
	assert_ptr_equal(step(vcpu_resume_check, hi), lo);
	assert_int_equal(hi->sched.remaining, 0);
	assert_int_equal(hi->arch.preempts, 1);
	assert_false(hi->sched.blocked);
	/* lo runs until hi's next period, at 1000. */
	assert_int_equal(fake.timer_ticks, 700);
	timer_fires(1000);
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
	assert_int_equal(hi->sched.remaining, 300);
	assert_int_equal(fake.timer_ticks, 300);
}

static void
vcpu_resume_check__takes_turns_among_equals_at_the_slice_end(void **state)
{
	struct vcpu *a = mk(0, 0, LO);
	struct vcpu *b = mk(1, 0, LO);

	(void)state;
	b->state = VCPU_OFF;
	at(0);
	start(a);
	at(10);
	assert_int_equal(vcpu_request_start(b, ipa_init(ENTRY), 0), 0);
	/* b waits for the end of a's slice. */
	assert_ptr_equal(step(vcpu_resume_check, a), RETURNED);
	assert_true(fake.timer_armed);
	assert_int_equal(fake.timer_ticks, SLICE - 10);
	timer_fires(SLICE);
	assert_ptr_equal(step(vcpu_resume_check, a), b);
	assert_int_equal(fake.timer_ticks, SLICE);
	timer_fires(2 * SLICE);
	assert_ptr_equal(step(vcpu_resume_check, b), a);
	assert_int_equal(a->arch.resets, 1);
}

static void
vcpu_resume_check__turns_off_a_waiting_vcpu_of_a_stopped_partition(void **state)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);

	(void)state;
	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	hi->arch.vtimer_deadline = 5000;
	assert_ptr_equal(step(vcpu_wait, hi), lo);
	/* hi's partition stops (from CPU 1), which kicks its vCPUs. */
	vms[1].state = VM_STOPPED;
	arch_cpu_set_local(&cpus[1]);
	vcpu_kick(hi);
	assert_ptr_equal(step(vcpu_resume_check, lo), RETURNED);
	assert_int_equal(hi->state, VCPU_OFF);
	assert_false(hi->sched.blocked);
	assert_int_equal(hi->sched.timer_at, SCHED_NEVER);
	assert_false(fake.timer_armed);
}

/*
 * An interrupt for a vCPU that waits, made pending by another CPU while
 * vcpu_wait() decides, is not lost while the CPU runs a lower vCPU (a bug
 * these found: the kick saw the vCPU still current and did not set `need`,
 * and collect() skipped the current vCPU's `wake`). Each test makes the
 * interrupt come at one moment.
 */
static void inject_hi_from_cpu1(void *arg)
{
	inject_from_cpu1(arg, SPI);
}

/* hi waits with lo asked to start; the interrupt comes at `when`. */
static void wait_while_interrupted(enum fake_hook_at when)
{
	struct vcpu *lo = mk(0, 0, LO);
	struct vcpu *hi = mk(1, 0, HI);
	struct vcpu *got;

	lo->state = VCPU_OFF;
	start(hi);
	assert_int_equal(vcpu_request_start(lo, ipa_init(ENTRY), 0), 0);
	fake.hook_at = when;
	fake.hook = inject_hi_from_cpu1;
	fake.hook_arg = hi;
	got = step(vcpu_wait, hi);
	assert_null(fake.hook); /* it came */
	/* hi goes on at once, or runs at lo's first exit (the kick's). */
	if (got == RETURNED) {
		assert_ptr_equal(cpus[0].current, hi);
		return;
	}
	assert_ptr_equal(got, lo);
	assert_ptr_equal(step(vcpu_resume_check, lo), hi);
}

static void vcpu_wait__sees_an_interrupt_that_comes_after_its_look(void **state)
{
	(void)state;
	wait_while_interrupted(FAKE_AT_VGIC_PENDING);
}

static void vcpu_wait__sees_an_interrupt_that_comes_as_it_leaves(void **state)
{
	(void)state;
	wait_while_interrupted(FAKE_AT_VCPU_PREEMPT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(sched_init__empties_the_queue, setup),
		cmocka_unit_test_setup(
			sched_add__refuses_more_vcpus_than_a_cpu_hosts, setup),
		cmocka_unit_test_setup(
			sched_entity_init__takes_a_budget_only_with_a_period,
			setup),
		cmocka_unit_test_setup(sched_pick__runs_the_highest_priority,
				       setup),
		cmocka_unit_test_setup(
			sched_pick__takes_turns_among_equals_only_when_the_slice_ends,
			setup),
		cmocka_unit_test_setup(
			sched_pick__gives_the_turn_to_the_equal_picked_least_recently,
			setup),
		cmocka_unit_test_setup(
			sched_pick__restarts_the_slice_of_a_vcpu_with_no_equal_waiting,
			setup),
		cmocka_unit_test_setup(sched_pick__skips_a_blocked_vcpu, setup),
		cmocka_unit_test_setup(
			sched_runnable__not_for_a_partition_that_does_not_run,
			setup),
		cmocka_unit_test_setup(
			sched_runnable__the_first_vcpu_of_a_loading_partition,
			setup),
		cmocka_unit_test_setup(
			sched_runnable__an_off_vcpu_only_with_a_start_request,
			setup),
		cmocka_unit_test_setup(
			sched_charge__takes_the_time_run_from_the_budget,
			setup),
		cmocka_unit_test_setup(
			sched_charge__charges_a_period_that_ended_meanwhile_afresh,
			setup),
		cmocka_unit_test_setup(
			sched_runnable__gives_the_budget_back_when_the_period_starts,
			setup),
		cmocka_unit_test_setup(
			sched_runnable__skips_the_periods_it_missed, setup),
		cmocka_unit_test_setup(
			sched_pick__a_vcpu_out_of_budget_yields_to_a_lower_one,
			setup),
		cmocka_unit_test_setup(
			sched_pick__a_higher_one_preempts_without_weighing_cur,
			setup),
		cmocka_unit_test_setup(
			sched_next_event__is_the_budget_end_or_the_period_end,
			setup),
		cmocka_unit_test_setup(
			sched_next_event__is_the_slice_end_only_when_an_equal_waits,
			setup),
		cmocka_unit_test_setup(
			sched_next_event__is_a_waiting_vcpus_timer, setup),
		cmocka_unit_test_setup(
			vcpu_idle__starts_the_highest_priority_vcpu_first,
			setup),
		cmocka_unit_test_setup(
			vcpu_wait__runs_another_vcpu_while_one_waits, setup),
		cmocka_unit_test_setup(vcpu_wait__idles_with_nothing_else_to_run,
				       setup),
		cmocka_unit_test_setup(
			vcpu_wait__returns_at_once_with_an_interrupt_pending,
			setup),
		cmocka_unit_test_setup(
			vcpu_wait__returns_at_once_with_its_timer_pending,
			setup),
		cmocka_unit_test_setup(
			vcpu_kick__a_higher_vcpu_preempts_at_the_next_resume_check,
			setup),
		cmocka_unit_test_setup(
			vcpu_kick__leaves_the_cpu_of_an_off_vcpu_alone, setup),
		cmocka_unit_test_setup(vcpu_kick__kicks_once_per_decision,
				       setup),
		cmocka_unit_test_setup(
			vcpu_kick__a_stopping_partitions_lower_vcpu_asks_a_decision,
			setup),
		cmocka_unit_test_setup(
			vcpu_kick__leaves_the_cpu_alone_for_a_vcpu_out_of_budget,
			setup),
		cmocka_unit_test_setup(vcpu_kick__a_lower_vcpu_does_not_preempt,
				       setup),
		cmocka_unit_test_setup(
			vcpu_kick__of_the_running_vcpu_asks_no_decision, setup),
		cmocka_unit_test_setup(
			vcpu_resume_check__wakes_a_waiting_vcpu_whose_timer_came,
			setup),
		cmocka_unit_test_setup(
			vcpu_idle__wakes_a_waiting_vcpu_whose_timer_came,
			setup),
		cmocka_unit_test_setup(
			vcpu_resume_check__a_vcpu_out_of_budget_yields_to_a_lower_one,
			setup),
		cmocka_unit_test_setup(
			vcpu_resume_check__takes_turns_among_equals_at_the_slice_end,
			setup),
		cmocka_unit_test_setup(
			vcpu_resume_check__turns_off_a_waiting_vcpu_of_a_stopped_partition,
			setup),
		cmocka_unit_test_setup(
			vcpu_wait__sees_an_interrupt_that_comes_after_its_look,
			setup),
		cmocka_unit_test_setup(
			vcpu_wait__sees_an_interrupt_that_comes_as_it_leaves,
			setup),
	};

	return cmocka_run_group_tests_name("sched", tests, NULL, NULL);
}
