// SPDX-License-Identifier: Apache-2.0
/*
 * Partitions: building them from the scenario (stage-2 tables, consoles,
 * virtual interrupt controllers), loading their images from the payload,
 * ending them (stop, restart, or the fault policy that picks one of
 * those; vcpu.c takes their vCPUs off their CPUs), and what the core does
 * with their exits: emulated MMIO (the vuart, whose output goes to
 * console_mux; a guest OS's channel PL061s, chan.c), aborts that are the guest's own business, and the
 * interrupts of their passed-through devices. A partition sees only its
 * regions, its channels, its passed-through devices and its emulated
 * devices; the hypervisor's own memory is in no stage-2 table.
 */
#include "arch/irq.h"
#include "arch/mmu.h"
#include "arch/power.h"
#include "mica/board.h"
#include "arch/timer.h"
#include "arch/vcpu.h"
#include "arch/vgic.h"
#include "arch/vm.h"
#include "mica/chan.h"
#include "mica/check.h"
#include "mica/console.h"
#include "mica/console_mux.h"
#include "mica/dtb.h"
#include "mica/entropy.h"
#include "mica/fmt.h"
#include "mica/hypercall.h"
#include "mica/cpu.h"
#include "mica/layout.h"
#include "mica/manage.h"
#include "mica/scenario_check.h"
#include "mica/string.h"
#include "mica/vm.h"

/* Stage-2 tables: 3 levels, a 39-bit (512 GiB) guest physical space. */
#define VM_S2_LEVELS 3

struct vm vms[SCN_MAX_PARTITIONS];
unsigned vm_count;

/*
 * Physical interrupts of passed-through devices: the owner of each (its
 * partition's index + 1; 0: none), and which are masked at the controller
 * because their partition has not finished with them yet.
 */
static uint8_t irq_owner[ARCH_IRQ_IDS];
static uint32_t irq_masked[(ARCH_IRQ_IDS + 31) / 32];

static const struct scenario *scn;

/*
 * Updatable partitions' standbys and, for each such partition and its
 * standby, a copy of its scenario entry that an update changes (where its
 * memory is, its image).
 */
static struct vm standbys[SCN_MAX_UPDATABLE];
static struct scn_partition standby_cfgs[SCN_MAX_UPDATABLE];
static struct scn_partition active_cfgs[SCN_MAX_UPDATABLE];
static unsigned standby_count;

static uint64_t us_to_ticks(uint64_t us, uint64_t freq)
{
	/* us <= 2^32 and freq < 2^32 (scenario and counter): no overflow. */
	return us * freq / 1000000u;
}

/*
 * With mica.poweroff on the command line, the machine powers off once every
 * partition has stopped: tests and demos end without a timeout.
 */
static void power_off_if_all_stopped(void)
{
	const struct board *b = board_get();

	for (unsigned i = 0; i < vm_count; i++) {
		if (vms[i].state == VM_RUNNING || vms[i].state == VM_LOADING) {
			return;
		}
	}
	if (board_cmdline_has(b, "mica.poweroff")) {
		console_puts(
			"mica: every partition has stopped; powering off\n");
		arch_power_system_off(b);
	}
}

/*
 * Maps [pa, pa+size) into the hypervisor's table, identically (virtual =
 * physical), where it is not mapped yet: shared regions may overlap.
 */
static bool hyp_map(struct mm_table *hyp, paddr_t pa, uint64_t size,
		    unsigned attrs, struct palloc *pool)
{
	return mm_fill_hyp(hyp, va_init(pa_addr(pa)), pa, size, attrs, pool);
}

/*
 * vm's stage-2 table: the regions of `mem` (vm's own, or its other copy),
 * vm's devices and channels, the arch's part.
 */
static bool setup_stage2(struct vm *vm, const struct scn_partition *mem,
			 struct palloc *pool)
{
	const struct scn_partition *p = vm->cfg;
	bool ok = mm_table_init_stage2(&vm->s2, VM_S2_LEVELS, pool);

	for (uint32_t i = 0; ok && i < mem->region_count; i++) {
		const struct scn_region *r = &mem->regions[i];
		unsigned attrs = MM_READ | MM_EXEC;

		if ((r->flags & SCN_MEM_READ_ONLY) == 0) {
			attrs |= MM_WRITE;
		}
		ok = mm_map_s2(&vm->s2, ipa_init(r->ipa), pa_init(r->pa),
			       r->size, attrs, pool);
	}
	for (uint32_t i = 0; ok && i < p->device_count; i++) {
		const struct scn_device *d = &p->devices[i];
		uint64_t base = ALIGN_DOWN(d->mmio.base, MICA_PAGE_SIZE);
		uint64_t end =
			ALIGN_UP(d->mmio.base + d->mmio.size, MICA_PAGE_SIZE);

		/* A passed-through device sits where it is: IPA = PA. */
		ok = mm_map_s2(&vm->s2, ipa_init(base), pa_init(base),
			       end - base, MM_READ | MM_WRITE | MM_DEVICE,
			       pool);
	}
	return ok && chan_map(scn, vm, pool) && arch_vm_map_devices(vm, pool);
}

