// SPDX-License-Identifier: Apache-2.0
/*
 * The scenario rules (see mica/scenario_check.h). Every loop runs over the
 * fixed arrays of struct scenario, and every count is checked against its
 * array before it bounds a loop, so a corrupt scenario (a staged update, a
 * fuzzed blob) cannot make the check itself read out of bounds. Names are
 * checked to be NUL-terminated before anything prints them.
 */
#include <stdarg.h>

#include "arch/scenario.h"
#include "mica/fmt.h"
#include "mica/scenario_check.h"
#include "mica/string.h"

#define PAGE 4096u
#define PPM 1000000u
/* Fewer than a scenario could place on a CPU, so the rule matters. */
_Static_assert(SCN_MAX_CPU_VCPUS < SCN_MAX_PARTITIONS * SCN_MAX_VCPUS,
	       "a scenario can put more vCPUs on a CPU than it hosts");

struct ctx {
	const struct scenario *s;
	struct scn_error *err;
};

static bool fail(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct ctx *c, const char *path, const char *fmt, ...)
{
	va_list ap;

	fmt_snprintf(c->err->path, sizeof(c->err->path), "%s", path);
	va_start(ap, fmt);
	fmt_vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* A name: 1 to SCN_NAME_MAX-1 characters of [a-z0-9-@,._], NUL-terminated. */
static bool name_ok(const char *n)
{
	for (unsigned i = 0; i < SCN_NAME_MAX; i++) {
		char ch = n[i];

		if (ch == '\0') {
			return i > 0;
		}
		if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') ||
		      ch == '-' || ch == '@' || ch == ',' || ch == '.' ||
		      ch == '_')) {
			return false;
		}
	}
	return false;
}

static bool names_equal(const char *a, const char *b)
{
	return strncmp(a, b, SCN_NAME_MAX) == 0;
}

/* [base, base + size) is non-empty, page aligned and does not wrap. */
static bool range_ok(uint64_t base, uint64_t size)
{
	return base % PAGE == 0 && size % PAGE == 0 && base + size > base;
}

static bool overlaps(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a < b + bs && b < a + as;
}

static bool inside(uint64_t a, uint64_t as, uint64_t b, uint64_t bs)
{
	return a >= b && a + as <= b + bs;
}

/* Whether [base, base+size) touches a partition's emulated devices. */
static bool touches_vdev(uint64_t base, uint64_t size)
{
	return overlaps(base, size, SCN_VDEV_BASE, SCN_VDEV_SIZE) ||
	       overlaps(base, size, SCN_VDEV2_BASE, SCN_VDEV2_SIZE) ||
	       overlaps(base, size, SCN_VDEV3_BASE, SCN_VDEV3_SIZE);
}

#define VDEV_TEXT "the emulated devices (0x%x-0x%x, 0x%x-0x%x, 0x%x-0x%x)"
#define VDEV_ARGS                                                         \
	SCN_VDEV_BASE, SCN_VDEV_BASE + SCN_VDEV_SIZE - 1, SCN_VDEV2_BASE, \
		SCN_VDEV2_BASE + SCN_VDEV2_SIZE - 1, SCN_VDEV3_BASE,      \
		SCN_VDEV3_BASE + SCN_VDEV3_SIZE - 1

/* Whether [base, base+size) is inside (whole) or touches one of r[0..n). */
static bool in_ranges(const struct scn_range *r, uint32_t n, uint64_t base,
		      uint64_t size, bool whole)
{
	for (uint32_t i = 0; i < n; i++) {
		if (whole ? inside(base, size, r[i].base, r[i].size) :
			    overlaps(base, size, r[i].base, r[i].size)) {
			return true;
		}
	}
	return false;
}

static bool in_ram(const struct scn_board *b, uint64_t base, uint64_t size)
{
	return in_ranges(b->ram, b->ram_count, base, size, true);
}

