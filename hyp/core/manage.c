// SPDX-License-Identifier: Apache-2.0
/*
 * Management hypercalls (mica/manage.h; their ABI is
 * include/mica/hypercall.h): a partition, the subject, finds, queries,
 * stops, starts, restarts or wipes another, the object, as the scenario's
 * rights allow, checked on every call against the rights table alone, so
 * that no guest value bounds a loop; stages an image into an updatable
 * one's image slot, a bounded chunk a call, boots it as the object's
 * standby (vm.c), and switches the object over to it once it reports
 * ready, or discards it (a rollback, a fault, its health deadline, which
 * each call on the object checks); in the probation after a switch, a
 * fault of the new version or a rollback restarts the old one: the
 * update's state machine of docs/update.md. What to manage and why (a
 * signed command, an update's policy) is the calling partition's
 * business; mica only does what the call names. A wipe stops the object
 * for good,
 * revokes its devices' interrupts (its channels follow its state: peers
 * see it down), then scrubs every byte that is its own (its regions, its
 * parts of channels, its standby copies and image slots) and reads them
 * back, a chunk per call, so that no call holds a CPU for longer than one
 * chunk. The calls are serialised by one lock: a management call is rare,
 * and the longest one waits VCPU_STOP_WAIT_MS for each partition it stops.
 */
#include "arch/mmu.h"
#include "arch/timer.h"
#include "mica/chan.h"
#include "mica/check.h"
#include "mica/console_mux.h"
#include "mica/fmt.h"
#include "mica/hypercall.h"
#include "mica/manage.h"
#include "mica/scenario_check.h"
#include "mica/spinlock.h"
#include "mica/string.h"
#include "mica/vm.h"

enum wipe_phase {
	WIPE_NONE = 0,
	WIPE_SCRUB,  /* vm->load scrubs */
	WIPE_VERIFY, /* vm->load, rewound, reads back */
	WIPE_DONE,
};

static const struct scenario *scn;
static struct spinlock lock = SPINLOCK_INIT;
static uint8_t wipe_phase[SCN_MAX_PARTITIONS];
static uint64_t wipe_size[SCN_MAX_PARTITIONS];

/* A partition's update: docs/update.md's state machine. */
struct update {
	uint8_t standby;	  /* MICA_STANDBY_* */
	bool auto_switch;	  /* switch at its READY */
	uint8_t slot;		  /* the image slot STAGE writes */
	uint64_t version;	  /* the active version's */
	uint64_t standby_version; /* booting, ready; in probation the old one */
	uint64_t deadline;	  /* counter value READY or probation ends at */
};
static struct update upd[SCN_MAX_PARTITIONS];

void manage_init(const struct scenario *s)
{
	scn = s;
	memset(wipe_phase, 0, sizeof(wipe_phase));
	memset(upd, 0, sizeof(upd));
	for (uint32_t i = 0; i < s->partition_count && i < SCN_MAX_PARTITIONS;
	     i++) {
		upd[i].version = s->partitions[i].version;
	}
}

/* The rights subject holds over object: the scenario's, OR-ed. */
static uint32_t rights_of(unsigned subject, unsigned object)
{
	uint32_t allow = 0;

	for (uint32_t i = 0; i < scn->right_count && i < SCN_MAX_RIGHTS; i++) {
		if (scn->rights[i].subject == subject &&
		    scn->rights[i].object == object) {
			allow |= scn->rights[i].allow;
		}
	}
	return allow;
}

/*
 * The object of a call that needs the rights `need` (0: any), or NULL
 * with *st the refusal: an id that is out of range, the caller's own or
 * one it holds no right over is INVALID_PARAMETER, alike; a right it lacks
 * is DENIED.
 */
static struct vm *object(const struct vcpu *v, uint64_t id, uint32_t need,
			 int64_t *st)
{
	uint32_t allow;

	*st = MICA_HC_INVALID_PARAMETER;
	if (id >= vm_count || id == v->vm->id) {
		return NULL;
	}
	allow = rights_of(v->vm->id, (unsigned)id);
	if (allow == 0) {
		return NULL;
	}
	*st = MICA_HC_DENIED;
	return (allow & need) == need ? &vms[id] : NULL;
}

static enum vm_state state_of(struct vm *vm)
{
	return __atomic_load_n(&vm->state, __ATOMIC_ACQUIRE);
}