/*
 * Builds vm, of id `id`, from p: its vCPUs in their CPUs' run queues,
 * virtual interrupt controller, stage-2 table and the hypervisor's mapping
 * of its memory; a budget's first period starts at `now`. False, after
 * printing why, if mica cannot run it.
 */
static bool init_vm(struct vm *vm, unsigned id, const struct scn_partition *p,
		    struct mm_table *hyp, struct palloc *pool, uint64_t now)
{
	uint64_t freq = arch_timer_freq();

	vm->id = id;
	vm->cfg = p;
	vm->state = VM_OFF;
	vm->twin = NULL;
	vm->discard = false;
	vm->image = NULL;
	vm->lock = (struct spinlock)SPINLOCK_INIT;
	vm->say = (struct console_mux_budget){ .lock = SPINLOCK_INIT };
	vm->vcpu_count = p->vcpu_count;
	vuart_init(&vm->uart, p->name);
	for (uint32_t j = 0; j < p->vcpu_count; j++) {
		struct vcpu *v = &vm->vcpus[j];
		struct cpu *c = &cpus[p->vcpus[j].cpu];

		v->vm = vm;
		v->index = j;
		v->pcpu = p->vcpus[j].cpu;
		v->state = VCPU_OFF;
		v->direct = (p->vcpus[j].flags & SCN_VCPU_DIRECT) != 0;
		sched_entity_init(v, p->vcpus[j].priority,
				  us_to_ticks(p->vcpus[j].budget_us, freq),
				  us_to_ticks(p->vcpus[j].period_us, freq),
				  now);
		if (!sched_add(&c->sched, v)) {
			/* The scenario check allows no more. */
			console_printf("mica: CPU %u: more than %u vCPUs\n",
				       v->pcpu, SCN_MAX_CPU_VCPUS);
			return false;
		}
	}
	arch_vgic_vm_init(vm);
	for (uint32_t j = 0; j < p->vcpu_count; j++) {
		arch_vgic_vcpu_init(&vm->vcpus[j]);
	}
	if (!setup_stage2(vm, p, pool)) {
		console_printf("mica: partition %s: out of page-table memory\n",
			       p->name);
		return false;
	}
	/* The hypervisor writes partitions' memory to load and scrub it. */
	for (uint32_t j = 0; j < p->region_count; j++) {
		if (!hyp_map(hyp, pa_init(p->regions[j].pa), p->regions[j].size,
			     MM_READ | MM_WRITE, pool)) {
			console_printf("mica: cannot map %s's memory\n",
				       p->name);
			return false;
		}
	}
	return true;
}

/*
 * Builds vm's standby: the partition as the scenario gives it, but in its
 * standby memory (the same IPAs, other physical pages), its vCPUs on the
 * same CPUs at the standby priority, with no device and no channel (its
 * id is none of the scenario's), stopped by any fault, and its console
 * tagged with a '+' ("rt+").
 */
static bool setup_standby(struct vm *vm, struct mm_table *hyp,
			  struct palloc *pool, uint64_t now)
{
	const struct scn_update *u = &vm->cfg->update;
	struct scn_partition *p = &standby_cfgs[standby_count];
	unsigned n = 0;
	bool ok;

	/* scenario_check() proved it (SCN_MAX_UPDATABLE). */
	CHECK(standby_count < SCN_MAX_UPDATABLE);
	active_cfgs[standby_count] = *vm->cfg;
	vm->cfg = &active_cfgs[standby_count];
	*p = *vm->cfg;
	while (n < SCN_NAME_MAX - 2 && p->name[n] != '\0') {
		n++;
	}
	p->name[n] = '+';
	p->name[n + 1] = '\0';
	p->fault_policy = SCN_FAULT_STOP;
	p->restart_max = 0;
	p->device_count = 0;
	for (uint32_t i = 0; i < p->region_count; i++) {
		p->regions[i].pa = u->standby_pa[i];
	}
	for (uint32_t j = 0; j < p->vcpu_count; j++) {
		p->vcpus[j].priority = u->standby_priority;
	}
	vm->twin = &standbys[standby_count++];
	if (!init_vm(vm->twin, SCN_MAX_PARTITIONS + vm->id, p, hyp, pool,
		     now)) {
		return false;
	}
	vm->twin->twin = vm;
	/* Each one's other table: the other's memory (vm_switch()). */
	arch_vm_s2_swap(vm);
	ok = setup_stage2(vm, p, pool);
	arch_vm_s2_swap(vm);
	arch_vm_s2_swap(vm->twin);
	ok = ok && setup_stage2(vm->twin, vm->cfg, pool);
	arch_vm_s2_swap(vm->twin);
	if (!ok) {
		console_printf("mica: partition %s: out of page-table memory\n",
			       p->name);
	}
	return ok;
}

