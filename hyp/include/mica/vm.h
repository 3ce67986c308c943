/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Partitions (VMs), as the hypervisor runs them (vm.c): one struct vm per
 * partition of the scenario, all static, each with its vCPUs (mica/vcpu.h),
 * its stage-2 table, its console and its restart history; the architecture
 * keeps its own state of the VM in `arch`, which the core never looks into.
 */
#ifndef MICA_VM_H
#define MICA_VM_H

#include "arch/types.h"
#include "mica/console_mux.h"
#include "mica/loader.h"
#include "mica/mm.h"
#include "mica/scenario.h"
#include "mica/spinlock.h"
#include "mica/vcpu.h"
#include "mica/vuart.h"

enum vm_state {
	VM_OFF = 0, /* never started, or stopped and scrubbed */
	VM_RUNNING,
	VM_STOPPED, /* stopped by itself (SYSTEM_OFF) or by its fault policy */
	VM_LOADING, /* restarting: its first vCPU's time scrubs and loads it */
	VM_WIPED,   /* wiped (manage.c): never runs again */
};

struct vm {
	unsigned id; /* index in the scenario */
	const struct scn_partition *cfg;
	struct mm_table s2; /* stage-2: IPA -> PA */
	/*
	 * An updatable partition's and its standby's other table: the same
	 * IPAs onto the other copy of its memory (arch_vm_s2_swap()).
	 */
	struct mm_table s2_alt;
	/* Its image's bytes when not the scenario's: one in an image slot. */
	const uint8_t *image;
	enum vm_state state;
	unsigned restarts; /* ever, by policy or asked for */
	uint64_t restart_at[SCN_MAX_RESTARTS]; /* the last ones, a ring */
	struct loader load;		       /* the load a restart is doing */
	bool reloading; /* a load is being planned (vm.c's reload()) */
	/* A standby's load that only scrubs it: it ends VM_OFF, not running. */
	bool discard;
	/*
	 * An updatable partition's standby (its own struct vm, where a new
	 * version boots: vm_standby_start()); in a standby, its partition;
	 * NULL in others.
	 */
	struct vm *twin;
	struct vcpu vcpus[SCN_MAX_VCPUS];
	unsigned vcpu_count;
	struct vuart uart;
	uint32_t doorbells; /* channel ids rung, not yet injected (chan.c) */
	/* The lines mica prints about it; kept across restarts. */
	struct console_mux_budget say;
	struct spinlock lock;
	struct arch_vm arch;
};

extern struct vm vms[SCN_MAX_PARTITIONS];
extern unsigned vm_count;

/*
 * Whether vm is a standby: its id, SCN_MAX_PARTITIONS + its partition's,
 * is none of the scenario's, so it holds no channel, device or right.
 */
static inline bool vm_is_standby(const struct vm *vm)
{
	return vm->id >= SCN_MAX_PARTITIONS;
}

struct palloc;

/*
 * On the boot CPU, before any partition runs: builds every partition of s
 * (stage-2 tables, the hypervisor's mappings of their memory and of the
 * images, consoles, virtual interrupt controllers, run queues), and a
 * standby for each updatable one (vm_is_standby()). False,
 * after printing why, if mica cannot run them: the page pool runs out,
 * the board lacks what the architecture maps into every partition
 * (arch_vm_map_devices()), or a CPU is given more than SCN_MAX_CPU_VCPUS
 * vCPUs (which the scenario check refuses first). A device interrupt
 * owned twice, which it refuses too, is a broken invariant: CHECK.
 */
bool vm_setup_all(const struct scenario *s, struct mm_table *hyp,
		  struct palloc *pool);

/*
 * After vm_setup_all(), on the boot CPU: seeds the guests' DRBG from the
 * boot loader's seed (board_take_seed(), entropy_init(); says so when
 * there is none), then loads every partition that has an image, all at
 * once, and asks its first vCPU to start.
 */
void vm_boot_all(void);