/* MICA_HC_PART_FIND: the id of the partition named in x1, x2. */
static struct hc_result find(const struct vcpu *v, uint64_t a1, uint64_t a2)
{
	struct hc_result r = { .x0 = (uint64_t)MICA_HC_INVALID_PARAMETER };
	int64_t st;

	for (unsigned i = 0; i < vm_count; i++) {
		const char *n = vms[i].cfg->name;
		bool same = true;

		/* Names are NUL-padded to SCN_NAME_MAX (16) bytes, as x1, x2. */
		for (unsigned k = 0; k < SCN_NAME_MAX; k++) {
			uint64_t w = k < 8 ? a1 : a2;

			same = same &&
			       (uint8_t)n[k] == (uint8_t)(w >> 8 * (k % 8));
		}
		if (same && object(v, i, 0, &st) != NULL) {
			r.x0 = MICA_HC_SUCCESS;
			r.x1 = i;
		}
	}
	return r;
}

static struct hc_result query(struct vm *vm)
{
	static const uint8_t states[] = {
		[VM_OFF] = MICA_PART_OFF,
		[VM_RUNNING] = MICA_PART_RUNNING,
		[VM_STOPPED] = MICA_PART_STOPPED,
		[VM_LOADING] = MICA_PART_RUNNING,
		[VM_WIPED] = MICA_PART_WIPED,
	};
	uint32_t f = vm->cfg->flags;

	return (struct hc_result){
		.x0 = MICA_HC_SUCCESS,
		.x1 = states[state_of(vm)],
		.x2 = upd[vm->id].version,
		.x3 = upd[vm->id].standby,
		.x4 = upd[vm->id].standby_version,
		.x5 = ((f & SCN_PART_UPDATABLE) != 0 ? MICA_PART_F_UPDATABLE :
						       0u) |
		      ((f & SCN_PART_DOWNGRADE) != 0 ? MICA_PART_F_DOWNGRADE :
						       0u),
	};
}

/*
 * Stop, start or restart of vm by the caller's partition: stops it if it
 * runs (or loads) and `stop`, then, if `start`, starts it afresh.
 */
static int64_t stop_start(struct vm *vm, const struct vm *by, bool stop,
			  bool start)
{
	enum vm_state s = state_of(vm);
	bool runs = s == VM_RUNNING || s == VM_LOADING;
	unsigned stuck;

	if (s == VM_WIPED) {
		return MICA_HC_DENIED;
	}
	if ((runs && !stop) || (!runs && !start) ||
	    (start && vm->cfg->image.kind == SCN_IMAGE_NONE)) {
		return MICA_HC_NOT_REQUIRED;
	}
	if (runs) {
		char why[8 + SCN_NAME_MAX];

		fmt_snprintf(why, sizeof(why), "asked by %s", by->cfg->name);
		(void)vm_stop(vm, why);
	}
	if (start) {
		/* Called again until its vCPUs have left: it stays stopped. */
		if (!vcpu_wait_stopped(vm, &stuck)) {
			return MICA_HC_IN_PROGRESS;
		}
		/* Said first: its own first lines come after. */
		(void)console_mux_vm_say(&vm->say, vm->cfg->name, false,
					 "mica: partition %s started by %s",
					 vm->cfg->name, by->cfg->name);
		if (!vm_start_again(vm)) {
			return MICA_HC_NOT_REQUIRED; /* it restarts already */
		}
	}
	return MICA_HC_SUCCESS;
}

/* Whether vm's standby boots from its slot, or is ready. */
static bool booted(const struct vm *vm)
{
	return upd[vm->id].standby == MICA_STANDBY_BOOTING ||
	       upd[vm->id].standby == MICA_STANDBY_READY;
}

/*
 * Discards vm's standby: stops it, saying why (NULL: it stopped itself,
 * its fault said so), and once its vCPUs have left has its memory
 * scrubbed on its own CPU's time (vm_standby_scrub()). The active version
 * never stopped. MICA_HC_IN_PROGRESS while a vCPU has not left: the next
 * call discards it.
 */
static int64_t discard(struct vm *vm, const char *why)
{
	unsigned stuck;

	if (why != NULL) {
		(void)vm_stop(vm->twin, why);
	}
	if (!vcpu_wait_stopped(vm->twin, &stuck)) {
		return MICA_HC_IN_PROGRESS;
	}
	upd[vm->id].standby = MICA_STANDBY_NONE;
	upd[vm->id].standby_version = 0;
	(void)vm_standby_scrub(vm);
	return MICA_HC_SUCCESS;
}