bool vm_setup_all(const struct scenario *s, struct mm_table *hyp,
		  struct palloc *pool)
{
	uint64_t freq = arch_timer_freq();
	uint64_t now = arch_timer_now();

	scn = s;
	vm_count = 0;
	for (unsigned i = 0; i < MICA_MAX_CPUS; i++) {
		sched_init(&cpus[i].sched, us_to_ticks(SCHED_SLICE_US, freq));
	}
	memset(irq_owner, 0, sizeof(irq_owner));
	memset(irq_masked, 0, sizeof(irq_masked));
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];
		struct vm *vm = &vms[i];

		if (!init_vm(vm, i, p, hyp, pool, now)) {
			return false;
		}
		console_mux_add(i, &vm->uart,
				(p->flags & SCN_PART_SECURE_INPUT) != 0);
		for (uint32_t j = 0; j < p->device_count; j++) {
			for (uint32_t k = 0; k < p->devices[j].irq_count; k++) {
				uint32_t irq = p->devices[j].irqs[k];

				/*
				 * scenario_check() proved it a device
				 * interrupt (SCN_IRQ_*) owned once.
				 */
				if (irq < ARCH_IRQ_IDS && irq_owner[irq] == 0) {
					irq_owner[irq] = (uint8_t)(i + 1);
					arch_vgic_forward(vm, irq);
				} else {
					check_fail(
						__FILE__, __LINE__,
						"device interrupt owned twice");
				}
			}
		}
		vm_count++;
	}
	standby_count = 0;
	for (uint32_t i = 0; i < s->partition_count; i++) {
		if ((s->partitions[i].flags & SCN_PART_UPDATABLE) != 0 &&
		    !setup_standby(&vms[i], hyp, pool, now)) {
			return false;
		}
	}
	/* A vCPU with company on its CPU waits (WFI) through the scheduler. */
	for (unsigned c = 0; c < MICA_MAX_CPUS; c++) {
		for (unsigned k = 0; k < cpus[c].sched.count; k++) {
			cpus[c].sched.vcpus[k]->shares_cpu =
				cpus[c].sched.count > 1;
		}
	}
	/* Each goes to the CPU of its partition's first vCPU. */
	for (uint32_t irq = 0; irq < ARCH_IRQ_IDS; irq++) {
		if (irq_owner[irq] != 0) {
			arch_irq_enable_shared(
				irq, vms[irq_owner[irq] - 1].vcpus[0].pcpu);
		}
	}
	/* And updatable ones' standby memory and image slots, to scrub. */
	for (uint32_t i = 0; i < s->partition_count; i++) {
		uint64_t base;
		uint64_t size;

		for (uint32_t k = 0;
		     scenario_update_range(&s->partitions[i], k, &base, &size);
		     k++) {
			if (!hyp_map(hyp, pa_init(base), size,
				     MM_READ | MM_WRITE, pool)) {
				console_puts("mica: cannot map the standby "
					     "memory\n");
				return false;
			}
		}
	}
	manage_init(s);
	/* And channels' to scrub a part (chan.c); theirs are not overlapped. */
	for (uint32_t i = 0; i < s->channel_count; i++) {
		if (!hyp_map(hyp, pa_init(s->channels[i].pa),
			     s->channels[i].size, MM_READ | MM_WRITE, pool)) {
			console_puts("mica: cannot map the channels\n");
			return false;
		}
	}
	if (!hyp_map(hyp, pa_init((uintptr_t)__payload_start),
		     ALIGN_UP((uintptr_t)__payload_end -
				      (uintptr_t)__payload_start,
			      MICA_PAGE_SIZE),
		     MM_READ, pool)) {
		console_puts("mica: cannot map the partition images\n");
		return false;
	}
	return true;
}

/*
 * The one place where a guest address becomes a host one, through p's
 * regions in the scenario.
 */
paddr_t vm_ipa_to_pa(const struct scn_partition *p, ipa_t ipa, uint64_t size)
{
	uint64_t a = ipa_addr(ipa);

	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];

		if (a >= r->ipa && size <= r->size &&
		    a - r->ipa <= r->size - size) {
			return pa_init(r->pa + (a - r->ipa));
		}
	}
	return pa_init(0);
}

