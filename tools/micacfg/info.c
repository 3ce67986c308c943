// SPDX-License-Identifier: Apache-2.0
/*
 * The human-readable summary of a checked scenario (micacfg info,
 * make scenario-info): partitions, CPUs, the physical memory map, devices,
 * channels and rights, as tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"

static const char *kind_name(uint32_t k)
{
	return k == SCN_KIND_GUEST_OS ? "guest-os" : "native";
}

static const char *policy_name(uint32_t p)
{
	return p == SCN_FAULT_RESTART ? "restart" :
	       p == SCN_FAULT_LOG     ? "log" :
					"stop";
}

static void rights_text(uint32_t allow, char *buf, size_t size)
{
	static const char *const names[] = { "start", "stop", "stage", "switch",
					     "wipe" };

	buf[0] = '\0';
	for (unsigned i = 0; i < 5; i++) {
		if ((allow & (1u << i)) != 0) {
			size_t n = strlen(buf);

			snprintf(buf + n, size - n, "%s%s", n > 0 ? "," : "",
				 names[i]);
		}
	}
}

struct map_row {
	uint64_t base;
	uint64_t size;
	char what[80];
};

static int by_base(const void *a, const void *b)
{
	const struct map_row *x = a;
	const struct map_row *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

void cfg_print_info(const struct cfg *cfg, FILE *out)
{
	const struct scenario *s = &cfg->scn;
	const struct scn_board *b = &s->board;
	/* Per partition: its regions, their standby copies, two slots. */
	struct map_row rows[2 + SCN_MAX_PARTITIONS * (2 * SCN_MAX_REGIONS + 2) +
			    SCN_MAX_CHANNELS];
	unsigned n = 0;

	fprintf(out, "scenario \"%s\" (%s), board %s: %u CPUs, GICv%u\n\n",
		s->name, cfg->source, b->platform, b->cpu_count,
		b->arch.gic_version);

	fprintf(out, "%-15s %-8s %-7s %-5s %-24s %s\n", "partition", "kind",
		"fault", "vcpus", "cpu:priority[budget/period]", "image");
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];
		char cpus[96] = "";

		for (uint32_t j = 0; j < p->vcpu_count; j++) {
			const struct scn_vcpu *v = &p->vcpus[j];
			size_t l = strlen(cpus);

			if (v->period_us != 0) {
				snprintf(cpus + l, sizeof(cpus) - l,
					 "%s%u:%u[%u/%uus]", j > 0 ? " " : "",
					 v->cpu, v->priority, v->budget_us,
					 v->period_us);
			} else {
				snprintf(cpus + l, sizeof(cpus) - l, "%s%u:%u",
					 j > 0 ? " " : "", v->cpu, v->priority);
			}
		}
		fprintf(out, "%-15s %-8s %-7s %-5u %-27s %s\n", p->name,
			kind_name(p->kind), policy_name(p->fault_policy),
			p->vcpu_count, cpus,
			p->image.kind == SCN_IMAGE_RAW ?
				cfg->extra[i].files.raw :
			p->kind == SCN_KIND_GUEST_OS ?
				cfg->extra[i].files.kernel :
				cfg->extra[i].files.elf);
	}

	fprintf(out, "\nCPU  vCPUs (partition:priority)\n");
	for (uint32_t c = 0; c < b->cpu_count; c++) {
		fprintf(out, "%-4u", c);
		for (uint32_t i = 0; i < s->partition_count; i++) {
			const struct scn_partition *p = &s->partitions[i];

			for (uint32_t j = 0; j < p->vcpu_count; j++) {
				if (p->vcpus[j].cpu == c) {
					fprintf(out, " %s:%u", p->name,
						p->vcpus[j].priority);
				}
			}
		}
		fprintf(out, "\n");
	}

	rows[n].base = b->hypervisor.base;
	rows[n].size = b->hypervisor.size;
	snprintf(rows[n++].what, sizeof(rows[0].what), "mica (hypervisor)");
	if (b->payload.size != 0) {
		rows[n].base = b->payload.base;
		rows[n].size = b->payload.size;
		snprintf(rows[n++].what, sizeof(rows[0].what),
			 "partition images, copied at boot");
	}
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];

		for (uint32_t j = 0; j < p->region_count; j++) {
			const struct scn_region *r = &p->regions[j];

			rows[n].base = r->pa;
			rows[n].size = r->size;
			snprintf(rows[n++].what, sizeof(rows[0].what),
				 "%s/%s at ipa 0x%llx%s%s", p->name, r->node,
				 (unsigned long long)r->ipa,
				 (r->flags & SCN_MEM_READ_ONLY) != 0 ?
					 ", read-only" :
					 "",
				 (r->flags & SCN_MEM_SHARED) != 0 ? ", shared" :
								    "");
		}
	}
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];
		const struct scn_update *u = &p->update;

		if ((p->flags & SCN_PART_UPDATABLE) == 0) {
			continue;
		}
		for (uint32_t j = 0; j < p->region_count; j++) {
			rows[n].base = u->standby_pa[j];
			rows[n].size = p->regions[j].size;
			snprintf(rows[n++].what, sizeof(rows[0].what),
				 "%s's standby %s", p->name,
				 p->regions[j].node);
		}
		for (unsigned j = 0; j < 2; j++) {
			rows[n].base = u->slot_pa[j];
			rows[n].size = u->image_size;
			snprintf(rows[n++].what, sizeof(rows[0].what),
				 "%s's image slot %c", p->name, 'a' + j);
		}
	}
	for (uint32_t i = 0; i < s->channel_count; i++) {
		rows[n].base = s->channels[i].pa;
		rows[n].size = s->channels[i].size;
		snprintf(rows[n++].what, sizeof(rows[0].what), "channel %s",
			 s->channels[i].name);
	}
	qsort(rows, n, sizeof(rows[0]), by_base);
	fprintf(out, "\nphysical memory\n");
	for (unsigned i = 0; i < n; i++) {
		fprintf(out, "  0x%010llx-0x%010llx %8llu KiB  %s\n",
			(unsigned long long)rows[i].base,
			(unsigned long long)(rows[i].base + rows[i].size - 1),
			(unsigned long long)(rows[i].size >> 10), rows[i].what);
	}

	fprintf(out, "\ndevices\n");
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];

		for (uint32_t j = 0; j < p->device_count; j++) {
			const struct scn_device *d = &p->devices[j];

			fprintf(out,
				"  %-15s %-15s 0x%010llx-0x%010llx  irqs%s",
				p->name, d->node,
				(unsigned long long)d->mmio.base,
				(unsigned long long)(d->mmio.base +
						     d->mmio.size - 1),
				d->irq_count == 0 ? " none" : "");
			for (uint32_t k = 0; k < d->irq_count; k++) {
				fprintf(out, " %u", d->irqs[k]);
			}
			fprintf(out, "\n");
		}
	}

	fprintf(out, "\nchannels\n");
	for (uint32_t i = 0; i < s->channel_count; i++) {
		const struct scn_channel *c = &s->channels[i];
		static const char *const dirs[] = { "?", "<->", "->", "<-" };

		fprintf(out, "  %-15s %s %s %s  %llu KiB  doorbells %u/%u\n",
			c->name, s->partitions[c->a].name,
			dirs[c->direction <= 3 ? c->direction : 0],
			s->partitions[c->b].name,
			(unsigned long long)(c->size >> 10), c->doorbell_a,
			c->doorbell_b);
	}

	fprintf(out, "\nrights\n");
	for (uint32_t i = 0; i < s->right_count; i++) {
		const struct scn_right *r = &s->rights[i];
		char allow[64];

		rights_text(r->allow, allow, sizeof(allow));
		fprintf(out, "  %-15s %s may %s %s\n", r->name,
			s->partitions[r->subject].name, allow,
			s->partitions[r->object].name);
	}
	for (uint32_t i = 0; i < s->partition_count; i++) {
		if ((s->partitions[i].flags & SCN_PART_SECURE_INPUT) != 0) {
			fprintf(out, "  %-15s %s may take the keyboard\n",
				"secure-input", s->partitions[i].name);
		}
	}
}