/*
 * The health of vm's standby, at each management call on vm and at the
 * standby's READY: one that stopped (a fault, its SYSTEM_OFF) or has not
 * reported ready by its deadline is discarded. Checked here rather than
 * on a timer, which would cost every CPU's tick: an update agent polls
 * QUERY while it waits (docs/update.md).
 */
static void check_standby(struct vm *vm)
{
	struct update *u = &upd[vm->id];
	char why[64];

	/* Passed: the old version's slot is free for the next image. */
	if (u->standby == MICA_STANDBY_PROBATION &&
	    arch_timer_now() >= u->deadline) {
		u->standby = MICA_STANDBY_NONE;
		u->standby_version = 0;
	}
	if (!booted(vm)) {
		return;
	}
	if (state_of(vm->twin) == VM_STOPPED) {
		(void)discard(vm, NULL);
	} else if (u->standby == MICA_STANDBY_BOOTING &&
		   arch_timer_now() >= u->deadline) {
		fmt_snprintf(why, sizeof(why),
			     "no ready report within %u ms; discarded",
			     vm->cfg->update.deadline_ms);
		(void)discard(vm, why);
	}
}

/*
 * MICA_HC_PART_STANDBY: boots the image staged in vm's slot, `size`
 * bytes of version `version`, loaded at `load` and started at `entry`,
 * as vm's standby. The load range must lie inside one of the partition's
 * regions (all its own: scenario_check()), the entry inside the image.
 */
static int64_t standby(struct vm *vm, const struct vm *by, uint64_t size,
		       uint64_t version, uint64_t load, uint64_t entry,
		       uint64_t flags)
{
	struct update *u = &upd[vm->id];
	const struct scn_partition *p = vm->cfg;

	if (state_of(vm) == VM_WIPED) {
		return MICA_HC_DENIED;
	}
	if ((p->flags & SCN_PART_UPDATABLE) == 0 || size == 0 ||
	    size > p->update.image_size ||
	    (flags & ~(uint64_t)MICA_STANDBY_AUTO_SWITCH) != 0 ||
	    entry < load || entry - load >= size ||
	    pa_addr(vm_ipa_to_pa(p, ipa_init(load), size)) == 0) {
		return MICA_HC_INVALID_PARAMETER;
	}
	if (u->standby != MICA_STANDBY_STAGED) {
		return MICA_HC_NOT_REQUIRED; /* nothing staged, or it boots */
	}
	/* A live update replaces a running version. */
	if (state_of(vm) != VM_RUNNING ||
	    (version <= u->version && (p->flags & SCN_PART_DOWNGRADE) == 0)) {
		return MICA_HC_DENIED;
	}
	if (!vm_standby_start(vm, u->slot, size, ipa_init(load),
			      ipa_init(entry))) {
		return MICA_HC_IN_PROGRESS; /* the last one still scrubs */
	}
	u->standby = MICA_STANDBY_BOOTING;
	u->standby_version = version;
	u->auto_switch = (flags & MICA_STANDBY_AUTO_SWITCH) != 0;
	u->deadline = arch_timer_now() +
		      arch_timer_freq() / 1000 * p->update.deadline_ms;
	(void)console_mux_vm_say(&vm->say, p->name, false,
				 "mica: partition %s: version %lu boots as %s "
				 "(asked by %s; ready due within %u ms)",
				 p->name, (unsigned long)version,
				 vm->twin->cfg->name, by->cfg->name,
				 p->update.deadline_ms);
	return MICA_HC_SUCCESS;
}

/*
 * MICA_HC_PART_SWITCH, or READY with MICA_STANDBY_AUTO_SWITCH (`ready`,
 * the vCPU that called it): vm runs its ready standby's version from now
 * on (vm_switch()), in probation for the scenario's probation-ms; the
 * slot it was staged in is kept, the next image goes to the other.
 */