/*
 * Stops vm: its vCPUs leave their CPUs (each at its next exit; the others
 * are kicked: vcpu_stop_all()), its memory is kept; with mica.poweroff on
 * the command line, the machine powers off once no partition runs. `why`
 * is printed with the name. Returns false if it was not running (someone
 * else stopped it first). Any CPU; does not wait for the vCPUs to leave.
 */
bool vm_stop(struct vm *vm, const char *why);

/*
 * Restarts vm (its fault policy, or its guest's reset call): stops it, then,
 * within its scenario's restart limit (restart_max in any
 * restart_window_ms), makes it VM_LOADING: its first vCPU's CPU scrubs
 * its memory and copies its images in a chunk at a time, at that vCPU's
 * priority and budget (vm_load_step), then starts it. Past the limit it
 * stays stopped, with one line saying so; so does it, with one line, if one
 * of its vCPUs did not leave (vcpu_wait_stopped()). Nothing if it was not
 * running (another of its vCPUs handles it). Called on the CPU of one of
 * its vCPUs, which leaves it to idle after. Bounded: its other vCPUs leave
 * at their next exit, and it waits for them at most VCPU_STOP_WAIT_MS.
 */
void vm_restart(struct vm *vm);

/*
 * A management start (manage.c), on any CPU, of vm that is neither
 * running nor loading, its vCPUs off (vcpu_wait_stopped()): loads it
 * afresh as vm_restart() does (VM_LOADING, on its first vCPU's CPU) and
 * starts it. Outside the restart limit, which counts the partition's own
 * resets and faults. False, doing nothing, if a load was begun since it
 * stopped (its own restart, another start).
 */
bool vm_start_again(struct vm *vm);

/*
 * For an update (manage.c), vm updatable and running, its standby stopped
 * or never started, its vCPUs off (vcpu_wait_stopped()): boots the image
 * of `size` bytes staged in vm's image slot `slot` as the standby, loaded
 * at `load`, started at `entry` (the caller checked both inside the
 * partition's memory), as vm_restart() loads: VM_LOADING, its standby
 * memory scrubbed and the image copied in on its first vCPU's CPU, at the
 * standby priority. False, doing nothing, if the standby's last discard
 * is still scrubbing (vm_standby_scrub()): call again.
 */
bool vm_standby_start(struct vm *vm, unsigned slot, uint64_t size, ipa_t load,
		      ipa_t entry);

/*
 * The switch of an update (manage.c), vm's standby running: both stop
 * (quietly: vm's peers see it down until the end), their vCPUs leave
 * (vcpu_wait_stopped()), vm takes over the standby's state (registers,
 * interrupt controller: arch_vm_move()), memory (a swap of stage-2
 * tables built at set-up, which map vm's devices and channels too) and
 * image, and runs again with the vCPUs that ran in the standby, at vm's
 * priorities; the returned-to vCPU `ready` (the one whose READY call
 * switched, or NULL) gets MICA_HC_SUCCESS from it. The old version's
 * memory becomes the standby's, scrubbed on its CPU's time after. False,
 * with nothing moved, if a vCPU did not leave within VCPU_STOP_WAIT_MS:
 * both stay stopped (call again). On any CPU; bounded by that wait.
 */
bool vm_switch(struct vm *vm, const struct vcpu *ready);

/*
 * A rollback in probation (manage.c, under its lock), vm running the
 * version switched to (vm_switch()) or stopped: stops vm, printing `why`
 * (a line of its own if it was stopped already; its peers see it down),
 * waits for its vCPUs to leave, then restarts it from the image its
 * standby holds, the old version's (the scenario's, or the one retained
 * in its image slot), into vm's memory, which the load scrubs first: as
 * vm_restart() loads, outside the restart limit. The standby's memory,
 * the old version's before the switch, stays the standby's. False, with
 * nothing swapped, if a vCPU did not leave within VCPU_STOP_WAIT_MS: vm
 * stays stopped (call again). Any CPU; on one of vm's, that vCPU is taken
 * off its CPU (vcpu_wait_stopped()).
 */
