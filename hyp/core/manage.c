// SPDX-License-Identifier: Apache-2.0
/*
 * Management hypercalls (mica/manage.h; their ABI is
 * include/mica/hypercall.h): a partition, the subject, finds, queries,
 * stops, starts, restarts or wipes another, the object, as the scenario's
 * rights allow, checked on every call against the rights table alone, so
 * that no guest value bounds a loop; and stages an image into an updatable
 * one's image slot, a bounded chunk a call. What to manage and why (a signed
 * command, an update's policy) is the calling partition's business; mica
 * only does what the call names. A wipe stops the object for good,
 * revokes its devices' interrupts (its channels follow its state: peers
 * see it down), then scrubs every byte that is its own (its regions, its
 * parts of channels, its standby copies and image slots) and reads them
 * back, a chunk per call, so that no call holds a CPU for longer than one
 * chunk. The calls are serialised by one lock: a management call is rare,
 * and the longest one waits VCPU_STOP_WAIT_MS at most.
 */
#include "arch/mmu.h"
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
static bool staged[SCN_MAX_PARTITIONS]; /* something in the staging slot */
static uint64_t wipe_size[SCN_MAX_PARTITIONS];

void manage_init(const struct scenario *s)
{
	scn = s;
	memset(wipe_phase, 0, sizeof(wipe_phase));
	memset(staged, 0, sizeof(staged));
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
		.x2 = vm->cfg->version,
		.x3 = staged[vm->id] ? MICA_STANDBY_STAGED : MICA_STANDBY_NONE,
		.x4 = 0,
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

/*
 * MICA_HC_PART_STAGE: len bytes at the caller's ipa to offset off of
 * vm's staging slot (the first: no switch makes the second the staging
 * one yet). The source must lie inside one of the caller's own regions:
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
	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];
		paddr_t to = pa_init(u->slot_pa[0] + off);

		if ((r->flags & SCN_MEM_SHARED) == 0 && ipa >= r->ipa &&
		    len <= r->size && ipa - r->ipa <= r->size - len) {
			/* The hypervisor maps partitions' memory identically. */
			memcpy((void *)(uintptr_t)pa_addr(to),
			       (const void *)(uintptr_t)(r->pa +
							 (ipa - r->ipa)),
			       len);
			arch_mm_clean_range(to, len);
			staged[vm->id] = true;
			return MICA_HC_SUCCESS;
		}
	}
	return MICA_HC_INVALID_PARAMETER;
}

/* Plans the scrub of everything that is vm's own; returns its size. */
static uint64_t plan_wipe(struct vm *vm)
{
	const struct scn_partition *p = vm->cfg;
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
		/* Called again until its vCPUs have left: nothing moved yet. */
		if (!vcpu_wait_stopped(vm, &stuck)) {
			return MICA_HC_IN_PROGRESS;
		}
		spinlock_lock(&vm->lock);
		vm->state = VM_WIPED; /* never runs, nor loads, again */
		spinlock_unlock(&vm->lock);
		vm_revoke_irqs(vm);
		staged[id] = false;
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
			     uint64_t a2, uint64_t a3, uint64_t a4)
{
	static const uint8_t need[] = {
		[MICA_HC_PART_QUERY - MICA_HC_PART_FIND] = 0,
		[MICA_HC_PART_STOP - MICA_HC_PART_FIND] = SCN_RIGHT_STOP,
		[MICA_HC_PART_START - MICA_HC_PART_FIND] = SCN_RIGHT_START,
		[MICA_HC_PART_RESTART - MICA_HC_PART_FIND] = SCN_RIGHT_START |
							     SCN_RIGHT_STOP,
		[MICA_HC_PART_STAGE - MICA_HC_PART_FIND] = SCN_RIGHT_STAGE,
		[MICA_HC_PART_WIPE - MICA_HC_PART_FIND] = SCN_RIGHT_WIPE,
	};
	struct hc_result r = { .x0 = (uint64_t)MICA_HC_NOT_SUPPORTED };
	int64_t st = MICA_HC_NOT_SUPPORTED;
	struct vm *vm;

	if (fid == MICA_HC_PART_FIND) {
		return find(v, a1, a2);
	}
	if (fid == MICA_HC_READY) {
		/* No standby boots yet: no caller is one. */
		r.x0 = (uint64_t)MICA_HC_NOT_REQUIRED;
		return r;
	}
	if (fid != MICA_HC_PART_QUERY && fid != MICA_HC_PART_STOP &&
	    fid != MICA_HC_PART_START && fid != MICA_HC_PART_RESTART &&
	    fid != MICA_HC_PART_STAGE && fid != MICA_HC_PART_WIPE) {
		return r;
	}
	vm = object(v, a1, need[fid - MICA_HC_PART_FIND], &st);
	if (vm != NULL && fid == MICA_HC_PART_QUERY) {
		return query(vm);
	}
	if (vm != NULL) {
		spinlock_lock(&lock);
		if (fid == MICA_HC_PART_WIPE) {
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