/*
 * The room for a random seed in p's device tree (micacfg gives a guest OS
 * /chosen/rng-seed of SCN_RNG_SEED_SIZE bytes), just copied in: a fresh
 * draw from the DRBG the boot loader's seed started (entropy_draw(), at
 * every start and restart), or, when the boot loader gave none, the
 * property is removed and the guest sees none rather than a predictable
 * one. Found in the payload's read-only copy, mica's own.
 */
static void give_seed(const struct scn_partition *p, unsigned id)
{
	const struct scn_image *im = &p->image;
	const uint8_t *blob = __payload_start + im->dtb_offset;
	struct dtb dt;
	int chosen;
	uint32_t len = 0;
	const uint8_t *val = NULL;
	paddr_t copy_pa;
	uint8_t *copy;
	uint8_t *dst;
	uint32_t size;
	uint8_t s[SCN_RNG_SEED_SIZE];

	if (im->dtb_size != 0 && dtb_init(&dt, blob, im->dtb_size) &&
	    (chosen = dtb_path(&dt, "/chosen")) >= 0) {
		val = dtb_prop(&dt, chosen, "rng-seed", &len);
	}
	if (val == NULL || len != SCN_RNG_SEED_SIZE) {
		return; /* an older table: nothing there to fill */
	}
	copy_pa = vm_ipa_to_pa(p, ipa_init(im->dtb_ipa), im->dtb_size);
	/* scenario_check() proved the device tree inside its memory. */
	CHECK(pa_addr(copy_pa) != 0);
	/* The hypervisor maps partitions' memory identically. */
	copy = (uint8_t *)(uintptr_t)pa_addr(copy_pa);
	dst = copy + (val - blob);
	size = len;
	if (entropy_draw(id, s, sizeof(s))) {
		memcpy(dst, s, sizeof(s));
		memset(s, 0, sizeof(s));
	} else {
		dst = dtb_nop_prop(&dt, copy, val, len, &size);
	}
	if (dst != NULL) {
		arch_mm_clean_range(pa_add(copy_pa, (uint64_t)(dst - copy)),
				    size);
	}
}

/*
 * Adds to l scrubs of [lo, hi) but for the whole pages of the n images at
 * pa[k] (size[k] bytes each), which their copies overwrite: either way a
 * partition never sees a byte of a previous occupant. The images' first
 * and last pages, if partly theirs, are scrubbed before the copies.
 * Bounded: each step ends past one image or at hi.
 */
static void scrub_but(struct loader *l, uint64_t lo, uint64_t hi,
		      const uint64_t pa[], const uint64_t size[], unsigned n)
{
	while (lo < hi) {
		uint64_t next = hi; /* where the first image ahead begins */
		uint64_t skip = hi; /* and ends */

		for (unsigned k = 0; k < n; k++) {
			uint64_t a = ALIGN_UP(pa[k], MICA_PAGE_SIZE);
			uint64_t b =
				ALIGN_DOWN(pa[k] + size[k], MICA_PAGE_SIZE);

			a = a > lo ? a : lo;
			if (a < b && a < next) {
				next = a;
				skip = b;
			}
		}
		CHECK(loader_add_scrub(l, pa_init(lo), next - lo));
		lo = skip;
	}
}

/* Plans vm's load: scrub its own memory, copy its images in (scrub_but()). */
static void load_begin(struct vm *vm)
{
	const struct scn_partition *p = vm->cfg;
	const struct scn_image *im = &p->image;
	const uint64_t ipa[3] = { im->load_ipa, im->initrd_ipa, im->dtb_ipa };
	const uint8_t *src[3] = { __payload_start + im->blob_offset,
				  __payload_start + im->initrd_offset,
				  __payload_start + im->dtb_offset };
	uint64_t size[3] = { im->blob_size, im->initrd_size, im->dtb_size };
	uint64_t pa[3];

	/*
	 * An image in a slot (a standby's, or an updated partition's) is its
	 * only one (native: no initrd, no device tree); a standby being
	 * discarded gets none, only the scrub.
	 */
	if (vm->image != NULL || vm->discard) {
		src[0] = vm->image;
		size[0] = vm->discard ? 0 : im->blob_size;
		size[1] = 0;
		size[2] = 0;
	}
	loader_init(&vm->load);
	for (unsigned k = 0; k < 3; k++) {
		/* scenario_check() or manage.c proved each inside its memory. */
		pa[k] = pa_addr(vm_ipa_to_pa(p, ipa_init(ipa[k]), size[k]));
		CHECK(pa[k] != 0 || size[k] == 0);
	}
	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];

		/* Shared memory belongs to both sides: not one's to wipe. */
		if ((r->flags & SCN_MEM_SHARED) == 0) {
			scrub_but(&vm->load, r->pa, r->pa + r->size, pa, size,
				  3);
		}
	}
	if (!vm_is_standby(vm)) {
		chan_reset(vm, &vm->load);
	}
	for (unsigned k = 0; k < 3; k++) {
		if (size[k] != 0) {
			CHECK(loader_add_copy(&vm->load, pa_init(pa[k]), src[k],
					      size[k]));
		}
	}
}

