// SPDX-License-Identifier: Apache-2.0
/*
 * vCPUs on their physical CPUs: the scheduler's decisions (sched.c) put to
 * work. Each physical CPU runs the vCPUs the scenario places on it; it
 * decides again when its `need` flag is set: by its timer (a budget, slice
 * or period ended, or a waiting vCPU's virtual timer came), by a vCPU that
 * waits (WFI), or by another CPU that made an interrupt pending for, or
 * asked to start, one of its vCPUs that does not run (vcpu_kick). A CPU
 * alone with one vCPU never has to: that vCPU's WFI is not even trapped.
 * A stopping partition's vCPUs are taken off their CPUs here too
 * (vcpu_stop_all, vcpu_wait_stopped).
 *
 * All of it runs with interrupts masked (exception handlers, the idle
 * loop's masked part), on the CPU that owns the run queue, but for what
 * another CPU may ask of a vCPU (vcpu_request_start, vcpu_kick,
 * vcpu_stop_all).
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/timer.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "mica/chan.h"
#include "mica/cpu.h"
#include "mica/vm.h"

struct vcpu *vcpu_current(void)
{
	struct cpu *c = arch_cpu_local();

	return c != NULL ? __atomic_load_n(&c->current, __ATOMIC_RELAXED) :
			   NULL;
}

void vcpu_kick(struct vcpu *v)
{
	struct cpu *c = &cpus[v->pcpu];
	struct sched_entity *e = &v->sched;
	bool on = __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON;
	bool runs;
	bool stopping;
	unsigned run_prio;

	/*
	 * Off, not asked to start, not to load its partition (the first
	 * vCPU's, after a restart asked for on another CPU): nothing can
	 * run, its CPU is left alone.
	 */
	if (!on && !__atomic_load_n(&v->start_pending, __ATOMIC_ACQUIRE) &&
	    (v != &v->vm->vcpus[0] ||
	     __atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) != VM_LOADING)) {
		return;
	}
	__atomic_store_n(&e->wake, true, __ATOMIC_SEQ_CST);
	/* Running, it reloads its interrupts at any exit (a kick forces one). */
	runs = __atomic_load_n(&c->current, __ATOMIC_SEQ_CST) == v &&
	       !__atomic_load_n(&e->blocked, __ATOMIC_SEQ_CST);
	if (c == arch_cpu_local()) {
		if (!runs) {
			__atomic_store_n(&c->sched.need, true,
					 __ATOMIC_SEQ_CST);
		}
		return; /* the exit or decision it runs in comes first */
	}
	if (runs) {
		arch_irq_kick(v->pcpu);
		return;
	}
	/* Its partition stops: its CPU must decide, to turn it off. */
	stopping = v->vm->state != VM_RUNNING;
	/* No budget left: its CPU's timer is armed for its next period. */
	if (!stopping && e->budget != 0 &&
	    __atomic_load_n(&e->remaining, __ATOMIC_RELAXED) == 0) {
		return;
	}
	/*
	 * Read after `wake` is set: a decision that set run_prio to 0 after
	 * this read collects v; one that set it before is what v competes
	 * with. A lower vCPU, or an equal the last decision saw runnable (on,
	 * not waiting: its turn comes at the slice end), waits for the CPU's
	 * next decision, whatever it is (a restart waits for the one that
	 * turns off a stopping partition's vCPUs: that one is asked for now).
	 */
	run_prio = __atomic_load_n(&c->sched.run_prio, __ATOMIC_SEQ_CST);
	if (run_prio != 0 && !stopping &&
	    (e->prio + 1 < run_prio ||
	     (e->prio + 1 == run_prio && on &&
	      !__atomic_load_n(&e->blocked, __ATOMIC_SEQ_CST)))) {
		return;
	}
	/* One kick per decision: a second waits for the one already due. */
	if (!__atomic_exchange_n(&c->sched.need, true, __ATOMIC_SEQ_CST)) {
		arch_irq_kick(v->pcpu);
	}
}

int vcpu_request_start(struct vcpu *v, ipa_t entry, uint64_t context)
{
	bool pending;

	spinlock_lock(&v->vm->lock);
	/* Only a running partition starts vCPUs (not one being stopped). */
	pending = v->vm->state != VM_RUNNING || v->start_pending ||
		  __atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON;
	if (!pending) {
		v->start_entry = entry;
		v->start_context = context;
		__atomic_store_n(&v->start_pending, true, __ATOMIC_RELEASE);
	}
	spinlock_unlock(&v->vm->lock);
	if (pending) {
		return -1;
	}
	vcpu_kick(v);
	return 0;
}