static bool check_board(struct ctx *c)
{
	const struct scenario *s = c->s;
	const struct scn_board *b = &s->board;

	if (s->magic != SCN_MAGIC) {
		return fail(c, "/", "not a compiled mica scenario (bad magic)");
	}
	if (s->version != SCN_VERSION) {
		return fail(c, "/",
			    "scenario format version %u; this mica reads %u",
			    s->version, SCN_VERSION);
	}
	if (s->name[sizeof(s->name) - 1] != '\0') {
		return fail(c, "/", "model name is not terminated");
	}
	if (b->ram_count == 0 || b->ram_count > SCN_MAX_RAM) {
		return fail(c, "/board", "memory: %u ranges; 1 to %u allowed",
			    b->ram_count, SCN_MAX_RAM);
	}
	for (uint32_t i = 0; i < b->ram_count; i++) {
		if (!range_ok(b->ram[i].base, b->ram[i].size)) {
			return fail(
				c, "/board",
				"memory range %u (0x%lx, size 0x%lx) is empty, "
				"not page aligned or wraps",
				i, b->ram[i].base, b->ram[i].size);
		}
		for (uint32_t j = 0; j < i; j++) {
			if (overlaps(b->ram[i].base, b->ram[i].size,
				     b->ram[j].base, b->ram[j].size)) {
				return fail(c, "/board",
					    "memory ranges %u and %u overlap",
					    j, i);
			}
		}
	}
	if (!range_ok(b->hypervisor.base, b->hypervisor.size) ||
	    !in_ram(b, b->hypervisor.base, b->hypervisor.size)) {
		return fail(c, "/board",
			    "hypervisor memory 0x%lx size 0x%lx is not a page-"
			    "aligned range inside the board's RAM",
			    b->hypervisor.base, b->hypervisor.size);
	}
	if (b->payload.size != 0 &&
	    (!range_ok(b->payload.base, b->payload.size) ||
	     !in_ram(b, b->payload.base, b->payload.size) ||
	     overlaps(b->payload.base, b->payload.size, b->hypervisor.base,
		      b->hypervisor.size))) {
		return fail(c, "/board",
			    "the images (0x%lx, %lu bytes) do not fit in RAM "
			    "after the hypervisor",
			    b->payload.base, b->payload.size);
	}
	if (b->cpu_count == 0 || b->cpu_count > SCN_MAX_CPUS) {
		return fail(c, "/board", "cpus = %u; 1 to %u allowed",
			    b->cpu_count, SCN_MAX_CPUS);
	}
	if (!arch_scenario_check(&b->arch, c->err->msg, sizeof(c->err->msg))) {
		fmt_snprintf(c->err->path, sizeof(c->err->path), "/board");
		return false;
	}
	if (b->reserved_count > SCN_MAX_RESERVED) {
		return fail(c, "/board", "reserved: %u ranges; at most %u",
			    b->reserved_count, SCN_MAX_RESERVED);
	}
	for (uint32_t i = 0; i < b->reserved_count; i++) {
		if (b->reserved[i].base + b->reserved[i].size <=
		    b->reserved[i].base) {
			return fail(c, "/board",
				    "reserved range %u is empty or wraps", i);
		}
	}
	return true;
}

/* Writes p's path, or that of its node sub/node, to buf; returns buf. */
static const char *part_path(char buf[SCN_PATH_MAX],
			     const struct scn_partition *p, const char *sub,
			     const char *node)
{
	if (sub == NULL) {
		fmt_snprintf(buf, SCN_PATH_MAX, "/partitions/%s", p->name);
	} else {
		fmt_snprintf(buf, SCN_PATH_MAX, "/partitions/%s/%s/%s", p->name,
			     sub, node);
	}
	return buf;
}

static const char *vcpu_path(char buf[SCN_PATH_MAX],
			     const struct scn_partition *p, uint32_t i)
{
	fmt_snprintf(buf, SCN_PATH_MAX, "/partitions/%s/vcpus/vcpu%u", p->name,
		     i);
	return buf;
}

static bool check_vcpus(struct ctx *c, const struct scn_partition *p)
{
	char path[SCN_PATH_MAX];

	if (p->vcpu_count == 0 || p->vcpu_count > SCN_MAX_VCPUS) {
		return fail(c, part_path(path, p, NULL, NULL),
			    "%u vCPUs; 1 to %u allowed", p->vcpu_count,
			    SCN_MAX_VCPUS);
	}
	for (uint32_t i = 0; i < p->vcpu_count; i++) {
		const struct scn_vcpu *v = &p->vcpus[i];

		vcpu_path(path, p, i);
		if (v->cpu >= c->s->board.cpu_count) {
			return fail(c, path,
				    "cpu = %u, but the board has CPUs 0 to %u",
				    v->cpu, c->s->board.cpu_count - 1);
		}
		if (v->priority < SCN_PRIO_MIN || v->priority > SCN_PRIO_MAX) {
			return fail(c, path, "priority = %u; %u to %u allowed",
				    v->priority, SCN_PRIO_MIN, SCN_PRIO_MAX);
		}
		if ((v->budget_us == 0) != (v->period_us == 0)) {
			return fail(c, path,
				    "budget-us and period-us go together");
		}
		if (v->budget_us > v->period_us) {
			return fail(c, path,
				    "budget-us = %u exceeds period-us = %u",
				    v->budget_us, v->period_us);
		}
	}
	return true;
}