/* vm is loaded: it runs, its first vCPU asked to start at the entry. */
static void load_end(struct vm *vm)
{
	const struct scn_image *im = &vm->cfg->image;
	bool discard = vm->discard;

	if (vm->cfg->kind == SCN_KIND_GUEST_OS) {
		give_seed(vm->cfg, vm->id);
	}
	spinlock_lock(&vm->lock);
	vm->state = discard ? VM_OFF : VM_RUNNING;
	vm->discard = false;
	spinlock_unlock(&vm->lock);
	if (discard) {
		return; /* a discarded standby, scrubbed */
	}
	chan_started(vm);
	console_mux_set_alive(vm->id, true);
	/* Linux's boot protocol: x0 = its device tree; native: x0 = 0. */
	(void)vcpu_request_start(&vm->vcpus[0], ipa_init(im->entry_ipa),
				 vm->cfg->kind == SCN_KIND_GUEST_OS ?
					 im->dtb_ipa :
					 0);
}

bool vm_load_step(struct vm *vm)
{
	if (vm->state != VM_LOADING) {
		return true;
	}
	if (!loader_step(&vm->load)) {
		return false;
	}
	load_end(vm);
	return true;
}

/* At boot, before the partition's CPU runs anything: all of it at once. */
static void vm_start(struct vm *vm)
{
	load_begin(vm);
	/* Bounded: each step ends one chunk of a bounded list. */
	while (!loader_step(&vm->load)) {
	}
	load_end(vm);
}

void vm_boot_all(void)
{
	uint8_t seed[SCN_RNG_SEED_SIZE];
	bool have = board_take_seed(seed);

	/* Without the boot loader's seed nothing is drawn: no fake seeds. */
	if (!entropy_init(have ? seed : NULL, sizeof(seed), arch_timer_now())) {
		console_puts("mica: the boot loader gave no /chosen/rng-seed: "
			     "no guest OS gets a seed\n");
	}
	memset(seed, 0, sizeof(seed));
	for (unsigned i = 0; i < vm_count; i++) {
		if (vms[i].cfg->image.kind == SCN_IMAGE_NONE) {
			continue;
		}
		console_printf("mica: starting partition %s\n",
			       vms[i].cfg->name);
		vm_start(&vms[i]);
	}
}

/* Stops vm; a restart's stop (restarting) is never the machine's last. */
static bool stop(struct vm *vm, const char *why, bool restarting)
{
	char line[VUART_LINE_MAX + 1];
	bool was_running;

	spinlock_lock(&vm->lock);
	/* A load in progress (restart, management start) stops too. */
	was_running = vm->state == VM_RUNNING || vm->state == VM_LOADING;
	vm->state = VM_STOPPED;
	spinlock_unlock(&vm->lock);
	if (!was_running) {
		return false;
	}
	if (vuart_flush(&vm->uart, line)) {
		console_mux_line(vm->uart.tag, line);
	}
	console_mux_set_alive(vm->id, false);
	/* A final stop is printed whatever the budget: it happens once. */
	(void)console_mux_vm_say(&vm->say, vm->cfg->name, !restarting,
				 "mica: partition %s stopped: %s",
				 vm->cfg->name, why);
	vcpu_stop_all(vm);
	chan_stopped(vm);
	if (!restarting) {
		power_off_if_all_stopped();
	}
	return true;
}

bool vm_stop(struct vm *vm, const char *why)
{
	return stop(vm, why, false);
}

/*
 * vm, its vCPUs off, is loaded afresh: VM_LOADING, its first vCPU's CPU
 * scrubs it and copies its images in on that vCPU's time, between
 * higher-priority vCPUs, then starts it; with `discard` (a standby), it
 * only scrubs it and leaves it VM_OFF. False, doing nothing, if it is not
 * stopped or another load is being planned.
 */