/* Takes v's start request, if any, and enters it; returns if there is none. */
static void try_start(struct cpu *c, struct vcpu *v)
{
	ipa_t entry = ipa_init(0);
	uint64_t context;
	bool go = false;

	spinlock_lock(&v->vm->lock);
	if (v->start_pending && v->vm->state == VM_RUNNING) {
		v->start_pending = false;
		entry = v->start_entry;
		context = v->start_context;
		__atomic_store_n(&v->state, VCPU_ON, __ATOMIC_RELEASE);
		go = true;
	}
	spinlock_unlock(&v->vm->lock);
	if (go) {
		__atomic_store_n(&v->sched.blocked, false, __ATOMIC_SEQ_CST);
		v->sched.timer_at = SCHED_NEVER;
		arch_vcpu_reset(v, entry, context);
		__atomic_store_n(&c->current, v, __ATOMIC_SEQ_CST);
		arch_vcpu_enter(v);
	}
}

void vcpu_off(struct vcpu *v)
{
	arch_vcpu_release(v);
	__atomic_store_n(&v->sched.blocked, false, __ATOMIC_SEQ_CST);
	v->sched.timer_at = SCHED_NEVER;
	__atomic_store_n(&v->state, VCPU_OFF, __ATOMIC_RELEASE);
}

void vcpu_stop_all(struct vm *vm)
{
	struct vcpu *self = vcpu_current();

	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->start_pending = false;
		if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) == VCPU_ON &&
		    v != self) {
			vcpu_kick(
				v); /* it leaves at its next exit or decision */
		}
	}
}

bool vcpu_wait_stopped(struct vm *vm, unsigned *stuck)
{
	struct cpu *c = arch_cpu_local();
	struct vcpu *self = __atomic_load_n(&c->current, __ATOMIC_RELAXED);
	uint64_t deadline =
		arch_timer_now() + arch_timer_freq() / 1000 * VCPU_STOP_WAIT_MS;

	if (self != NULL && self->vm == vm) {
		arch_vcpu_preempt(self); /* all of it: a switch hands it over */
		vcpu_off(self);
	}
	/*
	 * Bounded: the other vCPUs leave at their next exit, or their CPU's
	 * next decision, which the kick forces. Those that wait on this CPU
	 * are off now: this CPU decides for them.
	 */
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		struct vcpu *o = &vm->vcpus[i];

		if (o->pcpu == c->index && o != self) {
			vcpu_off(o);
		}
	}
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		while (__atomic_load_n(&vm->vcpus[i].state, __ATOMIC_ACQUIRE) ==
		       VCPU_ON) {
			if (arch_timer_now() >= deadline) {
				*stuck = i;
				return false;
			}
			arch_cpu_relax();
		}
	}
	/* A CPU_ON made while the old vCPUs were leaving is void now. */
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		__atomic_store_n(&vm->vcpus[i].start_pending, false,
				 __ATOMIC_RELEASE);
	}
	return true;
}

/* A waiting vCPU that was kicked since it began to wait may run. */
static void unblock_if_woken(struct sched_entity *e)
{
	if (e->blocked &&
	    __atomic_exchange_n(&e->wake, false, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&e->blocked, false, __ATOMIC_SEQ_CST);
	}
}

/*
 * Brings the queue's vCPUs up to date at `now`: those of stopped
 * partitions are off; a waiting one that was kicked may run (cur too: it
 * may be on its way out to wait); one whose virtual timer came gets its
 * interrupt (its timer held, as vcpu_vtimer_fired does for a running
 * one), with no kick: this is the decision a kick would ask for.
 */
static void collect(struct sched_cpu *q, const struct vcpu *cur, uint64_t now)
{
	for (unsigned i = 0; i < q->count; i++) {
		struct vcpu *v = q->vcpus[i];
		struct sched_entity *e;

		if (v == NULL) {
			continue; /* not after sched_add(), which never adds one */
		}
		e = &v->sched;
		if (v == cur) {
			unblock_if_woken(e);
			continue;
		}
		if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON) {
			continue;
		}
		if (v->vm->state != VM_RUNNING) {
			vcpu_off(v);
			continue;
		}
		unblock_if_woken(e);
		if (e->timer_at <= now) {
			e->timer_at = SCHED_NEVER;
			if (arch_vcpu_vtimer_hold(v)) {
				arch_vgic_inject_waiting(v,
							 arch_vcpu_vtimer_irq());
			}
			__atomic_store_n(&e->blocked, false, __ATOMIC_SEQ_CST);
		}
	}
}

static void arm(uint64_t when)
{
	if (when == SCHED_NEVER) {
		arch_timer_disarm();
	} else {
		arch_timer_arm_at(when); /* absolute: `now` is already past */
	}
}

/*
 * Enters v on c (starting it if it is not on yet); returns if it cannot.
 * A v that loads its partition is the idle loop's to run (c->loading).
 */