static bool check_regions(struct ctx *c, uint32_t pi)
{
	const struct scn_partition *p = &c->s->partitions[pi];
	const struct scn_board *b = &c->s->board;
	char path[SCN_PATH_MAX];

	if (p->region_count == 0 || p->region_count > SCN_MAX_REGIONS) {
		return fail(c, part_path(path, p, NULL, NULL),
			    "%u memory regions; 1 to %u allowed",
			    p->region_count, SCN_MAX_REGIONS);
	}
	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];

		if (!name_ok(r->node)) {
			return fail(c, part_path(path, p, NULL, NULL),
				    "memory region %u has a bad name", i);
		}
		part_path(path, p, "memory", r->node);
		for (uint32_t j = 0; j < i; j++) {
			if (names_equal(p->regions[j].node, r->node)) {
				return fail(c, path, "duplicate region name");
			}
		}
		if (!range_ok(r->ipa, r->size) || !range_ok(r->pa, r->size)) {
			return fail(c, path,
				    "ipa 0x%lx, phys 0x%lx, size 0x%lx: not "
				    "page aligned, empty or wrapping",
				    r->ipa, r->pa, r->size);
		}
		if (!in_ram(b, r->pa, r->size)) {
			return fail(
				c, path,
				"phys 0x%lx-0x%lx is outside the board's RAM",
				r->pa, r->pa + r->size - 1);
		}
		if (overlaps(r->pa, r->size, b->hypervisor.base,
			     b->hypervisor.size)) {
			return fail(
				c, path,
				"phys 0x%lx-0x%lx is inside the hypervisor's "
				"memory (0x%lx-0x%lx)",
				r->pa, r->pa + r->size - 1, b->hypervisor.base,
				b->hypervisor.base + b->hypervisor.size - 1);
		}
		if (overlaps(r->pa, r->size, b->payload.base,
			     b->payload.size)) {
			return fail(
				c, path,
				"phys 0x%lx-0x%lx overlaps the partition images "
				"loaded after the hypervisor (0x%lx-0x%lx)",
				r->pa, r->pa + r->size - 1, b->payload.base,
				b->payload.base + b->payload.size - 1);
		}
		if ((r->flags &
		     ~(uint32_t)(SCN_MEM_READ_ONLY | SCN_MEM_SHARED)) != 0) {
			return fail(c, path, "unknown flags 0x%x", r->flags);
		}
		if ((r->flags & SCN_MEM_SHARED) != 0 &&
		    (r->shared_with >= c->s->partition_count ||
		     r->shared_with == pi)) {
			return fail(c, path,
				    "shared-with names no other partition");
		}
		if (touches_vdev(r->ipa, r->size)) {
			return fail(c, path,
				    "ipa 0x%lx-0x%lx overlaps " VDEV_TEXT,
				    r->ipa, r->ipa + r->size - 1, VDEV_ARGS);
		}
		for (uint32_t j = 0; j < i; j++) {
			const struct scn_region *o = &p->regions[j];

			if (overlaps(r->ipa, r->size, o->ipa, o->size)) {
				return fail(c, path,
					    "ipa 0x%lx-0x%lx overlaps region %s",
					    r->ipa, r->ipa + r->size - 1,
					    o->node);
			}
			if (overlaps(r->pa, r->size, o->pa, o->size)) {
				return fail(c, path,
					    "phys overlaps region %s of the same "
					    "partition",
					    o->node);
			}
		}
	}
	return true;
}

/*
 * Devices: MMIO outside RAM and the hypervisor's reserved ranges;
 * interrupts the port lets a device own.
 */
static bool check_devices(struct ctx *c, const struct scn_partition *p)
{
	const struct scn_board *b = &c->s->board;
	char path[SCN_PATH_MAX];

	if (p->device_count > SCN_MAX_DEVICES) {
		return fail(c, part_path(path, p, NULL, NULL),
			    "%u devices; at most %u", p->device_count,
			    SCN_MAX_DEVICES);
	}
	for (uint32_t i = 0; i < p->device_count; i++) {
		const struct scn_device *d = &p->devices[i];
		uint64_t base = d->mmio.base - d->mmio.base % PAGE;
		uint64_t end = d->mmio.base + d->mmio.size;
		uint64_t last = end - 1; /* for messages */

		if (!name_ok(d->node)) {
			return fail(c, part_path(path, p, NULL, NULL),
				    "device %u has a bad name", i);
		}
		part_path(path, p, "devices", d->node);
		for (uint32_t j = 0; j < i; j++) {
			if (names_equal(p->devices[j].node, d->node)) {
				return fail(c, path, "duplicate device name");
			}
		}
		if (end <= d->mmio.base || end > UINT64_MAX - PAGE) {
			return fail(c, path, "reg is empty or wraps");
		}
		end = (end + PAGE - 1) / PAGE * PAGE;
		if (in_ranges(b->ram, b->ram_count, base, end - base, false)) {
			return fail(c, path, "reg 0x%lx-0x%lx is RAM, not MMIO",
				    d->mmio.base, last);
		}
		if (touches_vdev(base, end - base)) {
			return fail(c, path,
				    "mmio 0x%lx-0x%lx is in " VDEV_TEXT,
				    d->mmio.base, last, VDEV_ARGS);
		}
		if (in_ranges(b->reserved, b->reserved_count, base, end - base,
			      false)) {
			return fail(c, path,
				    "reg 0x%lx-0x%lx is reserved for the "
				    "hypervisor",
				    d->mmio.base, last);
		}
		if (d->irq_count > SCN_MAX_DEVICE_IRQS) {
			return fail(c, path, "%u interrupts; 0 to %u allowed",
				    d->irq_count, SCN_MAX_DEVICE_IRQS);
		}
		for (uint32_t k = 0; k < d->irq_count; k++) {
			if (d->irqs[k] < SCN_IRQ_MIN ||
			    d->irqs[k] > SCN_IRQ_MAX) {
				return fail(c, path,
					    "interrupt %u is not an " SCN_IRQ_KIND
					    " (%u to %u)",
					    d->irqs[k], SCN_IRQ_MIN,
					    SCN_IRQ_MAX);
			}
		}
	}
	return true;
}

/* Whether [ipa, ipa+size) is inside (whole) or touches one region of p. */
static bool in_regions(const struct scn_partition *p, uint64_t ipa,
		       uint64_t size, bool whole)
{
	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];

		if (whole ? inside(ipa, size, r->ipa, r->size) :
			    overlaps(ipa, size, r->ipa, r->size)) {
			return true;
		}
	}
	return false;
}