static int64_t switch_to(struct vm *vm, const struct vcpu *ready)
{
	struct update *u = &upd[vm->id];
	uint64_t old = u->version;
	uint32_t ms = vm->cfg->update.probation_ms;

	if (u->standby != MICA_STANDBY_READY) {
		return MICA_HC_NOT_REQUIRED;
	}
	if (!vm_switch(vm, ready)) {
		return MICA_HC_IN_PROGRESS;
	}
	u->version = u->standby_version;
	u->standby = ms != 0 ? MICA_STANDBY_PROBATION : MICA_STANDBY_NONE;
	u->standby_version = ms != 0 ? old : 0;
	u->deadline = arch_timer_now() + arch_timer_freq() / 1000 * ms;
	u->slot ^= 1u;
	(void)console_mux_vm_say(&vm->say, vm->cfg->name, false,
				 "mica: partition %s switched from version %lu "
				 "to %lu",
				 vm->cfg->name, (unsigned long)old,
				 (unsigned long)u->version);
	return MICA_HC_SUCCESS;
}

/*
 * Ends vm's probation: its old version is restarted in the new one's
 * stead (vm_switch_back()); `how` the new one ended, for the line. The
 * new version's slot is the next image's.
 */
static int64_t switch_back(struct vm *vm, const char *how)
{
	struct update *u = &upd[vm->id];
	char why[160];

	fmt_snprintf(why, sizeof(why),
		     "version %lu %s in probation; version %lu restarts",
		     (unsigned long)u->version, how,
		     (unsigned long)u->standby_version);
	if (!vm_switch_back(vm, why)) {
		return MICA_HC_IN_PROGRESS;
	}
	u->version = u->standby_version;
	u->standby = MICA_STANDBY_NONE;
	u->standby_version = 0;
	u->slot ^= 1u;
	return MICA_HC_SUCCESS;
}

bool manage_probation_end(struct vm *vm, const char *how)
{
	bool back;

	/* Lock-free first: a fault out of probation costs a load. */
	if (vm_is_standby(vm) ||
	    __atomic_load_n(&upd[vm->id].standby, __ATOMIC_RELAXED) !=
		    MICA_STANDBY_PROBATION) {
		return false;
	}
	spinlock_lock(&lock);
	check_standby(vm);
	/* Stopped by someone else (a wipe, a stop): theirs to decide. */
	back = upd[vm->id].standby == MICA_STANDBY_PROBATION &&
	       state_of(vm) == VM_RUNNING;
	if (back) {
		(void)switch_back(vm, how);
	}
	spinlock_unlock(&lock);
	return back;
}

/*
 * MICA_HC_PART_ROLLBACK: discards a standby not switched to yet, or in
 * probation restarts the old version.
 */
static int64_t rollback(struct vm *vm, const struct vm *by)
{
	char why[24 + SCN_NAME_MAX];

	if (upd[vm->id].standby == MICA_STANDBY_PROBATION) {
		fmt_snprintf(why, sizeof(why), "rolled back by %s",
			     by->cfg->name);
		return switch_back(vm, why);
	}
	if (booted(vm)) {
		fmt_snprintf(why, sizeof(why), "rolled back by %s; discarded",
			     by->cfg->name);
		return discard(vm, why);
	}
	if (upd[vm->id].standby == MICA_STANDBY_STAGED) {
		upd[vm->id].standby = MICA_STANDBY_NONE;
		return MICA_HC_SUCCESS;
	}
	return MICA_HC_NOT_REQUIRED;
}

/*
 * MICA_HC_READY of v: its partition, if it is a booting standby, is
 * ready now.
 */
static struct hc_result ready(const struct vcpu *v)
{
	struct hc_result r = { .x0 = (uint64_t)MICA_HC_NOT_REQUIRED };
	struct vm *vm = v->vm->twin;

	if (!vm_is_standby(v->vm)) {
		return r;
	}
	spinlock_lock(&lock);
	check_standby(vm); /* too late: discarded */
	if (upd[vm->id].standby == MICA_STANDBY_BOOTING) {
		upd[vm->id].standby = MICA_STANDBY_READY;
		(void)console_mux_vm_say(&vm->say, vm->cfg->name, false,
					 "mica: partition %s: version %lu (%s) "
					 "reported ready",
					 vm->cfg->name,
					 (unsigned long)upd[vm->id]
						 .standby_version,
					 v->vm->cfg->name);
		r.x0 = MICA_HC_SUCCESS;
		/* The new version finds its channels as READY returns. */
		if (upd[vm->id].auto_switch) {
			(void)switch_to(vm, v);
		}
	}
	spinlock_unlock(&lock);
	return r;
}