static bool reload(struct vm *vm, bool discard)
{
	bool mine;

	/*
	 * One load at a time: a restart (its own fault, on its CPU) and a
	 * management start (on another) may both find it stopped.
	 */
	spinlock_lock(&vm->lock);
	mine = !vm->reloading &&
	       (vm->state == VM_STOPPED || vm->state == VM_OFF);
	vm->reloading = vm->reloading || mine;
	if (mine) {
		vm->discard = discard;
	}
	spinlock_unlock(&vm->lock);
	if (!mine) {
		return false;
	}
	arch_vgic_vm_init(vm);
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		arch_vgic_vcpu_init(&vm->vcpus[i]);
	}
	vuart_init(&vm->uart, vm->cfg->name);
	load_begin(vm);
	spinlock_lock(&vm->lock);
	vm->state = VM_LOADING;
	vm->reloading = false;
	spinlock_unlock(&vm->lock);
	vcpu_kick(&vm->vcpus[0]);
	return true;
}

/* Restarts of vm in the last window up to now, at most its limit. */
static unsigned restarts_in_window(const struct vm *vm, uint64_t now)
{
	uint64_t window = arch_timer_freq() / 1000 * vm->cfg->restart_window_ms;
	unsigned n = 0;

	/* Bounded: restart_max <= SCN_MAX_RESTARTS (scenario_check()). */
	for (unsigned i = 0; i < vm->cfg->restart_max && i < vm->restarts;
	     i++) {
		n += now - vm->restart_at[i] < window;
	}
	return n;
}

/*
 * Whether vm may restart now, within restart_max in any window; if so,
 * records it. Under vm->lock.
 */
static bool restart_allowed(struct vm *vm, uint64_t now)
{
	unsigned max = vm->cfg->restart_max;

	if (max == 0 || max > SCN_MAX_RESTARTS ||
	    restarts_in_window(vm, now) >= max) {
		return false;
	}
	/* The oldest of the last max restarts makes room. */
	vm->restart_at[vm->restarts % max] = now;
	vm->restarts++;
	return true;
}

void vm_restart(struct vm *vm)
{
	uint64_t now = arch_timer_now();
	bool running;
	bool allowed;
	unsigned stuck;

	spinlock_lock(&vm->lock);
	running = vm->state == VM_RUNNING;
	allowed = running && restart_allowed(vm, now);
	spinlock_unlock(&vm->lock);
	if (!running) {
		return; /* another of its vCPUs is handling it already */
	}
	if (!allowed) {
		char why[80];

		fmt_snprintf(why, sizeof(why),
			     "restart limit reached (%u in "
			     "%u ms)",
			     vm->cfg->restart_max, vm->cfg->restart_window_ms);
		(void)vm_stop(vm, why);
		return;
	}
	if (!stop(vm, "restarting", true)) {
		return; /* another of its vCPUs is handling it already */
	}
	if (!vcpu_wait_stopped(vm, &stuck)) {
		(void)console_mux_vm_say(&vm->say, vm->cfg->name, true,
					 "mica: partition %s: vCPU %u did "
					 "not stop; not restarting",
					 vm->cfg->name, stuck);
		power_off_if_all_stopped();
		return;
	}
	(void)console_mux_vm_say(&vm->say, vm->cfg->name, false,
				 "mica: partition %s: restart %u of %u in %u ms",
				 vm->cfg->name, restarts_in_window(vm, now),
				 vm->cfg->restart_max,
				 vm->cfg->restart_window_ms);
	/* A management start that came first loads it: the same. */
	(void)reload(vm, false);
}

bool vm_start_again(struct vm *vm)
{
	return reload(vm, false);
}

bool vm_standby_start(struct vm *vm, unsigned slot, uint64_t size, ipa_t load,
		      ipa_t entry)
{
	struct scn_image *im = &standby_cfgs[vm->twin - standbys].image;

	/* A discard still scrubbing never reads these: it copies nothing. */
	im->load_ipa = ipa_addr(load);
	im->entry_ipa = ipa_addr(entry);
	im->blob_size = size;
	vm->twin->image =
		(const uint8_t *)(uintptr_t)vm->cfg->update.slot_pa[slot % 2];
	return reload(vm->twin, false);
}

/*
 * vm and its standby trade images: at a switch, and back at a rollback in
 * probation, so that the standby's is the one a rollback restarts.
 */
static void swap_images(struct vm *vm)
{
	unsigned k = (unsigned)(vm->twin - standbys);
	struct scn_image im = active_cfgs[k].image;
	const uint8_t *image = vm->image;

	active_cfgs[k].image = standby_cfgs[k].image;
	standby_cfgs[k].image = im;
	vm->image = vm->twin->image;
	vm->twin->image = image;
}

/* Stops vm with no line and no ring: a switch's, which restarts it. */
static void stop_quietly(struct vm *vm)
{
	spinlock_lock(&vm->lock);
	vm->state = VM_STOPPED;
	spinlock_unlock(&vm->lock);
	vcpu_stop_all(vm);
}