static bool check_image(struct ctx *c, const struct scn_partition *p)
{
	const struct scn_image *im = &p->image;
	bool guest = p->kind == SCN_KIND_GUEST_OS; /* else native */
	char path[SCN_PATH_MAX];
	const struct {
		const char *what;
		uint64_t ipa;
		uint64_t size;
	} parts[3] = {
		{ "image", im->load_ipa, im->blob_size },
		{ "initramfs", im->initrd_ipa, im->initrd_size },
		{ "device tree", im->dtb_ipa, im->dtb_size },
	};

	fmt_snprintf(path, sizeof(path), "/partitions/%s/image", p->name);
	if (im->kind == SCN_IMAGE_NONE) {
		return true;
	}
	if (guest ? im->kind != SCN_IMAGE_LINUX && im->kind != SCN_IMAGE_RAW :
		    im->kind != SCN_IMAGE_ELF) {
		return fail(c, path, "a %s partition needs %s",
			    guest ? "guest-os" : "native",
			    guest ? "kernel or raw" : "elf");
	}
	if (im->blob_size == 0) {
		return fail(c, path, "the image is empty");
	}
	for (unsigned i = 0; i < 3; i++) {
		if (parts[i].size == 0) {
			continue;
		}
		if (parts[i].ipa + parts[i].size < parts[i].ipa ||
		    !in_regions(p, parts[i].ipa, parts[i].size, true)) {
			return fail(c, path,
				    "the %s (%lu bytes at 0x%lx) does not fit "
				    "in the partition's memory",
				    parts[i].what, parts[i].size, parts[i].ipa);
		}
		for (unsigned j = 0; j < i; j++) {
			if (parts[j].size != 0 &&
			    overlaps(parts[i].ipa, parts[i].size, parts[j].ipa,
				     parts[j].size)) {
				return fail(c, path, "the %s overlaps the %s",
					    parts[i].what, parts[j].what);
			}
		}
	}
	if (im->entry_ipa < im->load_ipa ||
	    im->entry_ipa >= im->load_ipa + im->blob_size) {
		return fail(c, path, "entry 0x%lx is outside the image",
			    im->entry_ipa);
	}
	return true;
}

/* An updatable partition's own rules; where its memory is: check_standby. */
static bool check_update(struct ctx *c, const struct scn_partition *p)
{
	const struct scn_update *u = &p->update;
	uint32_t lowest = SCN_PRIO_MAX + 1;
	uint32_t n = 0;
	char path[SCN_PATH_MAX];

	if ((p->flags & SCN_PART_UPDATABLE) == 0) {
		return true;
	}
	fmt_snprintf(path, sizeof(path), "/partitions/%s/update", p->name);
	for (const struct scn_partition *q = c->s->partitions; q <= p; q++) {
		n += (q->flags & SCN_PART_UPDATABLE) != 0;
	}
	if (n > SCN_MAX_UPDATABLE) {
		return fail(c, path, "more than %u updatable partitions",
			    SCN_MAX_UPDATABLE);
	}
	if (p->kind != SCN_KIND_NATIVE) {
		return fail(c, path, "only native partitions are updatable");
	}
	for (uint32_t i = 0; i < p->vcpu_count; i++) {
		lowest = p->vcpus[i].priority < lowest ? p->vcpus[i].priority :
							 lowest;
	}
	if (u->standby_priority < SCN_PRIO_MIN ||
	    u->standby_priority >= lowest) {
		return fail(c, path,
			    "standby-priority = %u; %u to %u allowed (below "
			    "the partition's vCPUs)",
			    u->standby_priority, SCN_PRIO_MIN, lowest - 1);
	}
	if (u->deadline_ms == 0 || u->deadline_ms > SCN_UPDATE_MS_MAX ||
	    u->probation_ms > SCN_UPDATE_MS_MAX) {
		return fail(c, path,
			    "deadline-ms = %u, probation-ms = %u; 1 and 0 to "
			    "%u allowed",
			    u->deadline_ms, u->probation_ms, SCN_UPDATE_MS_MAX);
	}
	for (uint32_t i = 0; i < p->region_count; i++) {
		if ((p->regions[i].flags & SCN_MEM_SHARED) != 0) {
			return fail(c, path,
				    "region %s is shared; an updatable "
				    "partition's memory must be its own",
				    p->regions[i].node);
		}
	}
	return true;
}

