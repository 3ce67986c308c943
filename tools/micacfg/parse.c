// SPDX-License-Identifier: Apache-2.0
/*
 * Scenario source (compiled by dtc) to struct cfg, with libfdt. The blob is
 * validated whole with fdt_check_full() before any walk, so a malformed,
 * truncated or hostile blob gives an error, never a bad read. Every node
 * and property is checked against the schema of docs/scenario.md: unknown
 * ones, wrong lengths and wrong types are errors that name the node.
 * Phandles are never followed, so cycles of them cannot matter. Values
 * are read with fdt32_ld() and memcpy(): nothing makes a blob's structure
 * block 4-byte aligned.
 */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"

struct parser {
	const void *fdt;
	struct cfg *cfg;
	struct scn_error *err;
	char path[SCN_PATH_MAX]; /* node being read */
};

static bool fail(struct parser *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool fail(struct parser *p, const char *fmt, ...)
{
	va_list ap;

	snprintf(p->err->path, sizeof(p->err->path), "%s", p->path);
	va_start(ap, fmt);
	vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* Sets p->path to the path of node (for messages). */
static void set_path(struct parser *p, int node)
{
	if (fdt_get_path(p->fdt, node, p->path, sizeof(p->path)) != 0) {
		snprintf(p->path, sizeof(p->path), "(node at offset %d)", node);
	}
}

/* Node name without its unit address, into out; false if too long or empty. */
static bool base_name(const char *name, char *out, size_t out_size)
{
	size_t n = strcspn(name, "@");

	if (n == 0 || n >= out_size) {
		return false;
	}
	memcpy(out, name, n);
	out[n] = '\0';
	for (size_t i = 0; i < n; i++) {
		char c = out[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		      c == '-')) {
			return false;
		}
	}
	return true;
}

/*
 * The name of node (a partition, region, device, channel or right: `what`)
 * into out, which holds SCN_NAME_MAX bytes; fails naming the rule if the
 * node's name does not follow it.
 */
static bool node_name(struct parser *p, int node, const char *what, char *out)
{
	if (!base_name(fdt_get_name(p->fdt, node, NULL), out, SCN_NAME_MAX)) {
		return fail(p, "%s names are 1 to %u of [a-z0-9-]", what,
			    SCN_NAME_MAX - 1);
	}
	return true;
}

/* Fails on any property of node not in the NULL-terminated list `allowed`. */
static bool only_props(struct parser *p, int node, const char *const *allowed)
{
	int prop;

	fdt_for_each_property_offset(prop, p->fdt, node)
	{
		const char *name;
		bool ok = false;

		if (fdt_getprop_by_offset(p->fdt, prop, &name, NULL) == NULL) {
			return fail(p, "unreadable property");
		}
		/* dtc adds these for labelled nodes; they mean nothing here. */
		if (strcmp(name, "phandle") == 0 ||
		    strcmp(name, "linux,phandle") == 0) {
			continue;
		}
		for (unsigned i = 0; allowed[i] != NULL; i++) {
			ok = ok || strcmp(name, allowed[i]) == 0;
		}
		if (!ok) {
			return fail(p, "unknown property \"%s\"", name);
		}
	}
	return true;
}

/*
 * Fails on any subnode of node whose base name is not in `allowed` (at most
 * 32 names), or repeats one: libfdt finds "memory" and "memory@1" alike, so
 * the second of two would be silently ignored.
 */
static bool only_nodes(struct parser *p, int node, const char *const *allowed)
{
	uint32_t seen = 0;
	int sub;

	fdt_for_each_subnode(sub, p->fdt, node)
	{
		const char *name = fdt_get_name(p->fdt, sub, NULL);
		size_t n = name != NULL ? strcspn(name, "@") : 0;
		unsigned i;

		for (i = 0; name != NULL && allowed[i] != NULL; i++) {
			if (strlen(allowed[i]) == n &&
			    strncmp(name, allowed[i], n) == 0) {
				break;
			}
		}
		if (name == NULL || allowed[i] == NULL) {
			return fail(p, "unknown node \"%s\"",
				    name != NULL ? name : "?");
		}
		if ((seen & (1u << i)) != 0) {
			return fail(p, "node \"%s\" repeats \"%s\"", name,
				    allowed[i]);
		}
		seen |= 1u << i;
	}
	return true;
}

static const void *prop(struct parser *p, int node, const char *name, int *len)
{
	return fdt_getprop(p->fdt, node, name, len);
}

/* A single string property; absent = false without error if !required. */
static bool get_string(struct parser *p, int node, const char *name,
		       bool required, char *out, size_t out_size, bool *found)
{
	int len;
	const char *v = prop(p, node, name, &len);

	*found = v != NULL;
	if (v == NULL) {
		return required ? fail(p, "missing property \"%s\"", name) :
				  true;
	}
	if (len < 1 || v[len - 1] != '\0' || strlen(v) + 1 != (size_t)len) {
		return fail(p, "\"%s\" must be one string", name);
	}
	if ((size_t)len > out_size) {
		return fail(p, "\"%s\" is longer than %zu characters", name,
			    out_size - 1);
	}
	memcpy(out, v, (size_t)len);
	return true;
}

static bool get_u32(struct parser *p, int node, const char *name, bool required,
		    uint32_t *out, bool *found)
{
	int len;
	const fdt32_t *v = prop(p, node, name, &len);

	*found = v != NULL;
	if (v == NULL) {
		return required ? fail(p, "missing property \"%s\"", name) :
				  true;
	}
	if (len != 4) {
		return fail(p, "\"%s\" must be one cell (<n>), is %d bytes",
			    name, len);
	}
	*out = fdt32_ld(v);
	return true;
}

/* An empty property: when present, flag is set in *flags. */
static bool get_flag(struct parser *p, int node, const char *name,
		     uint32_t flag, uint32_t *flags)
{
	int len;

	if (prop(p, node, name, &len) == NULL) {
		return true;
	}
	if (len != 0) {
		return fail(p, "\"%s\" takes no value", name);
	}
	*flags |= flag;
	return true;
}

/* A list of 64-bit (two-cell) values: count in [min, max], into out. */
static bool get_u64s(struct parser *p, int node, const char *name, unsigned min,
		     unsigned max, uint64_t *out, unsigned *count)
{
	int len;
	const uint8_t *v = prop(p, node, name, &len);

	*count = 0;
	if (v == NULL) {
		return min == 0 ? true :
				  fail(p, "missing property \"%s\"", name);
	}
	if (len % 8 != 0 || (unsigned)len / 8 < min ||
	    (unsigned)len / 8 > max) {
		return fail(p,
			    "\"%s\" must hold %u to %u values of two cells "
			    "(<hi lo>), holds %d bytes",
			    name, min, max, len);
	}
	for (int i = 0; i < len / 8; i++) {
		fdt64_t x;

		memcpy(&x, v + 8 * i, 8);
		out[i] = fdt64_to_cpu(x);
	}
	*count = (unsigned)len / 8;
	return true;
}

static bool get_u64(struct parser *p, int node, const char *name, bool required,
		    uint64_t *out, bool *found)
{
	unsigned n;

	if (!get_u64s(p, node, name, required ? 1 : 0, 1, out, &n)) {
		return false;
	}
	*found = n == 1;
	return true;
}

/* Index of the partition named `name`; fails naming it if there is none. */
static bool find_partition(struct parser *p, const char *what, const char *name,
			   uint8_t *out)
{
	const struct scenario *s = &p->cfg->scn;

	for (uint32_t i = 0; i < s->partition_count; i++) {
		if (strcmp(s->partitions[i].name, name) == 0) {
			*out = (uint8_t)i;
			return true;
		}
	}
	return fail(p, "%s \"%s\" is not a partition", what, name);
}

static bool parse_root(struct parser *p)
{
	static const char *const props[] = { "compatible", "model",
					     "#address-cells", "#size-cells",
					     NULL };
	static const char *const nodes[] = { "board", "partitions", "channels",
					     "rights", NULL };
	char compat[32];
	uint32_t cells;
	bool found;

	set_path(p, 0);
	if (!only_props(p, 0, props) || !only_nodes(p, 0, nodes) ||
	    !get_string(p, 0, "compatible", true, compat, sizeof(compat),
			&found)) {
		return false;
	}
	if (strcmp(compat, "mica,scenario-1") != 0) {
		return fail(p, "compatible is \"%s\", not \"mica,scenario-1\"",
			    compat);
	}
	if (!get_string(p, 0, "model", true, p->cfg->scn.name,
			sizeof(p->cfg->scn.name), &found)) {
		return false;
	}
	if (!get_u32(p, 0, "#address-cells", true, &cells, &found)) {
		return false;
	}
	if (cells != 2) {
		return fail(p, "#address-cells must be 2");
	}
	if (!get_u32(p, 0, "#size-cells", true, &cells, &found)) {
		return false;
	}
	if (cells != 2) {
		return fail(p, "#size-cells must be 2");
	}
	return true;
}

static bool parse_board(struct parser *p)
{
	static const char *const props[] = { "platform", "memory", "hypervisor",
					     "cpus",	 "gic",	   "reserved",
					     NULL };
	static const char *const none[] = { NULL };
	struct scn_board *b = &p->cfg->scn.board;
	uint64_t v[2 * SCN_MAX_RAM];
	unsigned n;
	bool found;
	int node = fdt_subnode_offset(p->fdt, 0, "board");

	if (node < 0) {
		return fail(p, "missing node \"board\"");
	}
	set_path(p, node);
	if (!only_props(p, node, props) || !only_nodes(p, node, none) ||
	    !get_string(p, node, "platform", true, b->platform,
			sizeof(b->platform), &found) ||
	    !get_u64s(p, node, "memory", 2, 2 * SCN_MAX_RAM, v, &n)) {
		return false;
	}
	if (n % 2 != 0) {
		return fail(p, "\"memory\" must be (base size) pairs");
	}
	b->ram_count = n / 2;
	for (unsigned i = 0; i < b->ram_count; i++) {
		b->ram[i].base = v[2 * i];
		b->ram[i].size = v[2 * i + 1];
	}
	if (!get_u64s(p, node, "hypervisor", 2, 2, v, &n)) {
		return false;
	}
	b->hypervisor.base = v[0];
	b->hypervisor.size = v[1];
	if (!get_u32(p, node, "cpus", true, &b->cpu_count, &found) ||
	    !get_u32(p, node, "gic", true, &b->arch.gic_version, &found) ||
	    !get_u64s(p, node, "reserved", 0, 2 * SCN_MAX_RESERVED, v, &n)) {
		return false;
	}
	if (n % 2 != 0) {
		return fail(p, "\"reserved\" must be (base size) pairs");
	}
	b->reserved_count = n / 2;
	for (unsigned i = 0; i < b->reserved_count; i++) {
		b->reserved[i].base = v[2 * i];
		b->reserved[i].size = v[2 * i + 1];
	}
	return true;
}

static bool parse_vcpus(struct parser *p, int node, struct scn_partition *part)
{
	static const char *const props[] = { "cpu",	  "priority",
					     "budget-us", "period-us",
					     "direct",	  "direct-ack-apr",
					     NULL };
	static const char *const none[] = { NULL };
	int sub;
	bool found;

	set_path(p, node);
	if (!only_props(p, node, none)) {
		return false;
	}
	fdt_for_each_subnode(sub, p->fdt, node)
	{
		struct scn_vcpu *v;
		char want[16];

		set_path(p, sub);
		if (part->vcpu_count == SCN_MAX_VCPUS) {
			return fail(p, "more than %u vCPUs", SCN_MAX_VCPUS);
		}
		snprintf(want, sizeof(want), "vcpu%u", part->vcpu_count);
		if (strcmp(fdt_get_name(p->fdt, sub, NULL), want) != 0) {
			return fail(p,
				    "vCPU nodes are named vcpu0, vcpu1, ... in "
				    "order; expected \"%s\"",
				    want);
		}
		v = &part->vcpus[part->vcpu_count++];
		if (!only_props(p, sub, props) || !only_nodes(p, sub, none) ||
		    !get_u32(p, sub, "cpu", true, &v->cpu, &found) ||
		    !get_u32(p, sub, "priority", true, &v->priority, &found) ||
		    !get_u32(p, sub, "budget-us", false, &v->budget_us,
			     &found) ||
		    !get_u32(p, sub, "period-us", false, &v->period_us,
			     &found) ||
		    !get_flag(p, sub, "direct", SCN_VCPU_DIRECT, &v->flags) ||
		    !get_flag(p, sub, "direct-ack-apr", SCN_VCPU_DIRECT_ACK,
			      &v->flags)) {
			return false;
		}
	}
	return true;
}

static bool parse_memory(struct parser *p, int node, uint32_t pi)
{
	static const char *const props[] = { "ipa",	    "size",	 "pa",
					     "shared-with", "read-only", NULL };
	static const char *const none[] = { NULL };
	struct scn_partition *part = &p->cfg->scn.partitions[pi];
	int sub;

	set_path(p, node);
	if (!only_props(p, node, none)) {
		return false;
	}
	fdt_for_each_subnode(sub, p->fdt, node)
	{
		struct scn_region *r;
		bool found;
		int len;

		set_path(p, sub);
		if (part->region_count == SCN_MAX_REGIONS) {
			return fail(p, "more than %u memory regions",
				    SCN_MAX_REGIONS);
		}
		r = &part->regions[part->region_count];
		if (!node_name(p, sub, "region", r->node)) {
			return false;
		}
		if (!only_props(p, sub, props) || !only_nodes(p, sub, none) ||
		    !get_u64(p, sub, "ipa", true, &r->ipa, &found) ||
		    !get_u64(p, sub, "size", true, &r->size, &found) ||
		    !get_u64(p, sub, "pa", false, &r->pa, &found)) {
			return false;
		}
		p->cfg->extra[pi].phys_set[part->region_count] = found;
		if (prop(p, sub, "read-only", &len) != NULL) {
			if (len != 0) {
				return fail(p, "\"read-only\" takes no value");
			}
			r->flags |= SCN_MEM_READ_ONLY;
		}
		part->region_count++;
	}
	return true;
}

/* shared-with names partitions, so it is resolved once all are known. */
static bool resolve_shared(struct parser *p, int node, uint32_t pi)
{
	struct scn_partition *part = &p->cfg->scn.partitions[pi];
	uint32_t i = 0;
	int sub;

	fdt_for_each_subnode(sub, p->fdt, node)
	{
		char with[SCN_NAME_MAX];
		bool found;

		set_path(p, sub);
		if (!get_string(p, sub, "shared-with", false, with,
				sizeof(with), &found)) {
			return false;
		}
		if (found) {
			if (!find_partition(p, "shared-with", with,
					    &part->regions[i].shared_with)) {
				return false;
			}
			if (part->regions[i].shared_with == pi) {
				return fail(
					p,
					"shared-with names its own partition");
			}
			part->regions[i].flags |= SCN_MEM_SHARED;
		}
		i++;
	}
	return true;
}

static bool parse_devices(struct parser *p, int node, uint32_t pi)
{
	static const char *const props[] = { "compatible", "mmio", "irqs",
					     NULL };
	static const char *const none[] = { NULL };
	struct scn_partition *part = &p->cfg->scn.partitions[pi];
	int sub;

	set_path(p, node);
	if (!only_props(p, node, none)) {
		return false;
	}
	fdt_for_each_subnode(sub, p->fdt, node)
	{
		struct cfg_partition_extra *x = &p->cfg->extra[pi];
		struct scn_device *d;
		const fdt32_t *irqs;
		const char *compat;
		uint64_t reg[2];
		unsigned n;
		int len;

		set_path(p, sub);
		if (part->device_count == SCN_MAX_DEVICES) {
			return fail(p, "more than %u devices", SCN_MAX_DEVICES);
		}
		d = &part->devices[part->device_count];
		if (!node_name(p, sub, "device", d->node)) {
			return false;
		}
		if (!only_props(p, sub, props) || !only_nodes(p, sub, none) ||
		    !get_u64s(p, sub, "mmio", 2, 2, reg, &n)) {
			return false;
		}
		d->mmio.base = reg[0];
		d->mmio.size = reg[1];
		compat = prop(p, sub, "compatible", &len);
		if (compat == NULL || len < 2 || compat[len - 1] != '\0' ||
		    compat[0] == '\0') {
			return fail(
				p,
				"\"compatible\" must be one or more strings");
		}
		if ((size_t)len > sizeof(x->compat[0])) {
			return fail(p,
				    "\"compatible\" is longer than %zu bytes",
				    sizeof(x->compat[0]));
		}
		memcpy(x->compat[part->device_count], compat, (size_t)len);
		x->compat_len[part->device_count] = (size_t)len;
		/* Optional: a device such as a flash has no interrupt. */
		irqs = prop(p, sub, "irqs", &len);
		if (irqs != NULL && (len == 0 || len % 4 != 0 ||
				     len / 4 > SCN_MAX_DEVICE_IRQS)) {
			return fail(p, "\"irqs\" must hold 1 to %u cells",
				    SCN_MAX_DEVICE_IRQS);
		}
		d->irq_count = irqs != NULL ? (uint32_t)len / 4 : 0;
		for (uint32_t i = 0; i < d->irq_count; i++) {
			d->irqs[i] = fdt32_ld(&irqs[i]);
		}
		part->device_count++;
	}
	return true;
}

static bool parse_image(struct parser *p, int node, uint32_t pi)
{
	static const char *const os_props[] = { "kernel",  "raw",  "initramfs",
						"cmdline", "load", "entry",
						"dtb",	   NULL };
	static const char *const native_props[] = { "elf", "load", NULL };
	static const char *const none[] = { NULL };
	struct scn_partition *part = &p->cfg->scn.partitions[pi];
	struct cfg_image_files *f = &p->cfg->extra[pi].files;
	bool os = part->kind == SCN_KIND_GUEST_OS;
	bool found;

	set_path(p, node);
	if (!only_props(p, node, os ? os_props : native_props) ||
	    !only_nodes(p, node, none) ||
	    !get_u64(p, node, "load", false, &part->image.load_ipa,
		     &f->load_set)) {
		return false;
	}
	if (os) {
		bool raw;

		if (!get_string(p, node, "raw", false, f->raw, sizeof(f->raw),
				&raw) ||
		    !get_u64(p, node, "entry", false, &part->image.entry_ipa,
			     &f->entry_set) ||
		    !get_u64(p, node, "dtb", false, &f->dtb_ipa, &f->dtb_set) ||
		    !get_string(p, node, "kernel", !raw, f->kernel,
				sizeof(f->kernel), &found) ||
		    !get_string(p, node, "initramfs", false, f->initramfs,
				sizeof(f->initramfs), &found) ||
		    !get_string(p, node, "cmdline", false, part->image.cmdline,
				sizeof(part->image.cmdline), &found)) {
			return false;
		}
		if (raw && f->kernel[0] != '\0') {
			return fail(p,
				    "\"kernel\" and \"raw\" exclude each other");
		}
		/* A raw binary says nothing about where it runs: the source does. */
		if (raw && (!f->load_set || f->initramfs[0] != '\0')) {
			return fail(p, "\"raw\" needs \"load\" and takes no "
				       "\"initramfs\"");
		}
		if (!raw && f->entry_set) {
			return fail(p,
				    "\"entry\" is for \"raw\" only: an Image "
				    "starts at its load address");
		}
		part->image.kind = raw ? SCN_IMAGE_RAW : SCN_IMAGE_LINUX;
		return true;
	}
	part->image.kind = SCN_IMAGE_ELF;
	return get_string(p, node, "elf", true, f->elf, sizeof(f->elf), &found);
}

/* restart-limit = <count window-ms>; absent: the default. */
static bool get_restart_limit(struct parser *p, int node,
			      struct scn_partition *part)
{
	int len;
	const fdt32_t *v = prop(p, node, "restart-limit", &len);

	part->restart_max = SCN_RESTART_MAX_DEFAULT;
	part->restart_window_ms = SCN_RESTART_WINDOW_DEFAULT_MS;
	if (v == NULL) {
		return true;
	}
	if (len != 8) {
		return fail(p,
			    "\"restart-limit\" must be two cells (<count "
			    "window-ms>), is %d bytes",
			    len);
	}
	part->restart_max = fdt32_ld(v);
	part->restart_window_ms = fdt32_ld(v + 1);
	return true;
}

/* version = <n> or <hi lo>; absent: 1. */
static bool get_version(struct parser *p, int node, struct scn_partition *part)
{
	int len;
	const fdt32_t *v = prop(p, node, "version", &len);

	part->version = 1;
	if (v == NULL) {
		return true;
	}
	if (len != 4 && len != 8) {
		return fail(p,
			    "\"version\" must be one or two cells (<n> or "
			    "<hi lo>), is %d bytes",
			    len);
	}
	part->version = len == 4 ?
				fdt32_ld(v) :
				(uint64_t)fdt32_ld(v) << 32 | fdt32_ld(v + 1);
	return true;
}

/* The optional update node: what the tool places comes later (place.c). */
static bool parse_update(struct parser *p, int node, struct scn_partition *part)
{
	static const char *const props[] = {
		"standby-priority", "deadline-ms", "probation-ms",
		"allow-downgrade",  "image-size",  NULL
	};
	static const char *const none[] = { NULL };
	struct scn_update *u = &part->update;
	bool found;
	int len;

	set_path(p, node);
	if (!only_props(p, node, props) || !only_nodes(p, node, none) ||
	    !get_u32(p, node, "standby-priority", true, &u->standby_priority,
		     &found) ||
	    !get_u32(p, node, "deadline-ms", true, &u->deadline_ms, &found) ||
	    !get_u32(p, node, "probation-ms", true, &u->probation_ms, &found) ||
	    !get_u64(p, node, "image-size", true, &u->image_size, &found)) {
		return false;
	}
	part->flags |= SCN_PART_UPDATABLE;
	if (prop(p, node, "allow-downgrade", &len) != NULL) {
		if (len != 0) {
			return fail(p, "\"allow-downgrade\" takes no value");
		}
		part->flags |= SCN_PART_DOWNGRADE;
	}
	return true;
}

static bool parse_partition(struct parser *p, int node, uint32_t pi)
{
	static const char *const props[] = { "kind",	      "fault-policy",
					     "restart-limit", "secure-input",
					     "version",	      NULL };
	static const char *const nodes[] = { "vcpus", "memory", "devices",
					     "image", "update", NULL };
	struct scn_partition *part = &p->cfg->scn.partitions[pi];
	char kind[16];
	char policy[16];
	bool found;
	int sub;
	int len;

	set_path(p, node);
	if (!node_name(p, node, "partition", part->name)) {
		return false;
	}
	for (uint32_t j = 0; j < pi; j++) {
		if (strcmp(p->cfg->scn.partitions[j].name, part->name) == 0) {
			return fail(p, "duplicate partition name \"%s\"",
				    part->name);
		}
	}
	if (!only_props(p, node, props) || !only_nodes(p, node, nodes) ||
	    !get_string(p, node, "kind", true, kind, sizeof(kind), &found) ||
	    !get_string(p, node, "fault-policy", false, policy, sizeof(policy),
			&found)) {
		return false;
	}
	if (strcmp(kind, "guest-os") == 0) {
		part->kind = SCN_KIND_GUEST_OS;
	} else if (strcmp(kind, "native") == 0) {
		part->kind = SCN_KIND_NATIVE;
	} else {
		return fail(p,
			    "kind \"%s\" is neither \"guest-os\" nor \"native\"",
			    kind);
	}
	part->fault_policy = SCN_FAULT_STOP;
	if (found) {
		if (strcmp(policy, "stop") == 0) {
			part->fault_policy = SCN_FAULT_STOP;
		} else if (strcmp(policy, "restart") == 0) {
			part->fault_policy = SCN_FAULT_RESTART;
		} else if (strcmp(policy, "log") == 0) {
			part->fault_policy = SCN_FAULT_LOG;
		} else {
			return fail(p,
				    "fault-policy \"%s\" is not stop, restart "
				    "or log",
				    policy);
		}
	}
	if (!get_restart_limit(p, node, part) || !get_version(p, node, part)) {
		return false;
	}
	if (prop(p, node, "secure-input", &len) != NULL) {
		if (len != 0) {
			return fail(p, "\"secure-input\" takes no value");
		}
		part->flags |= SCN_PART_SECURE_INPUT;
	}
	sub = fdt_subnode_offset(p->fdt, node, "vcpus");
	if (sub < 0) {
		return fail(p, "missing node \"vcpus\"");
	}
	if (!parse_vcpus(p, sub, part)) {
		return false;
	}
	set_path(p, node);
	sub = fdt_subnode_offset(p->fdt, node, "memory");
	if (sub < 0) {
		return fail(p, "missing node \"memory\"");
	}
	if (!parse_memory(p, sub, pi)) {
		return false;
	}
	sub = fdt_subnode_offset(p->fdt, node, "devices");
	if (sub >= 0 && !parse_devices(p, sub, pi)) {
		return false;
	}
	sub = fdt_subnode_offset(p->fdt, node, "update");
	if (sub >= 0 && !parse_update(p, sub, part)) {
		return false;
	}
	set_path(p, node);
	sub = fdt_subnode_offset(p->fdt, node, "image");
	if (sub < 0) {
		return fail(p, "missing node \"image\"");
	}
	return parse_image(p, sub, pi);
}

static bool parse_partitions(struct parser *p)
{
	static const char *const none[] = { NULL };
	struct scenario *s = &p->cfg->scn;
	int node = fdt_subnode_offset(p->fdt, 0, "partitions");
	int sub;

	set_path(p, 0);
	if (node < 0) {
		return fail(p, "missing node \"partitions\"");
	}
	set_path(p, node);
	if (!only_props(p, node, none)) {
		return false;
	}
	fdt_for_each_subnode(sub, p->fdt, node)
	{
		if (s->partition_count == SCN_MAX_PARTITIONS) {
			set_path(p, sub);
			return fail(p, "more than %u partitions",
				    SCN_MAX_PARTITIONS);
		}
		if (!parse_partition(p, sub, s->partition_count)) {
			return false;
		}
		s->partition_count++;
	}
	if (s->partition_count == 0) {
		return fail(p, "no partitions");
	}
	/* Second pass, in the same order: references between partitions. */
	uint32_t i = 0;

	fdt_for_each_subnode(sub, p->fdt, node)
	{
		int mem = fdt_subnode_offset(p->fdt, sub, "memory");

		if (mem >= 0 && !resolve_shared(p, mem, i)) {
			return false;
		}
		i++;
	}
	return true;
}

/* Exactly two strings, into a and b. */
static bool get_two_strings(struct parser *p, int node, const char *name,
			    char *a, char *b, size_t size)
{
	int len;
	const char *v = prop(p, node, name, &len);
	size_t la;

	if (v == NULL) {
		return fail(p, "missing property \"%s\"", name);
	}
	la = strnlen(v, (size_t)len);
	if (len < 4 || v[len - 1] != '\0' || la + 1 >= (size_t)len ||
	    strlen(v + la + 1) + la + 2 != (size_t)len || la == 0 ||
	    v[la + 1] == '\0') {
		return fail(p, "\"%s\" must be two strings", name);
	}
	if (la >= size || strlen(v + la + 1) >= size) {
		return fail(p, "\"%s\": a name longer than %zu characters",
			    name, size - 1);
	}
	memcpy(a, v, la + 1);
	memcpy(b, v + la + 1, strlen(v + la + 1) + 1);
	return true;
}

static bool parse_channels(struct parser *p)
{
	static const char *const props[] = { "between",	  "size",
					     "direction", "ipa",
					     "doorbells", NULL };
	static const char *const none[] = { NULL };
	struct scenario *s = &p->cfg->scn;
	int node = fdt_subnode_offset(p->fdt, 0, "channels");
	int sub;

	if (node < 0) {
		return true;
	}
	set_path(p, node);
	if (!only_props(p, node, none)) {
		return false;
	}
	fdt_for_each_subnode(sub, p->fdt, node)
	{
		struct scn_channel *ch;
		char a[SCN_NAME_MAX];
		char b[SCN_NAME_MAX];
		char dir[16];
		uint64_t ipa[2];
		unsigned n;
		bool found;
		int len;
		const fdt32_t *bells;

		set_path(p, sub);
		if (s->channel_count == SCN_MAX_CHANNELS) {
			return fail(p, "more than %u channels",
				    SCN_MAX_CHANNELS);
		}
		ch = &s->channels[s->channel_count];
		if (!node_name(p, sub, "channel", ch->name)) {
			return false;
		}
		for (uint32_t j = 0; j < s->channel_count; j++) {
			if (strcmp(s->channels[j].name, ch->name) == 0) {
				return fail(p, "duplicate channel name \"%s\"",
					    ch->name);
			}
		}
		if (!only_props(p, sub, props) || !only_nodes(p, sub, none) ||
		    !get_two_strings(p, sub, "between", a, b, sizeof(a)) ||
		    !find_partition(p, "between", a, &ch->a) ||
		    !find_partition(p, "between", b, &ch->b) ||
		    !get_u64(p, sub, "size", true, &ch->size, &found) ||
		    !get_string(p, sub, "direction", true, dir, sizeof(dir),
				&found) ||
		    !get_u64s(p, sub, "ipa", 2, 2, ipa, &n)) {
			return false;
		}
		ch->ipa_a = ipa[0];
		ch->ipa_b = ipa[1];
		if (strcmp(dir, "both") == 0) {
			ch->direction = SCN_DIR_BOTH;
		} else if (strcmp(dir, "a-to-b") == 0) {
			ch->direction = SCN_DIR_A_TO_B;
		} else if (strcmp(dir, "b-to-a") == 0) {
			ch->direction = SCN_DIR_B_TO_A;
		} else {
			return fail(p,
				    "direction \"%s\" is not both, a-to-b or "
				    "b-to-a",
				    dir);
		}
		bells = prop(p, sub, "doorbells", &len);
		if (bells == NULL || len != 8) {
			return fail(p, "\"doorbells\" must be two cells <a b>");
		}
		ch->doorbell_a = fdt32_ld(&bells[0]);
		ch->doorbell_b = fdt32_ld(&bells[1]);
		s->channel_count++;
	}
	return true;
}

static bool parse_rights(struct parser *p)
{
	static const char *const props[] = { "subject", "object", "allow",
					     NULL };
	static const char *const none[] = { NULL };
	static const char *const names[] = { "start", "stop", "stage", "switch",
					     "wipe" };
	struct scenario *s = &p->cfg->scn;
	int node = fdt_subnode_offset(p->fdt, 0, "rights");
	int sub;

	if (node < 0) {
		return true;
	}
	set_path(p, node);
	if (!only_props(p, node, none)) {
		return false;
	}
	fdt_for_each_subnode(sub, p->fdt, node)
	{
		struct scn_right *r;
		char who[SCN_NAME_MAX];
		const char *allow;
		bool found;
		int len;

		set_path(p, sub);
		if (s->right_count == SCN_MAX_RIGHTS) {
			return fail(p, "more than %u rights", SCN_MAX_RIGHTS);
		}
		r = &s->rights[s->right_count];
		if (!node_name(p, sub, "right", r->name)) {
			return false;
		}
		for (uint32_t j = 0; j < s->right_count; j++) {
			if (strcmp(s->rights[j].name, r->name) == 0) {
				return fail(p, "duplicate right name \"%s\"",
					    r->name);
			}
		}
		if (!only_props(p, sub, props) || !only_nodes(p, sub, none) ||
		    !get_string(p, sub, "subject", true, who, sizeof(who),
				&found) ||
		    !find_partition(p, "subject", who, &r->subject) ||
		    !get_string(p, sub, "object", true, who, sizeof(who),
				&found) ||
		    !find_partition(p, "object", who, &r->object)) {
			return false;
		}
		allow = prop(p, sub, "allow", &len);
		if (allow == NULL || len < 2 || allow[len - 1] != '\0') {
			return fail(p, "\"allow\" must be one or more strings");
		}
		for (int off = 0; off < len;) {
			const char *w = allow + off;
			unsigned k;

			for (k = 0; k < 5; k++) {
				if (strcmp(w, names[k]) == 0) {
					break;
				}
			}
			if (k == 5) {
				return fail(
					p,
					"\"allow\": unknown right \"%s\" (start, "
					"stop, stage, switch, wipe)",
					w);
			}
			r->allow |= 1u << k;
			off += (int)strlen(w) + 1;
		}
		s->right_count++;
	}
	return true;
}

/*
 * Whether the structure block's tags each lie inside the blob and after the
 * one before, up to FDT_END. libfdt 1.6.1's fdt_next_tag() adds a property's
 * length to an int offset unchecked: a length of 2^32 - 12 leads back to the
 * same tag and fdt_check_full() never returns. This walk is bounded by the
 * blob's size; fdt_check_full() checks everything else. The header must have
 * passed fdt_check_header(), its totalsize be within the buffer and its
 * version be 16 or later (no 8-byte aligned values).
 */
static bool tags_move_forward(const uint8_t *blob)
{
	uint64_t base = fdt_off_dt_struct(blob);
	uint64_t end = fdt_totalsize(blob);
	uint64_t off = 0;

	while (base + off + 4 <= end) {
		const uint8_t *t = blob + base + off;
		uint64_t next = off + 4;
		uint32_t len;

		switch (fdt32_ld((const fdt32_t *)t)) {
		case FDT_BEGIN_NODE:
			t = memchr(t + 4, '\0', end - (base + next));
			if (t == NULL) {
				return false;
			}
			next = (uint64_t)(t - blob) - base + 1;
			break;
		case FDT_PROP:
			if (base + next + 8 > end) {
				return false;
			}
			len = fdt32_ld((const fdt32_t *)(t + 4));
			next += 8 + (uint64_t)len;
			break;
		case FDT_END: return true;
		case FDT_END_NODE:
		case FDT_NOP: break;
		default: return false;
		}
		off = (next + 3) & ~(uint64_t)3;
	}
	return false;
}

bool cfg_parse(const void *blob, size_t size, struct cfg *cfg,
	       struct scn_error *err)
{
	struct parser p = { .fdt = blob, .cfg = cfg, .err = err };
	char source[CFG_PATH_MAX];
	int rc;

	memcpy(source, cfg->source, sizeof(source));
	memset(cfg, 0, sizeof(*cfg));
	memcpy(cfg->source, source, sizeof(source));
	cfg->scn.magic = SCN_MAGIC;
	cfg->scn.version = SCN_VERSION;
	snprintf(p.path, sizeof(p.path), "/");
	if (size > INT32_MAX || size < sizeof(struct fdt_header)) {
		return fail(&p, "not a device tree blob (%zu bytes)", size);
	}
	rc = fdt_check_header(blob);
	if (rc == 0 && fdt_totalsize(blob) > size) {
		rc = -FDT_ERR_TRUNCATED;
	}
	/*
	 * Versions before 16 (full paths as node names) are not what dtc
	 * writes, and libfdt 1.6.1's fdt_check_full() dereferences NULL on a
	 * root node whose name has no '/' in them.
	 */
	if (rc == 0 && fdt_version(blob) < 16) {
		rc = -FDT_ERR_BADVERSION;
	}
	if (rc == 0 && !tags_move_forward(blob)) {
		rc = -FDT_ERR_BADSTRUCTURE;
	}
	if (rc == 0) {
		rc = fdt_check_full(blob, size);
	}
	if (rc != 0) {
		return fail(&p, "malformed device tree blob: %s",
			    fdt_strerror(rc));
	}
	return parse_root(&p) && parse_board(&p) && parse_partitions(&p) &&
	       parse_channels(&p) && parse_rights(&p);
}