bool vm_switch(struct vm *vm, const struct vcpu *ready)
{
	struct vm *s = vm->twin;
	unsigned k = (unsigned)(s - standbys);
	struct scn_partition *a = &active_cfgs[k];
	struct scn_partition *b = &standby_cfgs[k];
	bool on[SCN_MAX_VCPUS] = { false };
	unsigned stuck;

	for (unsigned i = 0; i < s->vcpu_count; i++) {
		on[i] = __atomic_load_n(&s->vcpus[i].state, __ATOMIC_ACQUIRE) ==
			VCPU_ON;
	}
	stop_quietly(vm);
	stop_quietly(s);
	if (!vcpu_wait_stopped(vm, &stuck) || !vcpu_wait_stopped(s, &stuck)) {
		return false;
	}
	/* The critical window: no vCPU of either runs. */
	arch_vm_move(vm, s);
	arch_vm_s2_swap(vm);
	arch_vm_s2_swap(s);
	for (uint32_t i = 0; i < a->region_count; i++) {
		uint64_t pa = a->regions[i].pa;

		a->regions[i].pa = b->regions[i].pa;
		b->regions[i].pa = pa;
	}
	swap_images(vm);
	if (ready != NULL) {
		arch_vcpu_set_return(&vm->vcpus[ready->index], MICA_HC_SUCCESS);
	}
	spinlock_lock(&vm->lock);
	vm->state = VM_RUNNING;
	spinlock_unlock(&vm->lock);
	for (unsigned i = 0; i < vm->vcpu_count; i++) {
		if (on[i]) {
			__atomic_store_n(&vm->vcpus[i].state, VCPU_ON,
					 __ATOMIC_RELEASE);
			vcpu_kick(&vm->vcpus[i]);
		}
	}
	/* The old version's memory, the standby's now: scrubbed after. */
	(void)reload(s, true);
	return true;
}

bool vm_switch_back(struct vm *vm, const char *why)
{
	unsigned stuck;

	/* Stopped already (asked, or a call that waited in vain): said here. */
	if (!stop(vm, why, true)) {
		(void)console_mux_vm_say(&vm->say, vm->cfg->name, false,
					 "mica: partition %s: %s",
					 vm->cfg->name, why);
	}
	if (!vcpu_wait_stopped(vm, &stuck)) {
		return false;
	}
	swap_images(vm);
	/* Into the memory the new version ran in: the scrub takes all of it. */
	(void)reload(vm, false);
	return true;
}

bool vm_standby_scrub(struct vm *vm)
{
	return reload(vm->twin, true);
}

void vm_revoke_irqs(struct vm *vm)
{
	const struct scn_partition *p = vm->cfg;

	for (uint32_t j = 0; j < p->device_count; j++) {
		for (uint32_t k = 0; k < p->devices[j].irq_count; k++) {
			uint32_t irq = p->devices[j].irqs[k];

			if (irq < ARCH_IRQ_IDS &&
			    irq_owner[irq] == vm->id + 1) {
				arch_irq_disable_shared(irq);
				__atomic_store_n(&irq_owner[irq], 0,
						 __ATOMIC_SEQ_CST);
			}
		}
	}
}

bool vm_fault(struct vcpu *v, const char *what, uint64_t addr)
{
	struct vm *vm = v->vm;
	uint32_t policy = vm->cfg->fault_policy;
	char how[96];

	/* In its probation a new version's fault brings the old one back. */
	fmt_snprintf(how, sizeof(how), "faulted (vCPU %u: %s at 0x%lx)",
		     v->index, what, (unsigned long)addr);
	if (manage_probation_end(vm, how)) {
		vcpu_leave(v);
	}
	if (policy == SCN_FAULT_LOG) {
		(void)console_mux_vm_say(
			&vm->say, vm->cfg->name, false,
			"mica: partition %s vCPU %u: %s at 0x%lx; "
			"policy log: the fault goes to the "
			"partition",
			vm->cfg->name, v->index, what, (unsigned long)addr);
		return true;
	}
	(void)console_mux_vm_say(&vm->say, vm->cfg->name, false,
				 "mica: partition %s vCPU %u: %s at 0x%lx; "
				 "policy %s",
				 vm->cfg->name, v->index, what,
				 (unsigned long)addr,
				 policy == SCN_FAULT_RESTART ? "restart" :
							       "stop");
	if (policy == SCN_FAULT_RESTART) {
		vm_restart(vm);
	} else {
		vm_stop(vm, "fault");
	}
	vcpu_leave(v);
}

static bool in_range(uint64_t a, uint64_t base, uint64_t size)
{
	return a >= base && a - base < size;
}