/*
 * MICA_HC_PART_STAGE: len bytes at the caller's ipa to offset off of
 * vm's staging slot (the one the running version's image is not in). The
 * source must lie inside one of the caller's own regions:
 * never shared memory, and a channel or a device is no region. Whatever
 * the guest passes is compared as lengths, so that no sum wraps.
 */
static int64_t stage(struct vm *vm, const struct vm *by, uint64_t off,
		     uint64_t ipa, uint64_t len)
{
	const struct scn_partition *p = by->cfg;
	const struct scn_update *u = &vm->cfg->update;

	if (state_of(vm) == VM_WIPED) {
		return MICA_HC_DENIED;
	}
	if ((vm->cfg->flags & SCN_PART_UPDATABLE) == 0 || len == 0 ||
	    len > MICA_STAGE_CHUNK || off > u->image_size ||
	    len > u->image_size - off) {
		return MICA_HC_INVALID_PARAMETER;
	}
	/* The slot is the standby's now, or the old version's in probation. */
	if ((booted(vm) && off != 0) ||
	    upd[vm->id].standby == MICA_STANDBY_PROBATION) {
		return MICA_HC_DENIED;
	}
	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];
		paddr_t to = pa_init(u->slot_pa[upd[vm->id].slot] + off);
		int64_t st = MICA_HC_SUCCESS;

		if ((r->flags & SCN_MEM_SHARED) != 0 || ipa < r->ipa ||
		    len > r->size || ipa - r->ipa > r->size - len) {
			continue;
		}
		/* A new image: the standby it replaces goes first. */
		if (booted(vm)) {
			st = discard(vm, "a new image is staged; discarded");
		}
		if (st != MICA_HC_SUCCESS) {
			return st;
		}
		/* The hypervisor maps partitions' memory identically. */
		memcpy((void *)(uintptr_t)pa_addr(to),
		       (const void *)(uintptr_t)(r->pa + (ipa - r->ipa)), len);
		arch_mm_clean_range(to, len);
		upd[vm->id].standby = MICA_STANDBY_STAGED;
		return MICA_HC_SUCCESS;
	}
	return MICA_HC_INVALID_PARAMETER;
}

/* Plans the scrub of everything that is vm's own; returns its size. */
static uint64_t plan_wipe(struct vm *vm)
{
	/*
	 * The scenario's entry, not vm->cfg: a switch swaps which copy of
	 * the memory is whose, never the two copies (its regions, standby).
	 */
	const struct scn_partition *p = &scn->partitions[vm->id];
	uint64_t base;
	uint64_t size = 0;

	loader_init(&vm->load);
	chan_reset(vm, &vm->load);
	for (uint32_t i = 0; i < p->region_count; i++) {
		/* Shared memory is the other side's too: not one's to wipe. */
		if ((p->regions[i].flags & SCN_MEM_SHARED) == 0) {
			CHECK(loader_add_scrub(&vm->load,
					       pa_init(p->regions[i].pa),
					       p->regions[i].size));
		}
	}
	for (uint32_t k = 0; scenario_update_range(p, k, &base, &size); k++) {
		CHECK(loader_add_scrub(&vm->load, pa_init(base), size));
	}
	size = 0;
	for (unsigned i = 0; i < vm->load.count; i++) {
		size += vm->load.ops[i].size;
	}
	return size;
}

