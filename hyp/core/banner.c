// SPDX-License-Identifier: Apache-2.0
/*
 * Boot banner formatting (see mica/banner.h). One line per fact, stable
 * prefixes ("cpus:", "cpu N:", "boot:") so that tests and people can find
 * them.
 */
#include "arch/cpu.h"
#include "mica/banner.h"
#include "mica/fmt.h"

struct sink {
	char *buf;
	size_t size;
	size_t len;
};

static void put(struct sink *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	size_t room = s->len < s->size ? s->size - s->len : 0;

	va_start(ap, fmt);
	s->len +=
		fmt_vsnprintf(room > 0 ? s->buf + s->len : NULL, room, fmt, ap);
	va_end(ap);
}

uint64_t banner_ticks_to_us(uint64_t ticks, uint64_t hz)
{
	if (hz == 0) {
		return 0;
	}
	/* Split to avoid overflow for long uptimes. */
	return (ticks / hz) * 1000000 + (ticks % hz) * 1000000 / hz;
}

size_t banner_format(char *buf, size_t size, const struct banner_info *bi)
{
	struct sink s = { .buf = buf, .size = size, .len = 0 };
	const struct board *b = bi->board;
	uint64_t ram_total = 0;
	uint64_t boot = bi->ready_count - bi->entry_count;

	if (size > 0) {
		buf[0] = '\0';
	}
	put(&s,
	    "mica %s: tiny real-time hypervisor, running " ARCH_CPU_MODE "\n",
	    bi->version);
	put(&s, "cpus: %u x %s, %s, timer %lu.%03lu MHz\n", b->cpu_count,
	    bi->cpu_model, bi->irqchip, bi->timer_hz / 1000000,
	    bi->timer_hz / 1000 % 1000);
	put(&s, "hypervisor memory: %lu KiB at 0x%lx\n", bi->hyp_size / 1024,
	    bi->hyp_base);
	for (unsigned i = 0; i < bi->region_count; i++) {
		const struct banner_region *r = &bi->regions[i];

		put(&s, "  %-7s 0x%08lx-0x%08lx %6lu KiB  %s%s%s\n", r->name,
		    r->start, r->end - 1, (r->end - r->start) / 1024, r->perms,
		    r->note != NULL ? "  " : "",
		    r->note != NULL ? r->note : "");
	}
	for (unsigned i = 0; i < b->ram_count; i++) {
		put(&s, "ram: 0x%08lx-0x%08lx (%lu MiB)\n",
		    pa_addr(b->ram[i].base),
		    pa_addr(b->ram[i].base) + b->ram[i].size - 1,
		    b->ram[i].size >> 20);
		ram_total += b->ram[i].size;
	}
	put(&s, "ram for partitions: %lu MiB\n",
	    (ram_total - bi->hyp_size) >> 20);
	for (unsigned i = 0; i < b->cpu_count; i++) {
		const struct banner_cpu *c = &bi->cpus[i];

		put(&s, "cpu %u: hwid 0x%lx, %s, %lu timer interrupts\n", i,
		    c->hwid, c->online ? "online" : "NOT online", c->ticks);
	}
	put(&s,
	    "boot: %lu us (%lu counter ticks) from entry to all CPUs "
	    "online; entry at %lu us after reset\n",
	    banner_ticks_to_us(boot, bi->timer_hz), boot,
	    banner_ticks_to_us(bi->entry_count, bi->timer_hz));
	return s.len;
}
