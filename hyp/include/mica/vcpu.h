/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vCPUs, as vcpu.c runs them. A vCPU belongs to one VM and runs on the one
 * physical CPU the scenario gives it; the architecture keeps its own state
 * in `arch` (registers, the guest's system registers, FP/SIMD, timer,
 * virtual interrupt controller), which the core never looks into.
 */
#ifndef MICA_VCPU_H
#define MICA_VCPU_H

#include "arch/types.h"
#include "mica/sched.h"

enum vcpu_state {
	VCPU_OFF = 0, /* not started (a CPU-on call starts it), or off */
	VCPU_ON,
};

struct vm;

struct vcpu {
	struct vm *vm;
	unsigned index; /* within its VM; the CPU id its guest sees */
	unsigned pcpu;	/* the physical CPU it runs on */
	enum vcpu_state state;
	/* A start request (boot, a CPU-on call), taken by its physical CPU. */
	bool start_pending;
	ipa_t start_entry;
	uint64_t start_context;
	bool shares_cpu; /* another vCPU is placed on its CPU */
	/*
	 * It takes its own physical interrupts itself, no exit, and no
	 * virtual ones (SCN_VCPU_DIRECT; the arch code acts on it). Alone on
	 * its CPU, in a partition of one vCPU with no doorbell or device
	 * interrupt: scenario_check() proved it.
	 */
	bool direct;
	struct sched_entity sched;
	struct arch_vcpu arch;
};

/* The vCPU the calling physical CPU runs, or NULL. */
struct vcpu *vcpu_current(void);

/*
 * The calling CPU's loop when it runs no vCPU: decides again at each
 * pass (taking start requests, entering the vCPU picked) and, when the
 * vCPU picked loads its partition, does one chunk of that load
 * (vm_load_step()) per pass, with interrupts unmasked between passes.
 */
_Noreturn void vcpu_idle(void);

/*
 * Asks vCPU v to start at entry (an IPA: it starts with translation off)
 * with context in its first argument register (a plain value: its device
 * tree's IPA, or a CPU-on caller's context id): on its physical CPU, at
 * once if that idles. Returns 0, or -1 if v is already on or asked to
 * start, or its partition is not running. Any CPU; takes v's VM's lock.
 */
int vcpu_request_start(struct vcpu *v, ipa_t entry, uint64_t context);

/*
 * Something for v to look at (an interrupt made pending, a start request):
 * if it waits, it may run again. Its CPU is disturbed only if v can run
 * now: running v, it exits so that v sees it; else it decides again if v
 * would preempt what it runs (or is an equal that waited: its turn needs a
 * slice), at most once per decision however often v is kicked. Nothing
 * for a vCPU that is off (not asked to start): it cannot run. Any CPU;
 * kicks v's CPU if it is another.
 */
void vcpu_kick(struct vcpu *v);

/*
 * The running vCPU v waits for an interrupt (a trapped WFI, its program
 * counter past it): returns at once if one is there, else its CPU runs
 * another vCPU or idles, and v goes on where it was once one comes. On
 * v's CPU, interrupts masked.
 */
void vcpu_wait(struct vcpu *v);

/*
 * v, which does not run (or whose state is saved), is off: not waiting, no
 * timer. On the CPU that owns v's run queue.
 */
void vcpu_off(struct vcpu *v);

/*
 * vm stops (it is no longer VM_RUNNING): voids its vCPUs' start requests
 * and kicks each that is on, but the calling CPU's own, so that it leaves
 * its CPU at its next exit or its CPU's next decision. Does not wait for
 * them (vcpu_wait_stopped() does). Any CPU.
 */
void vcpu_stop_all(struct vm *vm);

/* How long vcpu_wait_stopped() waits for vCPUs on other CPUs to leave. */
#define VCPU_STOP_WAIT_MS 1000

/*
 * After vcpu_stop_all(vm), on the CPU of one of vm's vCPUs: turns off
 * the calling CPU's own vCPU if it is vm's (saving its state) and vm's
 * others on this CPU, waits for those on other CPUs to leave, then voids
 * the start requests made meanwhile (a CPU_ON by a vCPU that was
 * leaving). Returns true when every vCPU of vm is off; false, with
 * *stuck the index of one still on, if one did not leave within
 * VCPU_STOP_WAIT_MS (its CPU takes no kick: a hypervisor fault stopped
 * it). Bounded: a running vCPU exits at its kick and leaves then; one
 * waiting on another CPU is turned off at that CPU's next decision, which
 * the kick asked for; and the wait, for all of them together, ends at
 * the deadline whatever they do.
 */
bool vcpu_wait_stopped(struct vm *vm, unsigned *stuck);

/*
 * The calling CPU's vCPU v leaves it (a CPU-off call, a stop): its state
 * is saved, it is off, and the CPU goes on in vcpu_idle().
 */
_Noreturn void vcpu_leave(struct vcpu *v);

/*
 * On the way back into v after an exit, on its CPU with interrupts
 * masked: leaves instead if its partition was stopped meanwhile, and if
 * the CPU must decide again (its `need` flag) runs what the scheduler
 * picks, v going on later. Then injects the doorbells rung for its
 * partition (chan_deliver_pending()), delivers v's pending interrupts and
 * unmasks its partition's forwarded ones it has finished with
 * (vm_unmask_forwarded()).
 */
void vcpu_resume_check(struct vcpu *v);

/*
 * The guests' virtual timer interrupt came on the calling CPU: holds the
 * running vCPU's timer (arch_vcpu_vtimer_hold()) and injects its interrupt
 * once; nothing if no vCPU runs. Interrupts masked.
 */
void vcpu_vtimer_fired(void);

#endif