/* One step of vm's wipe: stop, then a chunk of its scrub or read-back. */
static int64_t wipe(struct vm *vm, const struct vm *by)
{
	unsigned id = vm->id;
	uint64_t nonzero = 0;
	char why[16 + SCN_NAME_MAX];
	unsigned stuck;

	switch (wipe_phase[id]) {
	case WIPE_NONE:
		fmt_snprintf(why, sizeof(why), "wiped by %s", by->cfg->name);
		(void)vm_stop(vm, why);
		if (vm->twin != NULL) {
			(void)vm_stop(vm->twin, why);
		}
		/* Called again until its vCPUs have left: nothing moved yet. */
		if (!vcpu_wait_stopped(vm, &stuck) ||
		    (vm->twin != NULL &&
		     !vcpu_wait_stopped(vm->twin, &stuck))) {
			return MICA_HC_IN_PROGRESS;
		}
		spinlock_lock(&vm->lock);
		vm->state = VM_WIPED; /* never runs, nor loads, again */
		spinlock_unlock(&vm->lock);
		vm_revoke_irqs(vm);
		upd[id].standby = MICA_STANDBY_NONE;
		upd[id].standby_version = 0;
		wipe_size[id] = plan_wipe(vm);
		wipe_phase[id] = WIPE_SCRUB;
		return MICA_HC_IN_PROGRESS;
	case WIPE_SCRUB:
		if (loader_step(&vm->load)) {
			loader_rewind(&vm->load);
			wipe_phase[id] = WIPE_VERIFY;
		}
		return MICA_HC_IN_PROGRESS;
	case WIPE_VERIFY:
		if (!loader_verify_step(&vm->load, &nonzero) && nonzero == 0) {
			return MICA_HC_IN_PROGRESS;
		}
		if (nonzero != 0) {
			/* Written since (a device's DMA?): scrubbed again. */
			(void)console_mux_vm_say(
				&vm->say, vm->cfg->name, false,
				"mica: partition %s: wiped memory did not read "
				"back as zero; scrubbing again",
				vm->cfg->name);
			loader_rewind(&vm->load);
			wipe_phase[id] = WIPE_SCRUB;
			return MICA_HC_IN_PROGRESS;
		}
		(void)console_mux_vm_say(&vm->say, vm->cfg->name, true,
					 "mica: partition %s wiped: %lu KiB "
					 "scrubbed and read back as zero",
					 vm->cfg->name,
					 (unsigned long)(wipe_size[id] >> 10));
		wipe_phase[id] = WIPE_DONE;
		return MICA_HC_SUCCESS;
	default: return MICA_HC_NOT_REQUIRED;
	}
}

struct hc_result manage_call(struct vcpu *v, uint32_t fid, uint64_t a1,
			     uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5,
			     uint64_t a6)
{
	static const uint8_t need[] = {
		[MICA_HC_PART_QUERY - MICA_HC_PART_FIND] = 0,
		[MICA_HC_PART_STOP - MICA_HC_PART_FIND] = SCN_RIGHT_STOP,
		[MICA_HC_PART_START - MICA_HC_PART_FIND] = SCN_RIGHT_START,
		[MICA_HC_PART_RESTART - MICA_HC_PART_FIND] = SCN_RIGHT_START |
							     SCN_RIGHT_STOP,
		[MICA_HC_PART_STAGE - MICA_HC_PART_FIND] = SCN_RIGHT_STAGE,
		[MICA_HC_PART_STANDBY - MICA_HC_PART_FIND] = SCN_RIGHT_STAGE,
		[MICA_HC_PART_SWITCH - MICA_HC_PART_FIND] = SCN_RIGHT_SWITCH,
		[MICA_HC_PART_ROLLBACK - MICA_HC_PART_FIND] = SCN_RIGHT_SWITCH,
		[MICA_HC_PART_WIPE - MICA_HC_PART_FIND] = SCN_RIGHT_WIPE,
	};
	struct hc_result r = { .x0 = (uint64_t)MICA_HC_NOT_SUPPORTED };
	int64_t st = MICA_HC_NOT_SUPPORTED;
	struct vm *vm;

	if (fid == MICA_HC_PART_FIND) {
		return find(v, a1, a2);
	}
	if (fid == MICA_HC_READY) {
		return ready(v);
	}
	if (fid < MICA_HC_PART_QUERY || fid > MICA_HC_PART_WIPE) {
		return r;
	}
	vm = object(v, a1, need[fid - MICA_HC_PART_FIND], &st);
	if (vm != NULL) {
		spinlock_lock(&lock);
		check_standby(vm);
		if (fid == MICA_HC_PART_QUERY) {
			r = query(vm);
			spinlock_unlock(&lock);
			return r;
		}
		if (fid == MICA_HC_PART_STANDBY) {
			st = standby(vm, v->vm, a2, a3, a4, a5, a6);
		} else if (fid == MICA_HC_PART_ROLLBACK) {
			st = rollback(vm, v->vm);
		} else if (fid == MICA_HC_PART_SWITCH) {
			st = switch_to(vm, NULL);
		} else if (fid == MICA_HC_PART_WIPE) {
			st = wipe(vm, v->vm);
		} else if (fid == MICA_HC_PART_STAGE) {
			st = stage(vm, v->vm, a2, a3, a4);
		} else {
			st = stop_start(vm, v->vm, fid != MICA_HC_PART_START,
					fid != MICA_HC_PART_STOP);
		}
		spinlock_unlock(&lock);
	}
	r.x0 = (uint64_t)st;
	return r;
}
