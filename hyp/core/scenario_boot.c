// SPDX-License-Identifier: Apache-2.0
/*
 * Boot-time vetting of the built-in scenario (see mica/scenario_boot.h).
 * The host tool checked the same tables with the same code; checking again
 * here costs little and means a corrupt or mismatched image is refused
 * before any partition could be harmed by it.
 */
#include "arch/board.h"
#include "mica/console.h"
#include "mica/layout.h"
#include "mica/scenario_boot.h"
#include "mica/scenario_check.h"

static bool board_has_ram(const struct board *b, uint64_t base, uint64_t size)
{
	for (unsigned i = 0; i < b->ram_count; i++) {
		uint64_t rb = pa_addr(b->ram[i].base);

		if (base >= rb && base + size <= rb + b->ram[i].size) {
			return true;
		}
	}
	return false;
}

static bool fits_board(const struct scenario *s, const struct board *b,
		       paddr_t dtb)
{
	const struct scn_board *sb = &s->board;
	uint64_t hyp = (uintptr_t)__image_start;
	uint64_t hyp_size = (uintptr_t)__image_end - hyp;
	uint64_t payload = (uintptr_t)__payload_start;
	uint64_t payload_size = (uintptr_t)__payload_end - payload;
	uint64_t dtb_pa = pa_addr(dtb);
	char err[96];

	for (uint32_t i = 0; i < sb->ram_count; i++) {
		if (!board_has_ram(b, sb->ram[i].base, sb->ram[i].size)) {
			console_printf(
				"mica: scenario needs RAM 0x%lx-0x%lx, which "
				"this board does not have\n",
				sb->ram[i].base,
				sb->ram[i].base + sb->ram[i].size - 1);
			return false;
		}
	}
	if (sb->cpu_count > b->cpu_count) {
		console_printf(
			"mica: scenario needs %u CPUs, the board has %u\n",
			sb->cpu_count, b->cpu_count);
		return false;
	}
	if (!arch_board_matches(b, &sb->arch, err, sizeof(err))) {
		console_printf("mica: scenario does not fit the board: %s\n",
			       err);
		return false;
	}
	if (sb->hypervisor.base != hyp || sb->hypervisor.size != hyp_size) {
		console_printf(
			"mica: scenario places mica at 0x%lx (%lu KiB), but "
			"it runs at 0x%lx (%lu KiB)\n",
			sb->hypervisor.base, sb->hypervisor.size >> 10, hyp,
			hyp_size >> 10);
		return false;
	}
	if (sb->payload.base != payload || sb->payload.size != payload_size) {
		console_printf("mica: the partition images are not where the "
			       "scenario says (0x%lx, %lu bytes)\n",
			       sb->payload.base, sb->payload.size);
		return false;
	}
	if (dtb_pa >= payload && dtb_pa < payload + payload_size) {
		console_printf("mica: the boot loader put the device tree at "
			       "0x%lx, inside the partition images\n",
			       dtb_pa);
		return false;
	}
	return true;
}

bool scenario_boot(const struct scenario *s, const struct board *b, paddr_t dtb)
{
	struct scn_error err;

	if (s->magic == 0) {
		console_puts("mica: no scenario built in (SCENARIO=none)\n");
		return true;
	}
	if (!scenario_check(s, &err)) {
		console_printf("mica: scenario rejected: %s: %s\n", err.path,
			       err.msg);
		return false;
	}
	if (!fits_board(s, b, dtb)) {
		return false;
	}
	console_printf("scenario \"%s\": %u partitions, %u channels, %u rights; "
		       "images %lu KiB at 0x%lx\n",
		       s->name, s->partition_count, s->channel_count,
		       s->right_count, s->board.payload.size >> 10,
		       s->board.payload.base);
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];
		uint64_t mem = 0;

		for (uint32_t j = 0; j < p->region_count; j++) {
			mem += p->regions[j].size;
		}
		console_printf(
			"partition %s: %s, %u vCPU%s from CPU %u, %lu KiB "
			"of memory, %u devices, image %lu KiB\n",
			p->name,
			p->kind == SCN_KIND_GUEST_OS ? "guest OS" : "native",
			p->vcpu_count, p->vcpu_count == 1 ? "" : "s",
			p->vcpus[0].cpu, mem >> 10, p->device_count,
			p->image.blob_size >> 10);
	}
	return true;
}