static void run(struct cpu *c, struct vcpu *v)
{
	if (__atomic_load_n(&v->vm->state, __ATOMIC_ACQUIRE) == VM_LOADING) {
		c->loading = v;
		return;
	}
	if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) != VCPU_ON) {
		try_start(c, v);
		return;
	}
	v->sched.timer_at = SCHED_NEVER; /* its timer is the CPU's again */
	__atomic_store_n(&c->current, v, __ATOMIC_SEQ_CST);
	chan_deliver_pending(v); /* current: the injection kicks nobody */
	arch_vcpu_enter(v);
}

/*
 * Decides on the calling CPU, which runs cur (NULL: none, its state saved):
 * returns true if cur keeps the CPU; otherwise saves cur and enters the
 * vCPU picked, or returns false if there is none or it loads its partition
 * (c->loading; the caller idles). A vCPU that loaded is charged as if it
 * ran and competes as the one running.
 */
static bool decide(struct vcpu *cur)
{
	struct cpu *c = arch_cpu_local();
	struct sched_cpu *q = &c->sched;
	uint64_t now = arch_timer_now();
	struct vcpu *ran = cur != NULL ? cur : c->loading;
	struct vcpu *next;

	__atomic_store_n(&q->run_prio, 0u, __ATOMIC_SEQ_CST);
	c->loading = NULL;
	__atomic_store_n(&q->need, false, __ATOMIC_SEQ_CST);
	sched_charge(q, ran, now);
	collect(q, cur, now);
	next = sched_pick(q, ran, now);
	if (next != cur && cur != NULL) {
		arch_vcpu_preempt(cur);
		cur->sched.timer_at = arch_vcpu_vtimer_deadline(cur);
		__atomic_store_n(&c->current, NULL, __ATOMIC_SEQ_CST);
	}
	arm(sched_next_event(q, next, now));
	__atomic_store_n(&q->run_prio, next != NULL ? next->sched.prio + 1 : 0u,
			 __ATOMIC_SEQ_CST);
	if (next == cur) {
		return true;
	}
	if (next != NULL) {
		run(c, next);
		/* Not entered: the caller idles, or loads at next's priority. */
		if (c->loading == NULL) {
			__atomic_store_n(&q->run_prio, 0u, __ATOMIC_SEQ_CST);
		}
	}
	return false;
}

_Noreturn void vcpu_idle(void)
{
	struct cpu *c = arch_cpu_local();

	__atomic_store_n(&c->current, NULL, __ATOMIC_SEQ_CST);
	/*
	 * Bounded per pass (one chunk of a load at most); between passes
	 * interrupts are taken, so a higher-priority vCPU preempts a load.
	 */
	for (;;) {
		arch_irq_mask();
		(void)decide(NULL);
		if (c->loading != NULL) {
			(void)vm_load_step(c->loading->vm);
		} else {
			/* Wakes on a pending interrupt even while masked. */
			arch_cpu_wait();
		}
		arch_irq_unmask();
	}
}

_Noreturn void vcpu_leave(struct vcpu *v)
{
	arch_vcpu_preempt(v); /* all of it: a switch hands it over */
	vcpu_off(v);
	vcpu_idle();
}

void vcpu_wait(struct vcpu *v)
{
	struct sched_entity *e = &v->sched;

	if (arch_vcpu_vtimer_pending(v)) {
		return; /* its timer interrupt is there: it exits again at once */
	}
	/*
	 * A kick after this sees `blocked` (and has decide() look again), or
	 * this sees its interrupt.
	 */
	__atomic_store_n(&e->wake, false, __ATOMIC_SEQ_CST);
	__atomic_store_n(&e->blocked, true, __ATOMIC_SEQ_CST);
	/* A ring that saw it not waiting yet left its doorbell here. */
	chan_deliver_pending(v);
	if (arch_vgic_pending(v)) {
		__atomic_store_n(&e->blocked, false, __ATOMIC_SEQ_CST);
		return;
	}
	if (!decide(v)) {
		vcpu_idle();
	}
}

void vcpu_resume_check(struct vcpu *v)
{
	if (v->vm->state != VM_RUNNING) {
		vcpu_leave(v);
	}
	if (__atomic_load_n(&arch_cpu_local()->sched.need, __ATOMIC_SEQ_CST) &&
	    !decide(v)) {
		vcpu_idle();
	}
	chan_deliver_pending(v);
	/* After the flush, which may learn the guest ended an interrupt. */
	arch_vgic_flush(v);
	vm_unmask_forwarded(v->vm);
}

void vcpu_vtimer_fired(void)
{
	struct vcpu *v = vcpu_current();

	/*
	 * With no vCPU here the timer belongs to nobody: it stays off. A held
	 * timer's interrupt is in the virtual interrupt controller already,
	 * not twice.
	 */
	if (v != NULL && arch_vcpu_vtimer_hold(v)) {
		arch_vgic_inject(v, arch_vcpu_vtimer_irq());
	}
}