static bool check_partition(struct ctx *c, uint32_t pi)
{
	const struct scn_partition *p = &c->s->partitions[pi];
	char path[SCN_PATH_MAX];

	if (!name_ok(p->name)) {
		return fail(c, "/partitions", "partition %u has a bad name",
			    pi);
	}
	part_path(path, p, NULL, NULL);
	for (uint32_t j = 0; j < pi; j++) {
		if (names_equal(c->s->partitions[j].name, p->name)) {
			return fail(c, path, "duplicate partition name");
		}
	}
	if (p->kind != SCN_KIND_GUEST_OS && p->kind != SCN_KIND_NATIVE) {
		return fail(c, path, "kind %u is neither guest-os nor native",
			    p->kind);
	}
	if (p->fault_policy < SCN_FAULT_STOP ||
	    p->fault_policy > SCN_FAULT_LOG) {
		return fail(c, path,
			    "fault-policy %u is not stop, restart or log",
			    p->fault_policy);
	}
	if (p->restart_max > SCN_MAX_RESTARTS) {
		return fail(c, path, "restart-limit of %u restarts; at most %u",
			    p->restart_max, SCN_MAX_RESTARTS);
	}
	if (p->restart_max != 0 &&
	    (p->restart_window_ms == 0 ||
	     p->restart_window_ms > SCN_RESTART_WINDOW_MAX_MS)) {
		return fail(c, path,
			    "restart-limit window %u ms; 1 to %u allowed",
			    p->restart_window_ms, SCN_RESTART_WINDOW_MAX_MS);
	}
	if ((p->flags & ~SCN_PART_FLAGS) != 0) {
		return fail(c, path, "unknown flags 0x%x", p->flags);
	}
	for (uint32_t j = 0; j < pi; j++) {
		if ((p->flags & c->s->partitions[j].flags &
		     SCN_PART_SECURE_INPUT) != 0) {
			return fail(c, path,
				    "secure-input: partition %s has it already; "
				    "one at most, for the secure attention key",
				    c->s->partitions[j].name);
		}
	}
	return check_vcpus(c, p) && check_regions(c, pi) &&
	       check_devices(c, p) && check_image(c, p) && check_update(c, p);
}

/* Whether region r is declared shared with partition qi. */
static bool shared_with(const struct scn_region *r, uint32_t qi)
{
	return (r->flags & SCN_MEM_SHARED) != 0 && r->shared_with == qi;
}

/* Partitions pi and qi: their memory disjoint, or shared with each other. */
static bool check_pair_sharing(struct ctx *c, uint32_t pi, uint32_t qi)
{
	const struct scn_partition *p = &c->s->partitions[pi];
	const struct scn_partition *q = &c->s->partitions[qi];
	char path[SCN_PATH_MAX];

	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];

		for (uint32_t j = 0; j < q->region_count; j++) {
			const struct scn_region *o = &q->regions[j];

			if (overlaps(r->pa, r->size, o->pa, o->size) &&
			    !(shared_with(r, qi) && shared_with(o, pi))) {
				return fail(c,
					    part_path(path, p, "memory",
						      r->node),
					    "overlaps /partitions/%s/memory/%s "
					    "(0x%lx-0x%lx) and they are not "
					    "declared shared with each other",
					    q->name, o->node, o->pa,
					    o->pa + o->size - 1);
			}
		}
	}
	return true;
}

static bool check_sharing(struct ctx *c)
{
	for (uint32_t pi = 0; pi < c->s->partition_count; pi++) {
		for (uint32_t qi = 0; qi < pi; qi++) {
			if (!check_pair_sharing(c, pi, qi)) {
				return false;
			}
		}
	}
	return true;
}

/* Whether irq is one of the n interrupts in irqs. */
static bool irq_in(const uint32_t *irqs, uint32_t n, uint32_t irq)
{
	for (uint32_t i = 0; i < n; i++) {
		if (irqs[i] == irq) {
			return true;
		}
	}
	return false;
}

/* Whether MMIO ranges a and b share a page. */
static bool share_page(const struct scn_range *a, const struct scn_range *b)
{
	return a->base / PAGE < (b->base + b->size + PAGE - 1) / PAGE &&
	       b->base / PAGE < (a->base + a->size + PAGE - 1) / PAGE;
}

/*
 * Device d (at path) shares no page and no interrupt with q's devices: those
 * before d when d is one of them, else all.
 */
static bool check_apart(struct ctx *c, const char *path,
			const struct scn_device *d,
			const struct scn_partition *q)
{
	for (uint32_t j = 0; j < q->device_count && &q->devices[j] != d; j++) {
		const struct scn_device *o = &q->devices[j];

		if (share_page(&d->mmio, &o->mmio)) {
			return fail(c, path,
				    "MMIO 0x%lx-0x%lx shares a 4 KiB "
				    "page with /partitions/%s/devices/%s",
				    d->mmio.base,
				    d->mmio.base + d->mmio.size - 1, q->name,
				    o->node);
		}
		for (uint32_t k = 0; k < d->irq_count; k++) {
			if (irq_in(o->irqs, o->irq_count, d->irqs[k])) {
				return fail(c, path,
					    "interrupt %u is owned by "
					    "/partitions/%s/devices/%s too",
					    d->irqs[k], q->name, o->node);
			}
		}
	}
	return true;
}

/* Each MMIO page and each interrupt belongs to one device of one partition. */
static bool check_ownership(struct ctx *c)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];

	for (uint32_t pi = 0; pi < s->partition_count; pi++) {
		const struct scn_partition *p = &s->partitions[pi];

		for (uint32_t i = 0; i < p->device_count; i++) {
			const struct scn_device *d = &p->devices[i];

			part_path(path, p, "devices", d->node);
			for (uint32_t qi = 0; qi <= pi; qi++) {
				if (!check_apart(c, path, d,
						 &s->partitions[qi])) {
					return false;
				}
			}
			/* Repeats inside one device's own list. */
			for (uint32_t k = 0; k < d->irq_count; k++) {
				if (irq_in(d->irqs, k, d->irqs[k])) {
					return fail(
						c, path,
						"interrupt %u is listed twice",
						d->irqs[k]);
				}
			}
		}
	}
	return true;
}