bool vm_abort_is_guests(ipa_t ipa, bool from_user)
{
	const struct scn_board *b = &scn->board;
	/* Compared with the scenario's IPAs and with the board's RAM alike. */
	uint64_t a = ipa_addr(ipa);
	bool given = in_range(a, SCN_VDEV_BASE, SCN_VDEV_SIZE) ||
		     in_range(a, SCN_VDEV2_BASE, SCN_VDEV2_SIZE) ||
		     in_range(a, SCN_VDEV3_BASE, SCN_VDEV3_SIZE);

	if (from_user) {
		return true;
	}
	for (uint32_t i = 0; i < b->ram_count && !given; i++) {
		given = in_range(a, b->ram[i].base, b->ram[i].size);
	}
	for (uint32_t i = 0; i < b->reserved_count && !given; i++) {
		given = in_range(a, b->reserved[i].base, b->reserved[i].size);
	}
	for (uint32_t i = 0; i < scn->channel_count && !given; i++) {
		const struct scn_channel *c = &scn->channels[i];

		given = in_range(a, c->ipa_a, c->size) ||
			in_range(a, c->ipa_b, c->size);
	}
	for (uint32_t i = 0; i < scn->partition_count && !given; i++) {
		const struct scn_partition *p = &scn->partitions[i];

		for (uint32_t j = 0; j < p->region_count && !given; j++) {
			given = in_range(a, p->regions[j].ipa,
					 p->regions[j].size);
		}
		for (uint32_t j = 0; j < p->device_count && !given; j++) {
			given = in_range(a, p->devices[j].mmio.base,
					 p->devices[j].mmio.size);
		}
	}
	return !given;
}

bool vm_forward_irq(uint32_t irq)
{
	struct vm *vm;
	/* Read once: a wipe on another CPU may take it away (vm_revoke_irqs). */
	unsigned owner =
		irq < ARCH_IRQ_IDS ?
			__atomic_load_n(&irq_owner[irq], __ATOMIC_RELAXED) :
			0;

	if (owner == 0) {
		return false;
	}
	vm = &vms[owner - 1];
	/* The line stays high until the partition serves its device. */
	arch_irq_disable_shared(irq);
	__atomic_fetch_or(&irq_masked[irq / 32], 1u << (irq % 32),
			  __ATOMIC_ACQ_REL);
	if (vm->state == VM_RUNNING) {
		arch_vgic_inject(&vm->vcpus[0], irq);
	}
	return true;
}

void vm_unmask_forwarded(struct vm *vm)
{
	const struct scn_partition *p = vm->cfg;

	/* Bounded: at most SCN_MAX_DEVICES x SCN_MAX_DEVICE_IRQS. */
	for (uint32_t j = 0; j < p->device_count; j++) {
		for (uint32_t k = 0; k < p->devices[j].irq_count; k++) {
			uint32_t irq = p->devices[j].irqs[k];
			uint32_t bit = 1u << (irq % 32);

			if (irq >= ARCH_IRQ_IDS ||
			    (__atomic_load_n(&irq_masked[irq / 32],
					     __ATOMIC_ACQUIRE) &
			     bit) == 0 ||
			    !arch_vgic_idle(vm, irq)) {
				continue;
			}
			if ((__atomic_fetch_and(&irq_masked[irq / 32], ~bit,
						__ATOMIC_ACQ_REL) &
			     bit) != 0) {
				arch_irq_enable_shared(irq, vm->vcpus[0].pcpu);
			}
		}
	}
}

bool vm_mmio(struct vcpu *v, ipa_t ipa, bool write, unsigned size,
	     uint64_t *val)
{
	uint64_t off = ipa_addr(ipa) - SCN_VUART_BASE;

	if (off < MICA_PAGE_SIZE) {
		struct vuart *u = &v->vm->uart;
		struct vuart_out out;
		bool irq = false;
		bool ok = vuart_mmio(u, off, write, size, val, &irq, &out);

		/* Printed here, after the vuart's lock is let go. */
		if (out.raw >= 0) {
			console_mux_raw(u->tag, (char)out.raw);
		} else if (out.line) {
			console_mux_line(u->tag, out.text);
		}
		if (irq) {
			arch_vgic_inject(v, SCN_VUART_IRQ);
		}
		return ok;
	}
	if (ipa_addr(ipa) - SCN_VGPIO_BASE < SCN_VDEV3_SIZE) {
		return chan_mmio(v, ipa_addr(ipa) - SCN_VGPIO_BASE, write, val);
	}
	return arch_vgic_mmio(v, ipa, write, size, val) == VGIC_MMIO_DONE;
}