bool vm_switch_back(struct vm *vm, const char *why);

/*
 * vm's standby, stopped and its vCPUs off, is discarded: its memory is
 * scrubbed on its first vCPU's CPU at the standby priority, a chunk at a
 * time, then it is VM_OFF. False, doing nothing, if a load of it is being
 * planned already.
 */
bool vm_standby_scrub(struct vm *vm);

/*
 * The physical address of [ipa, ipa+size) in one of p's regions, or 0 if
 * it is not inside one.
 */
paddr_t vm_ipa_to_pa(const struct scn_partition *p, ipa_t ipa, uint64_t size);

/*
 * For a wipe (manage.c), vm stopped for good: its passed-through devices'
 * interrupts are masked at the controller and owned by nobody from now on
 * (vm_forward_irq() counts them as unowned). Any CPU; bounded by the
 * scenario's device tables.
 */
void vm_revoke_irqs(struct vm *vm);

/*
 * On the CPU of vm's first vCPU, which the scheduler picked while vm is
 * VM_LOADING: one chunk of the load (LOADER_CHUNK_SIZE bytes); after the
 * last, vm runs and its first vCPU is asked to start. Returns true then,
 * and at once if vm is not VM_LOADING; false while chunks remain.
 */
bool vm_load_step(struct vm *vm);

/*
 * A fault of vCPU v, the running one, that its partition's policy answers:
 * stop, restart (within its restart limit, then stop) or log (the caller
 * injects the fault into the guest and returns to it; vm_fault then
 * returns true). Under stop and restart it does not return: v leaves its
 * CPU (vcpu_leave()). In the probation of a version switched to, no
 * policy: the old version is restarted instead (manage_probation_end()),
 * and v leaves its CPU. Prints
 * one line: the partition, what happened, what was done; within the
 * partition's budget of lines (console_mux_vm_say), so a fault loop under
 * policy log prints a few lines and then counts the rest. addr is what the
 * line shows: an abort's IPA, or for other faults the value that names
 * them (a refused call's function id, an exception syndrome), hence a
 * plain number.
 */
bool vm_fault(struct vcpu *v, const char *what, uint64_t addr);

/*
 * Whether a stage-2 abort of a partition at ipa is the guest's own
 * business, to be given back to it as the abort hardware raises for an
 * access to nothing, with no line and no policy: true if it came from the
 * guest's user mode (its kernel decides, as for a process on hardware), or
 * if the scenario gives ipa to nobody (no board RAM, none of mica's
 * devices, no partition's memory, channel or device, no emulated device).
 * False when the guest itself is broken: an access to its read-only
 * channel, to another partition's or mica's addresses, or one its emulated
 * device refuses. Bounded by the scenario's table sizes.
 */
bool vm_abort_is_guests(ipa_t ipa, bool from_user);

/*
 * vCPU v's access to emulated MMIO at ipa (its console, its channels'
 * PL061s: chan_mmio(), its interrupt controller): emulates it and returns
 * true, or false if nothing is there
 * or the access is not one the device allows. The console's output is
 * printed through console_mux after the vuart's lock is let go. On v's
 * CPU; bounded by one access (at most one line printed).
 */
bool vm_mmio(struct vcpu *v, ipa_t ipa, bool write, unsigned size,
	     uint64_t *val);

/*
 * A physical interrupt arrived: if a partition's passed-through device owns
 * it, masks it at the controller (the line stays high until the partition
 * serves its device), injects it into the partition's first vCPU if the
 * partition runs, and returns true. False: no partition owns it. On the
 * CPU that took it, interrupts masked.
 */
bool vm_forward_irq(uint32_t irq);

/*
 * On an exit of one of vm's vCPUs: unmasks those of its devices' interrupts
 * that the partition has finished with. The list register of a forwarded
 * interrupt makes the guest's end of it an exit, so this runs then.
 */
void vm_unmask_forwarded(struct vm *vm);

#endif