/*
 * At most SCN_MAX_CPU_VCPUS vCPUs on one CPU: its scheduler's queue. An
 * updatable partition's vCPUs count twice: its standby's are placed there
 * too.
 */
static bool check_cpu_load(struct ctx *c)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];

	for (uint32_t cpu = 0; cpu < s->board.cpu_count; cpu++) {
		uint32_t n = 0;

		for (uint32_t pi = 0; pi < s->partition_count; pi++) {
			const struct scn_partition *p = &s->partitions[pi];

			for (uint32_t i = 0; i < p->vcpu_count; i++) {
				if (p->vcpus[i].cpu != cpu) {
					continue;
				}
				n += (p->flags & SCN_PART_UPDATABLE) != 0 ? 2 :
									    1;
				if (n <= SCN_MAX_CPU_VCPUS) {
					continue;
				}
				return fail(c, vcpu_path(path, p, i),
					    "overfills CPU %u: at most %u vCPUs "
					    "share a CPU",
					    cpu, SCN_MAX_CPU_VCPUS);
			}
		}
	}
	return true;
}

/*
 * Why direct vCPU i of p cannot be had (docs/direct.md), or NULL, beyond
 * what the port refuses. Its partition takes no virtual interrupt at all
 * while it runs: none from another vCPU, no doorbell, no forwarded device
 * line.
 */
static const char *direct_refusal(const struct scenario *s, uint32_t pi,
				  uint32_t i)
{
	const struct scn_partition *p = &s->partitions[pi];
	uint32_t n = 0;

	if (p->vcpu_count != 1) {
		return "direct needs a partition of one vCPU (interrupts "
		       "between its vCPUs would be virtual, never taken)";
	}
	for (uint32_t j = 0; j < p->device_count; j++) {
		if (p->devices[j].irq_count != 0) {
			return "direct does not deliver device interrupts yet: "
			       "its devices may have no irqs";
		}
	}
	for (uint32_t j = 0; j < s->channel_count; j++) {
		if (s->channels[j].a == pi || s->channels[j].b == pi) {
			return "direct takes no doorbell: its partition may "
			       "have no channel";
		}
	}
	for (uint32_t pj = 0; pj < s->partition_count; pj++) {
		for (uint32_t j = 0; j < s->partitions[pj].vcpu_count; j++) {
			n += s->partitions[pj].vcpus[j].cpu == p->vcpus[i].cpu;
		}
	}
	/* An updatable partition's standby shares its CPUs. */
	return n > 1 || (p->flags & SCN_PART_UPDATABLE) != 0 ?
		       "direct needs its CPU alone; another vCPU shares it" :
		       NULL;
}

/* Direct vCPUs (SCN_VCPU_DIRECT): only where direct_refusal() has none. */
static bool check_direct(struct ctx *c)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];

	for (uint32_t pi = 0; pi < s->partition_count; pi++) {
		const struct scn_partition *p = &s->partitions[pi];

		for (uint32_t i = 0; i < p->vcpu_count; i++) {
			uint32_t f = p->vcpus[i].flags;
			const char *why = direct_refusal(s, pi, i);

			vcpu_path(path, p, i);
			if ((f & ~(SCN_VCPU_DIRECT | SCN_VCPU_DIRECT_ACK)) !=
				    0 ||
			    f == SCN_VCPU_DIRECT_ACK) {
				return fail(c, path,
					    "flags 0x%x; direct-ack-apr goes "
					    "with direct",
					    f);
			}
			if ((f & SCN_VCPU_DIRECT) == 0) {
				continue;
			}
			if (!arch_scenario_direct_ok(&s->board.arch,
						     (f &
						      SCN_VCPU_DIRECT_ACK) != 0,
						     c->err->msg,
						     sizeof(c->err->msg))) {
				fmt_snprintf(c->err->path, sizeof(c->err->path),
					     "%s", path);
				return false;
			}
			if (why != NULL) {
				return fail(c, path, "%s", why);
			}
		}
	}
	return true;
}

/* Budgets on one CPU sum to at most 100 %, counted in parts per million. */
static bool check_budgets(struct ctx *c)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];

	for (uint32_t cpu = 0; cpu < s->board.cpu_count; cpu++) {
		uint64_t ppm = 0;

		for (uint32_t pi = 0; pi < s->partition_count; pi++) {
			const struct scn_partition *p = &s->partitions[pi];

			for (uint32_t i = 0; i < p->vcpu_count; i++) {
				const struct scn_vcpu *v = &p->vcpus[i];

				if (v->cpu != cpu || v->period_us == 0) {
					continue;
				}
				/* Rounded up: an overcommit is never hidden. */
				ppm += ((uint64_t)v->budget_us * PPM +
					v->period_us - 1) /
				       v->period_us;
				if (ppm > PPM) {
					return fail(
						c, vcpu_path(path, p, i),
						"overcommits CPU %u: the budgets "
						"on it add up to more than 100%%",
						cpu);
				}
			}
		}
	}
	return true;
}

/* Whether [ipa, ipa+size) collides with partition pi's memory or channels. */
static bool ipa_taken(const struct scenario *s, uint32_t pi, uint64_t ipa,
		      uint64_t size, uint32_t before_channel)
{
	if (in_regions(&s->partitions[pi], ipa, size, false)) {
		return true;
	}
	for (uint32_t i = 0; i < before_channel; i++) {
		const struct scn_channel *o = &s->channels[i];

		if ((o->a == pi && overlaps(ipa, size, o->ipa_a, o->size)) ||
		    (o->b == pi && overlaps(ipa, size, o->ipa_b, o->size))) {
			return true;
		}
	}
	return false;
}

/* Whether irq is one of partition pi's device interrupts or doorbells. */
static bool irq_taken(const struct scenario *s, uint32_t pi, uint32_t irq,
		      uint32_t before_channel)
{
	const struct scn_partition *p = &s->partitions[pi];

	for (uint32_t i = 0; i < p->device_count; i++) {
		if (irq_in(p->devices[i].irqs, p->devices[i].irq_count, irq)) {
			return true;
		}
	}
	for (uint32_t i = 0; i < before_channel; i++) {
		const struct scn_channel *o = &s->channels[i];

		if ((o->a == pi && o->doorbell_a == irq) ||
		    (o->b == pi && o->doorbell_b == irq)) {
			return true;
		}
	}
	return false;
}

static bool check_channels(struct ctx *c)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];

	if (s->channel_count > SCN_MAX_CHANNELS) {
		return fail(c, "/channels", "%u channels; at most %u",
			    s->channel_count, SCN_MAX_CHANNELS);
	}
	for (uint32_t i = 0; i < s->channel_count; i++) {
		const struct scn_channel *ch = &s->channels[i];

		if (!name_ok(ch->name)) {
			return fail(c, "/channels", "channel %u has a bad name",
				    i);
		}
		fmt_snprintf(path, sizeof(path), "/channels/%s", ch->name);
		for (uint32_t j = 0; j < i; j++) {
			if (names_equal(s->channels[j].name, ch->name)) {
				return fail(c, path, "duplicate channel name");
			}
		}
		if (ch->a >= s->partition_count ||
		    ch->b >= s->partition_count) {
			return fail(c, path,
				    "between names a partition that does "
				    "not exist");
		}
		if (ch->a == ch->b) {
			return fail(c, path, "both ends are partition %s",
				    s->partitions[ch->a].name);
		}
		if (ch->direction < SCN_DIR_BOTH ||
		    ch->direction > SCN_DIR_B_TO_A) {
			return fail(c, path,
				    "direction %u is not both, a-to-b or "
				    "b-to-a",
				    ch->direction);
		}
		if (!range_ok(ch->pa, ch->size) ||
		    !in_ram(&s->board, ch->pa, ch->size) ||
		    overlaps(ch->pa, ch->size, s->board.hypervisor.base,
			     s->board.hypervisor.size) ||
		    overlaps(ch->pa, ch->size, s->board.payload.base,
			     s->board.payload.size)) {
			return fail(c, path,
				    "shared memory 0x%lx size 0x%lx is "
				    "not page-aligned partition RAM",
				    ch->pa, ch->size);
		}
		for (uint32_t pi = 0; pi < s->partition_count; pi++) {
			const struct scn_partition *p = &s->partitions[pi];

			for (uint32_t r = 0; r < p->region_count; r++) {
				if (overlaps(ch->pa, ch->size, p->regions[r].pa,
					     p->regions[r].size)) {
					return fail(c, path,
						    "shared memory overlaps "
						    "/partitions/%s/memory/%s",
						    p->name,
						    p->regions[r].node);
				}
			}
		}
		for (uint32_t j = 0; j < i; j++) {
			if (overlaps(ch->pa, ch->size, s->channels[j].pa,
				     s->channels[j].size)) {
				return fail(c, path,
					    "shared memory overlaps "
					    "/channels/%s",
					    s->channels[j].name);
			}
		}
		if (!range_ok(ch->ipa_a, ch->size) ||
		    !range_ok(ch->ipa_b, ch->size) ||
		    ipa_taken(s, ch->a, ch->ipa_a, ch->size, i) ||
		    ipa_taken(s, ch->b, ch->ipa_b, ch->size, i) ||
		    touches_vdev(ch->ipa_a, ch->size) ||
		    touches_vdev(ch->ipa_b, ch->size)) {
			return fail(
				c, path,
				"ipa collides with memory, another "
				"channel or the emulated devices of a partition "
				"it connects");
		}
		if (ch->doorbell_a < SCN_IRQ_MIN ||
		    ch->doorbell_a > SCN_IRQ_MAX ||
		    ch->doorbell_b < SCN_IRQ_MIN ||
		    ch->doorbell_b > SCN_IRQ_MAX) {
			return fail(c, path,
				    "doorbells must be " SCN_IRQ_KIND
				    "s (%u to %u)",
				    SCN_IRQ_MIN, SCN_IRQ_MAX);
		}
		if (irq_taken(s, ch->a, ch->doorbell_a, i) ||
		    irq_taken(s, ch->b, ch->doorbell_b, i)) {
			return fail(c, path,
				    "a doorbell is already an interrupt "
				    "of the partition it rings");
		}
		/* Two parts of whole pages (include/mica/channel.h). */
		if (ch->size < 2 * (uint64_t)PAGE ||
		    (ch->direction == SCN_DIR_BOTH &&
		     ch->size % (2 * (uint64_t)PAGE) != 0)) {
			return fail(c, path,
				    "size 0x%lx: at least 8 KiB, a multiple "
				    "of 8 KiB both ways",
				    ch->size);
		}
	}
	return true;
}

bool scenario_update_range(const struct scn_partition *p, uint32_t k,
			   uint64_t *base, uint64_t *size)
{
	const struct scn_update *u = &p->update;

	if ((p->flags & SCN_PART_UPDATABLE) == 0 || k >= p->region_count + 2) {
		return false;
	}
	*base = k < p->region_count ? u->standby_pa[k] :
				      u->slot_pa[k - p->region_count];
	*size = k < p->region_count ? p->regions[k].size : u->image_size;
	return true;
}

/*
 * [base, base+size), the k-th update range of partition pi, against the
 * board, every region and channel, and the update ranges before it.
 */
static bool check_update_range(struct ctx *c, uint32_t pi, uint32_t k,
			       uint64_t base, uint64_t size)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];
	uint64_t ob;
	uint64_t os;
	bool clash = false;

	fmt_snprintf(path, sizeof(path), "/partitions/%s/update",
		     s->partitions[pi].name);
	if (size == 0 || !range_ok(base, size) ||
	    !in_ram(&s->board, base, size) ||
	    overlaps(base, size, s->board.hypervisor.base,
		     s->board.hypervisor.size) ||
	    overlaps(base, size, s->board.payload.base,
		     s->board.payload.size)) {
		return fail(c, path,
			    "standby memory or image slot 0x%lx size 0x%lx "
			    "is not page-aligned partition RAM",
			    base, size);
	}
	for (uint32_t qi = 0; qi < s->partition_count && !clash; qi++) {
		const struct scn_partition *q = &s->partitions[qi];

		for (uint32_t j = 0; j < q->region_count && !clash; j++) {
			clash = overlaps(base, size, q->regions[j].pa,
					 q->regions[j].size);
		}
		for (uint32_t j = 0;
		     (qi < pi || (qi == pi && j < k)) &&
		     scenario_update_range(q, j, &ob, &os) && !clash;
		     j++) {
			clash = overlaps(base, size, ob, os);
		}
	}
	for (uint32_t i = 0; i < s->channel_count && !clash; i++) {
		clash = overlaps(base, size, s->channels[i].pa,
				 s->channels[i].size);
	}
	if (clash) {
		return fail(c, path,
			    "standby memory or image slot 0x%lx size 0x%lx "
			    "overlaps other memory of the scenario",
			    base, size);
	}
	return true;
}

static bool check_standby(struct ctx *c)
{
	for (uint32_t pi = 0; pi < c->s->partition_count; pi++) {
		uint64_t base;
		uint64_t size;

		for (uint32_t k = 0;
		     scenario_update_range(&c->s->partitions[pi], k, &base,
					   &size);
		     k++) {
			if (!check_update_range(c, pi, k, base, size)) {
				return false;
			}
		}
	}
	return true;
}

static bool check_rights(struct ctx *c)
{
	const struct scenario *s = c->s;
	char path[SCN_PATH_MAX];

	if (s->right_count > SCN_MAX_RIGHTS) {
		return fail(c, "/rights", "%u rights; at most %u",
			    s->right_count, SCN_MAX_RIGHTS);
	}
	for (uint32_t i = 0; i < s->right_count; i++) {
		const struct scn_right *r = &s->rights[i];

		if (!name_ok(r->name)) {
			return fail(c, "/rights", "right %u has a bad name", i);
		}
		fmt_snprintf(path, sizeof(path), "/rights/%s", r->name);
		for (uint32_t j = 0; j < i; j++) {
			if (names_equal(s->rights[j].name, r->name)) {
				return fail(c, path, "duplicate right name");
			}
		}
		if (r->subject >= s->partition_count ||
		    r->object >= s->partition_count) {
			return fail(c, path,
				    "names a partition that does not exist");
		}
		if (r->subject == r->object) {
			return fail(c, path,
				    "a partition's rights over itself are "
				    "not granted this way");
		}
		if (r->allow == 0 || (r->allow & ~SCN_RIGHT_ALL) != 0) {
			return fail(c, path,
				    "allow must be some of start, stop, "
				    "stage, switch, wipe");
		}
	}
	return true;
}

bool scenario_check(const struct scenario *s, struct scn_error *err)
{
	struct ctx c = { .s = s, .err = err };

	err->path[0] = '\0';
	err->msg[0] = '\0';
	if (!check_board(&c)) {
		return false;
	}
	if (s->partition_count == 0 ||
	    s->partition_count > SCN_MAX_PARTITIONS) {
		return fail(&c, "/partitions", "%u partitions; 1 to %u allowed",
			    s->partition_count, SCN_MAX_PARTITIONS);
	}
	for (uint32_t i = 0; i < s->partition_count; i++) {
		if (!check_partition(&c, i)) {
			return false;
		}
	}
	return check_sharing(&c) && check_ownership(&c) && check_cpu_load(&c) &&
	       check_budgets(&c) && check_channels(&c) && check_standby(&c) &&
	       check_rights(&c) && check_direct(&c);
}
