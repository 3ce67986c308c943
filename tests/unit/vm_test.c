// SPDX-License-Identifier: Apache-2.0
/*
 * Partitions (mica/vm.h, vm.c), the arch-independent part, in the world of
 * vm_fixture.h: what vm_setup_all() builds from a scenario (every vCPU on
 * its CPU, stage-2 and hypervisor mappings, consoles in order) and the
 * lines it prints when it cannot; vm_boot_all(), the images and seeds it
 * gives; MMIO dispatch to the virtual UART and the virtual GIC; which
 * aborts are the guest's; the fault policies, stop, restart and
 * mica.poweroff; passed-through interrupts, forwarded and unmasked.
 */
#include <pthread.h>

#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/mmu.h"
#include "dev/pl011.h"
#include "mica/board.h"
#include "mica/console_mux.h"
#include "mica/cpu.h"
#include "mica/dtb.h"
#include "mica/irq.h"
#include "mica/layout.h"
#include "mica/mm.h"
#include "mica/palloc.h"
#include "mica/scenario_check.h"
#include "mica/vm.h"
#include "dtb_build.h"
#include "unit.h"
#include "vm_fixture.h"

/* --- vm_setup_all ------------------------------------------------------- */

static void vm_setup_all__gives_every_vcpu_its_cpu_and_index(void **state)
{
	(void)state;
	assert_int_equal(vm_count, 3);
	for (unsigned i = 0; i < 3; i++) {
		const struct scn_partition *p = &scn.partitions[i];

		assert_int_equal(vms[i].id, i);
		assert_ptr_equal(vms[i].cfg, p);
		assert_int_equal(vms[i].state, VM_OFF);
		assert_int_equal(vms[i].vcpu_count, p->vcpu_count);
		for (unsigned j = 0; j < p->vcpu_count; j++) {
			struct vcpu *v = &vms[i].vcpus[j];

			assert_ptr_equal(v->vm, &vms[i]);
			assert_int_equal(v->index, j);
			assert_int_equal(v->pcpu, p->vcpus[j].cpu);
			assert_int_equal(v->state, VCPU_OFF);
			assert_false(v->start_pending);
			/* Alone in its CPU's queue, at the lowest priority. */
			assert_int_equal(cpus[v->pcpu].sched.count, 1);
			assert_ptr_equal(cpus[v->pcpu].sched.vcpus[0], v);
			assert_false(v->shares_cpu);
			assert_false(v->direct);
			assert_int_equal(v->sched.prio, SCN_PRIO_MIN);
			assert_int_equal(v->sched.budget, 0);
			assert_int_equal(v->sched.period_end, SCHED_NEVER);
			assert_false(v->sched.blocked);
		}
	}
	/* CPUs no partition uses run no vCPU. */
	for (unsigned c = 5; c < MICA_MAX_CPUS; c++) {
		assert_int_equal(cpus[c].sched.count, 0);
	}
	/* Every queue's round-robin slice, in counter ticks. */
	for (unsigned c = 0; c < MICA_MAX_CPUS; c++) {
		assert_int_equal(cpus[c].sched.slice,
				 SCHED_SLICE_US * FAKE_TIMER_FREQ / 1000000);
		assert_null(cpus[c].current);
	}
	assert_int_equal(kicks_total(), 0);
	assert_string_equal(fake_console_text(), "");
}

static void vm_setup_all__maps_regions_channels_and_devices(void **state)
{
	const unsigned rwx = MM_STAGE2 | MM_READ | MM_WRITE | MM_EXEC;
	paddr_t pa;
	unsigned attrs;

	(void)state;
	for (unsigned i = 0; i < 4; i++) {
		assert_s2(&vms[LINUX], RAM_IPA + i * PAGE,
			  ram_pa(LINUX_RAM + i), rwx);
	}
	assert_false(s2_mapped(&vms[LINUX], RAM_IPA + 4 * PAGE));
	assert_s2(&vms[LINUX], ROM_IPA, ram_pa(LINUX_ROM),
		  MM_STAGE2 | MM_READ | MM_EXEC);
	assert_s2(&vms[RT], RAM_IPA + PAGE, ram_pa(RT_RAM + 1), rwx);
	assert_s2(&vms[PIN], RAM_IPA, ram_pa(PIN_RAM), rwx);
	/* The channel: each side writes its own part (rt-bench's first). */
	assert_s2(&vms[RT], CHAN_IPA, ram_pa(CHAN),
		  MM_STAGE2 | MM_READ | MM_WRITE);
	assert_s2(&vms[RT], CHAN_IPA + PAGE, ram_pa(CHAN + 1),
		  MM_STAGE2 | MM_READ);
	assert_s2(&vms[PIN], CHAN_IPA, ram_pa(CHAN), MM_STAGE2 | MM_READ);
	assert_s2(&vms[PIN], CHAN_IPA + PAGE, ram_pa(CHAN + 1),
		  MM_STAGE2 | MM_READ | MM_WRITE);
	assert_false(s2_mapped(&vms[LINUX], CHAN_IPA));
	/* The device, at its own address, whole pages. */
	assert_s2(&vms[PIN], DEV_BASE, DEV_BASE,
		  MM_STAGE2 | MM_READ | MM_WRITE | MM_DEVICE);
	assert_false(s2_mapped(&vms[RT], DEV_BASE));
	/* Emulated devices are not mapped: every access traps. */
	for (unsigned i = 0; i < 3; i++) {
		assert_false(s2_mapped(&vms[i], SCN_VUART_BASE));
		assert_false(s2_mapped(&vms[i], SCN_VGICD_BASE));
	}
	/* The hypervisor maps partitions' memory and the images it copies. */
	assert_true(
		mm_lookup_hyp(&hyp, va_init(ram_pa(RT_RAM + 1)), &pa, &attrs));
	assert_int_equal(pa_addr(pa), ram_pa(RT_RAM + 1));
	assert_int_equal(attrs, MM_READ | MM_WRITE);
	assert_true(mm_lookup_hyp(&hyp, va_init((uintptr_t)__payload_start),
				  &pa, &attrs));
	assert_int_equal(attrs, MM_READ);
	/* And the channel, whose parts it scrubs. */
	assert_true(
		mm_lookup_hyp(&hyp, va_init(ram_pa(CHAN + 1)), &pa, &attrs));
	assert_int_equal(attrs, MM_READ | MM_WRITE);
}

static void make_valid(void);
static bool all_bytes(const uint8_t *p, size_t n, uint8_t b);

/* Whether v is in CPU cpu's run queue. */
static bool queued_on(const struct vcpu *v, unsigned cpu)
{
	for (unsigned i = 0; i < cpus[cpu].sched.count; i++) {
		if (cpus[cpu].sched.vcpus[i] == v) {
			return true;
		}
	}
	return false;
}

static void
vm_setup_all__queues_vcpus_of_two_partitions_on_one_cpu(void **state)
{
	struct vcpu *rt0 = &vms[RT].vcpus[0];
	struct vcpu *pin = &vms[PIN].vcpus[0];

	(void)state;
	scn.partitions[PIN].vcpus[0].cpu = 2;
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	assert_string_equal(fake_console_text(), KEYBOARD_LINE);
	/* Both in CPU 2's queue, in scenario order; CPU 4 has none now. */
	assert_int_equal(cpus[2].sched.count, 2);
	assert_ptr_equal(cpus[2].sched.vcpus[0], rt0);
	assert_ptr_equal(cpus[2].sched.vcpus[1], pin);
	assert_int_equal(pin->pcpu, 2);
	assert_int_equal(cpus[4].sched.count, 0);
	/* Both know they share their CPU; lone vCPUs do not. */
	assert_true(rt0->shares_cpu);
	assert_true(pin->shares_cpu);
	assert_false(vms[RT].vcpus[1].shares_cpu);
	assert_false(vms[LINUX].vcpus[0].shares_cpu);
	assert_false(vms[LINUX].vcpus[1].shares_cpu);
	assert_true(queued_on(&vms[RT].vcpus[1], 3));
	/* pin-entry's device interrupt goes to the CPU its vCPU is on. */
	assert_int_equal(fake_spi_cpu[DEV_IRQ], 2);
}

static void vm_setup_all__marks_only_the_direct_vcpu_direct(void **state)
{
	(void)state;
	scn.partitions[PIN].vcpus[0].flags = SCN_VCPU_DIRECT |
					     SCN_VCPU_DIRECT_ACK;
	scn.partitions[RT].vcpus[1].flags = SCN_VCPU_DIRECT_ACK;
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	assert_true(vms[PIN].vcpus[0].direct);
	assert_false(vms[RT].vcpus[0].direct);
	assert_false(vms[RT].vcpus[1].direct);
	assert_false(vms[LINUX].vcpus[0].direct);
}

static void
vm_setup_all__queues_two_vcpus_of_one_partition_on_one_cpu(void **state)
{
	(void)state;
	scn.partitions[RT].vcpus[1].cpu = 2;
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	assert_string_equal(fake_console_text(), KEYBOARD_LINE);
	assert_int_equal(cpus[2].sched.count, 2);
	assert_ptr_equal(cpus[2].sched.vcpus[0], &vms[RT].vcpus[0]);
	assert_ptr_equal(cpus[2].sched.vcpus[1], &vms[RT].vcpus[1]);
	assert_int_equal(cpus[3].sched.count, 0);
	assert_true(vms[RT].vcpus[0].shares_cpu);
	assert_true(vms[RT].vcpus[1].shares_cpu);
	assert_false(vms[PIN].vcpus[0].shares_cpu);
}

static void
vm_setup_all__gives_each_vcpu_its_priority_and_budget_in_ticks(void **state)
{
	struct scn_vcpu *sv = &scn.partitions[RT].vcpus[0];
	const struct sched_entity *e = &vms[RT].vcpus[0].sched;
	const struct sched_entity *o = &vms[RT].vcpus[1].sched;

	(void)state;
	sv->priority = 90;
	sv->budget_us = 200;
	sv->period_us = 1000;
	scn.partitions[RT].vcpus[1].priority = SCN_PRIO_MAX;
	fake.timer_now = 5000;
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	/* 62.5 MHz: 62.5 ticks a microsecond. */
	assert_int_equal(e->prio, 90);
	assert_int_equal(e->budget, 12500);
	assert_int_equal(e->period, 62500);
	assert_int_equal(e->remaining, 12500);
	assert_int_equal(e->period_end, 5000 + 62500);
	assert_int_equal(e->timer_at, SCHED_NEVER);
	/* No budget: the whole CPU, no period. */
	assert_int_equal(o->prio, SCN_PRIO_MAX);
	assert_int_equal(o->budget, 0);
	assert_int_equal(o->period, 0);
	assert_int_equal(o->period_end, SCHED_NEVER);
}

/* Puts linux's vCPUs, `count` of them, and rt-bench's first on CPU 0. */
static void crowd_cpu0(unsigned count)
{
	struct scn_partition *p = &scn.partitions[LINUX];

	p->vcpu_count = 0;
	for (unsigned i = 0; i < count; i++) {
		vcpu_on(LINUX, 0);
	}
	scn.partitions[RT].vcpus[0].cpu = 0;
}

static void vm_setup_all__queues_as_many_vcpus_as_a_cpu_hosts(void **state)
{
	(void)state;
	crowd_cpu0(SCN_MAX_CPU_VCPUS - 1);
	make_valid(); /* the scenario check allows it too */
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	assert_int_equal(cpus[0].sched.count, SCN_MAX_CPU_VCPUS);
	assert_ptr_equal(cpus[0].sched.vcpus[SCN_MAX_CPU_VCPUS - 1],
			 &vms[RT].vcpus[0]);
	for (unsigned i = 0; i < SCN_MAX_CPU_VCPUS; i++) {
		assert_true(cpus[0].sched.vcpus[i]->shares_cpu);
	}
}

static void vm_setup_all__refuses_more_vcpus_than_a_cpu_hosts(void **state)
{
	struct scn_error err;

	(void)state;
	make_valid();
	crowd_cpu0(SCN_MAX_CPU_VCPUS);
	/* The scenario check refuses it first, on the vCPU too many... */
	assert_false(scenario_check(&scn, &err));
	assert_string_equal(err.path, "/partitions/rt-bench/vcpus/vcpu0");
	assert_string_equal(err.msg, "overfills CPU 0: at most 8 vCPUs share "
				     "a CPU");
	/* ...and vm_setup_all() would not run it either. */
	fake_console_reset();
	assert_false(vm_setup_all(&scn, &hyp, &pool));
	assert_string_equal(fake_console_text(),
			    KEYBOARD_LINE "mica: CPU 0: more than 8 vCPUs\r\n");
	assert_int_equal(cpus[0].sched.count, SCN_MAX_CPU_VCPUS);
}

/* Whether text is one of the lines vm_setup_all() prints on no memory. */
static bool is_pool_line(const char *text, unsigned *kind)
{
	char want[128];

	if (strcmp(text, "mica: cannot map the partition images\r\n") == 0) {
		*kind = 2;
		return true;
	}
	for (unsigned i = 0; i < scn.partition_count; i++) {
		snprintf(want, sizeof(want),
			 "mica: partition %s: out of page-table memory\r\n",
			 scn.partitions[i].name);
		if (strcmp(text, want) == 0) {
			*kind = 0;
			return true;
		}
		snprintf(want, sizeof(want), "mica: cannot map %s's memory\r\n",
			 scn.partitions[i].name);
		if (strcmp(text, want) == 0) {
			*kind = 1;
			return true;
		}
	}
	return false;
}

static void vm_setup_all__fails_with_a_line_when_the_pool_runs_out(void **state)
{
	unsigned seen[3] = { 0, 0, 0 };
	size_t pages;

	(void)state;
	/* Only the hypervisor's root table: linux's stage-2 has no page. */
	reset_world(1);
	fake_console_reset();
	assert_false(vm_setup_all(&scn, &hyp, &pool));
	assert_string_equal(
		fake_console_text(),
		"mica: partition linux: out of page-table memory\r\n");
	/* Every pool short of enough fails, with one line saying why. */
	for (pages = 1; pages <= POOL_PAGES; pages++) {
		const char *text;
		unsigned kind = 0;

		reset_world(pages);
		fake_console_reset();
		if (vm_setup_all(&scn, &hyp, &pool)) {
			break;
		}
		text = fake_console_text();
		if (strncmp(text, KEYBOARD_LINE, strlen(KEYBOARD_LINE)) == 0) {
			text += strlen(KEYBOARD_LINE);
		}
		if (!is_pool_line(text, &kind)) {
			fail_msg("%zu pages: unexpected console:\n%s", pages,
				 fake_console_text());
		}
		seen[kind]++;
		assert_int_equal(palloc_free_count(&pool), 0);
	}
	assert_true(pages <= POOL_PAGES);
	assert_int_equal(vm_count, 3);
	assert_true(seen[0] > 0);
	assert_true(seen[1] > 0);
	assert_true(seen[2] > 0);
}

static void vm_setup_all__adds_the_consoles_in_partition_order(void **state)
{
	uint64_t imsc = UARTINT_RX | UARTINT_RT;
	unsigned id = 999;

	(void)state;
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	/* The first partition gets the keyboard. */
	assert_string_equal(fake_console_text(), KEYBOARD_LINE);
	fake_console_reset();
	assert_false(console_mux_input(CONSOLE_MUX_ESCAPE, &id));
	assert_false(console_mux_input('l', &id));
	assert_string_equal(fake_console_text(),
			    "mica: partitions (Ctrl-] then a number gives it "
			    "the keyboard):\r\n"
			    "mica: 1 linux (keyboard)\r\n"
			    "mica: 2 rt-bench\r\n"
			    "mica: 3 pin-entry\r\n");
	/* Number 3 is pin-entry's console: its input goes to its vuart. */
	assert_true(
		vm_mmio(&vms[PIN].vcpus[0], UART(UARTIMSC), true, 4, &imsc));
	assert_false(console_mux_input(CONSOLE_MUX_ESCAPE, &id));
	assert_false(console_mux_input('3', &id));
	assert_true(console_mux_input('x', &id));
	assert_int_equal(id, PIN);
	assert_int_equal(vms[PIN].uart.rx_count, 1);
	assert_int_equal(vms[LINUX].uart.rx_count, 0);
}

/* --- vm_boot_all -------------------------------------------------------- */

static void vm_boot_all__requests_the_first_vcpu_of_each_partition(void **state)
{
	(void)state;
	scn.partitions[PIN].image.kind = SCN_IMAGE_NONE;
	set_up();
	vm_boot_all();
	assert_string_equal(fake_console_text(),
			    "mica: starting partition linux\r\n"
			    "mica: starting partition rt-bench\r\n");
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(vms[PIN].state, VM_OFF);
	/* Linux's boot protocol: x0 = its device tree; native: x0 = 0. */
	assert_true(vms[LINUX].vcpus[0].start_pending);
	assert_int_equal(ipa_addr(vms[LINUX].vcpus[0].start_entry), RAM_IPA);
	assert_int_equal(vms[LINUX].vcpus[0].start_context, LINUX_DTB_IPA);
	assert_true(vms[RT].vcpus[0].start_pending);
	assert_int_equal(ipa_addr(vms[RT].vcpus[0].start_entry), RT_ENTRY);
	assert_int_equal(vms[RT].vcpus[0].start_context, 0);
	assert_false(vms[LINUX].vcpus[1].start_pending);
	assert_false(vms[RT].vcpus[1].start_pending);
	assert_false(vms[PIN].vcpus[0].start_pending);
	/*
	 * CPU 2 is kicked; CPU 0, the calling one, is not (it decides when
	 * it goes idle), but both are to decide again.
	 */
	assert_int_equal(fake_kicks[0], 0);
	assert_int_equal(fake_kicks[2], 1);
	assert_int_equal(kicks_total(), 1);
	assert_true(cpus[0].sched.need);
	assert_true(cpus[2].sched.need);
	assert_false(cpus[1].sched.need);
}

static void vm_boot_all__scrubs_memory_and_copies_the_images(void **state)
{
	static const uint8_t image[] = "rt-bench's image";
	const uint8_t *mem = (const uint8_t *)(uintptr_t)ram_pa(RT_RAM);
	struct scn_image *im = &scn.partitions[RT].image;

	(void)state;
	memcpy(__payload_start + 0x100, image, sizeof(image));
	im->blob_offset = 0x100;
	im->blob_size = sizeof(image);
	im->load_ipa = RAM_IPA + PAGE + 0x800;
	set_up();
	vm_boot_all();
	assert_memory_equal(mem + PAGE + 0x800, image, sizeof(image));
	for (size_t i = 0; i < 2 * PAGE; i++) {
		if (i >= PAGE + 0x800 && i < PAGE + 0x800 + sizeof(image)) {
			continue;
		}
		if (mem[i] != 0) {
			fail_msg("byte 0x%zx of rt-bench's memory is 0x%x", i,
				 mem[i]);
		}
	}
	/* Each side scrubs its own part of a channel at its load. */
	assert_true(all_bytes((const uint8_t *)(uintptr_t)ram_pa(CHAN),
			      2 * PAGE, 0));
}

/*
 * An image that covers a whole page is copied there, not scrubbed first:
 * no scrub of the load touches that page; one that covers part of a page
 * leaves the rest of it scrubbed. Every byte of rt-bench's memory (dirty
 * before, set_up()) is an image's or zero.
 */
static void vm_boot_all__scrubs_no_page_an_image_overwrites(void **state)
{
	uint8_t *mem = (uint8_t *)(uintptr_t)ram_pa(RT_RAM);
	uint64_t at = ram_pa(RT_RAM) + PAGE;
	struct scn_image *im = &scn.partitions[RT].image;
	const struct loader *l = &vms[RT].load;

	(void)state;
	memset(__payload_start, 0x3c, FAKE_PAYLOAD_SIZE);
	im->blob_offset = 0;
	im->blob_size = FAKE_PAYLOAD_SIZE;
	im->load_ipa = RAM_IPA + PAGE;
	im->initrd_offset = 0;
	im->initrd_size = PAGE / 2;
	im->initrd_ipa = RAM_IPA;
	set_up();
	vm_boot_all();
	for (unsigned i = 0; i < l->count; i++) {
		const struct loader_op *op = &l->ops[i];

		assert_true(op->kind != LOADER_SCRUB ||
			    pa_addr(op->pa) + op->size <= at ||
			    pa_addr(op->pa) >= at + PAGE);
	}
	assert_true(all_bytes(mem, PAGE / 2, 0x3c));
	assert_true(all_bytes(mem + PAGE / 2, PAGE / 2, 0));
	assert_true(all_bytes(mem + PAGE, PAGE, 0x3c));
}

/* A guest OS's device tree as micacfg writes it: /chosen with room for a seed. */
static uint8_t *guest_dtb(size_t *size)
{
	static const uint8_t room[SCN_RNG_SEED_SIZE];
	struct dtb_build b = { 0 };

	dtb_build_begin(&b, "");
	dtb_build_begin(&b, "chosen");
	dtb_build_prop_str(&b, "bootargs", "console=ttyAMA0");
	dtb_build_prop(&b, "rng-seed", room, sizeof(room));
	dtb_build_prop_str(&b, "stdout-path", "/pl011@9000000");
	dtb_build_end(&b);
	dtb_build_end(&b);
	return dtb_build_finish(&b, false, size);
}

/* Linux's /chosen/rng-seed in its memory (its copy of guest_dtb()). */
static const uint8_t *linux_seed(size_t size, uint32_t *len)
{
	const uint8_t *mem = (const uint8_t *)(uintptr_t)ram_pa(LINUX_RAM);
	static struct dtb dt;
	int chosen;
	uint32_t n = 0;

	/* Linux's copy still parses, the rest of /chosen intact. */
	assert_true(dtb_init(&dt, mem + (LINUX_DTB_IPA - RAM_IPA), size));
	chosen = dtb_path(&dt, "/chosen");
	assert_true(chosen >= 0);
	assert_string_equal((const char *)dtb_prop(&dt, chosen, "bootargs", &n),
			    "console=ttyAMA0");
	assert_string_equal((const char *)dtb_prop(&dt, chosen, "stdout-path",
						   &n),
			    "/pl011@9000000");
	return dtb_prop(&dt, chosen, "rng-seed", len);
}

/* Boots with guest_dtb() for Linux; returns its /chosen/rng-seed there. */
static const uint8_t *boot_and_read_seed(uint32_t *len, size_t *size)
{
	struct scn_image *im = &scn.partitions[LINUX].image;
	uint8_t *blob = guest_dtb(size);

	assert_true(0x800 + *size <= FAKE_PAYLOAD_SIZE);
	memcpy(__payload_start + 0x800, blob, *size);
	im->dtb_offset = 0x800;
	im->dtb_size = *size;
	free(blob);
	/* Restarts as a scenario's default allows them. */
	scn.partitions[LINUX].restart_max = SCN_RESTART_MAX_DEFAULT;
	scn.partitions[LINUX].restart_window_ms = SCN_RESTART_WINDOW_DEFAULT_MS;
	set_up();
	vm_boot_all();
	return linux_seed(*size, len);
}

/* A seed that is neither the empty room nor the boot loader's own. */
static void assert_drawn_seed(const uint8_t *seed, uint32_t len)
{
	size_t size;
	uint8_t *blob = unit_load("qemu-gicv3.dtb", &size);
	struct dtb dt;
	uint32_t qlen = 0;
	const uint8_t *qemu;
	unsigned zeros = 0;

	assert_non_null(seed);
	assert_int_equal(len, SCN_RNG_SEED_SIZE);
	for (unsigned i = 0; i < len; i++) {
		zeros += seed[i] == 0;
	}
	assert_true(zeros < len / 2); /* random bytes, not the room */
	assert_true(dtb_init(&dt, blob, size));
	qemu = dtb_prop(&dt, dtb_path(&dt, "/chosen"), "rng-seed", &qlen);
	assert_true(qemu != NULL && qlen >= SCN_RNG_SEED_SIZE);
	/* Drawn from the DRBG the boot loader's seed started, not passed on. */
	assert_memory_not_equal(seed, qemu, SCN_RNG_SEED_SIZE);
	free(blob);
}

static void
vm_boot_all__gives_a_guest_os_a_seed_drawn_from_the_boot_loaders(void **state)
{
	uint8_t out[SCN_RNG_SEED_SIZE];
	const uint8_t *seed;
	uint32_t len = 0;
	size_t size;

	(void)state;
	seed = boot_and_read_seed(&len, &size); /* QEMU's tree has one */
	assert_drawn_seed(seed, len);
	/* Taken: nobody else gets the boot loader's own. */
	assert_false(board_take_seed(out));
}

/*
 * Linux, running, resets (PSCI SYSTEM_RESET) at `when` and is loaded and
 * entered again.
 */
static void restart_linux_at(uint64_t when)
{
	struct vcpu *v = &vms[LINUX].vcpus[0];

	fake.timer_now = when;
	vm_restart(&vms[LINUX]);
	assert_int_equal(vms[LINUX].state, VM_LOADING);
	assert_ptr_equal(idle_on(v->pcpu), v);
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
}

static void
vm_restart__gives_a_guest_os_a_fresh_seed_at_every_start(void **state)
{
	enum { STARTS = 6 };
	uint8_t seen[STARTS][SCN_RNG_SEED_SIZE];
	const uint8_t *seed;
	uint32_t len = 0;
	size_t size;

	(void)state;
	seed = boot_and_read_seed(&len, &size);
	run(&vms[LINUX].vcpus[0], RAM_IPA);
	for (unsigned i = 0; i < STARTS; i++) {
		if (i > 0) {
			/* A minute apart: within the restart limit. */
			restart_linux_at(i * 61u * FAKE_TIMER_FREQ);
			seed = linux_seed(size, &len);
		}
		assert_drawn_seed(seed, len);
		memcpy(seen[i], seed, SCN_RNG_SEED_SIZE);
		for (unsigned j = 0; j < i; j++) {
			assert_memory_not_equal(seen[i], seen[j],
						SCN_RNG_SEED_SIZE);
		}
	}
}

static void vm_boot_all__gives_no_seed_without_the_boot_loaders(void **state)
{
	uint8_t out[SCN_RNG_SEED_SIZE];
	uint32_t len = 0;
	size_t size;

	(void)state;
	assert_true(board_take_seed(out)); /* as if the board had none */
	/* No zeros passed off as entropy: the property is gone. */
	assert_null(boot_and_read_seed(&len, &size));
	assert_non_null(
		strstr(fake_console_text(),
		       "mica: the boot loader gave no /chosen/rng-seed: "
		       "no guest OS gets a seed\r\n"));
	/* Nor does a restart give one. */
	run(&vms[LINUX].vcpus[0], RAM_IPA);
	restart_linux_at(61u * FAKE_TIMER_FREQ);
	assert_null(linux_seed(size, &len));
}

/* --- vm_mmio ------------------------------------------------------------ */

static void vm_mmio__reads_the_vuart_flags(void **state)
{
	uint64_t val = 0;

	(void)state;
	assert_true(
		vm_mmio(&vms[LINUX].vcpus[0], UART(UARTFR), false, 4, &val));
	assert_true((val & UARTFR_TXFE) != 0);
	assert_true((val & UARTFR_RXFE) != 0);
	assert_int_equal(fake.vgic_mmio_count, 0);
	assert_int_equal(injected_total(), 0);
}

static void vm_mmio__writes_reach_the_partitions_own_vuart(void **state)
{
	uint64_t val = 'A';

	(void)state;
	assert_true(vm_mmio(&vms[RT].vcpus[1], UART(UARTDR), true, 4, &val));
	val = 0;
	assert_true(vm_mmio(&vms[RT].vcpus[0], UART(UARTRIS), false, 4, &val));
	assert_int_equal(val, UARTINT_TX);
	/* The other partitions' consoles saw nothing. */
	assert_int_equal(vms[LINUX].uart.ris, 0);
	assert_int_equal(vms[PIN].uart.ris, 0);
	/* Masked: the line stays low, nothing is injected. */
	assert_int_equal(injected_total(), 0);
}

/* Partition vm's vCPU 0 writes s to its vuart's data register. */
static void vuart_writes(struct vm *vm, const char *s)
{
	for (; *s != '\0'; s++) {
		uint64_t val = (uint8_t)*s;

		assert_true(
			vm_mmio(&vm->vcpus[0], UART(UARTDR), true, 1, &val));
	}
}

static void vm_mmio__hands_the_vuarts_output_to_the_console(void **state)
{
	(void)state;
	/* rt-bench has no keyboard: its lines are printed whole, tagged. */
	vuart_writes(&vms[RT], "ok");
	assert_string_equal(fake_console_text(), "");
	vuart_writes(&vms[RT], "\n");
	assert_string_equal(fake_console_text(), "[rt-bench] ok\r\n");
	/* linux has it: each character is printed as it is written. */
	fake_console_reset();
	vuart_writes(&vms[LINUX], "$");
	assert_string_equal(fake_console_text(), "[linux] $");
	vuart_writes(&vms[LINUX], " ");
	assert_string_equal(fake_console_text(), "[linux] $ ");
}

static void vm_mmio__injects_the_vuart_irq_while_its_line_is_high(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[1];
	uint64_t val = UARTINT_TX;

	(void)state;
	assert_true(vm_mmio(v, UART(UARTIMSC), true, 4, &val));
	assert_int_equal(v->arch.injected_count, 0); /* nothing raw yet */
	val = 'A';
	assert_true(vm_mmio(v, UART(UARTDR), true, 1, &val));
	assert_int_equal(v->arch.injected_count, 1);
	assert_int_equal(v->arch.injected[0], SCN_VUART_IRQ);
	/* Cleared: the line drops and stays low. */
	val = UARTINT_TX;
	assert_true(vm_mmio(v, UART(UARTICR), true, 4, &val));
	assert_true(vm_mmio(v, UART(UARTFR), false, 4, &val));
	assert_int_equal(v->arch.injected_count, 1);
	assert_int_equal(injected_total(), 1);
	assert_int_equal(fake.vgic_mmio_count, 0);
}

static void vm_mmio__refuses_an_access_the_vuart_does_not_allow(void **state)
{
	struct vcpu *v = &vms[PIN].vcpus[0];
	uint64_t val = UARTINT_ALL;

	(void)state;
	/* 8 bytes, misaligned, misaligned halfword: no PL011 allows them. */
	assert_false(vm_mmio(v, UART(UARTFR), false, 8, &val));
	assert_false(vm_mmio(v, UART(UARTFR + 1), false, 4, &val));
	assert_false(vm_mmio(v, UART(UARTIMSC + 1), true, 2, &val));
	assert_false(vm_mmio(v, UART(UARTIMSC), true, 8, &val));
	/* Refused writes change nothing. */
	assert_int_equal(vms[PIN].uart.imsc, 0);
	assert_int_equal(fake.vgic_mmio_count, 0);
	assert_int_equal(injected_total(), 0);
}

static void vm_mmio__gives_other_addresses_to_the_vgic(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[0];
	uint64_t val = 0;

	(void)state;
	fake.vgic_mmio_answer = VGIC_MMIO_DONE;
	fake.vgic_mmio_value = 0x43b;
	assert_true(vm_mmio(v, ipa_init(SCN_VGICD_BASE + 8), false, 4, &val));
	assert_int_equal(val, 0x43b);
	assert_int_equal(fake.vgic_mmio_count, 1);
	assert_int_equal(ipa_addr(fake.vgic_mmio_ipa), SCN_VGICD_BASE + 8);
	assert_int_equal(fake.vgic_mmio_size, 4);
	assert_false(fake.vgic_mmio_write);
	/* Just outside the vuart's page, on either side. */
	assert_true(vm_mmio(v, ipa_init(SCN_VUART_BASE - 4), true, 4, &val));
	assert_int_equal(ipa_addr(fake.vgic_mmio_ipa), SCN_VUART_BASE - 4);
	assert_true(fake.vgic_mmio_write);
	assert_true(
		vm_mmio(v, ipa_init(SCN_VUART_BASE + PAGE), false, 4, &val));
	assert_int_equal(ipa_addr(fake.vgic_mmio_ipa), SCN_VUART_BASE + PAGE);
	assert_int_equal(fake.vgic_mmio_count, 3);
	/* An access the vGIC refuses is refused. */
	fake.vgic_mmio_answer = VGIC_MMIO_BAD;
	assert_false(vm_mmio(v, ipa_init(SCN_VGICD_BASE + 1), false, 8, &val));
}

static void vm_mmio__returns_false_outside_the_vuart_and_the_vgic(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[0];
	static const uint64_t ipas[] = {
		0,
		SCN_VUART_BASE - 4,
		SCN_VUART_BASE + PAGE,
		RAM_IPA,
		SCN_VDEV_BASE + SCN_VDEV_SIZE,
		UINT64_MAX - 3,
	};

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(ipas); i++) {
		uint64_t val = 0x77;

		assert_false(vm_mmio(v, ipa_init(ipas[i]), false, 4, &val));
		assert_int_equal(val, 0x77);
	}
	assert_int_equal(fake.vgic_mmio_count, ARRAY_SIZE(ipas));
	assert_int_equal(injected_total(), 0);
}

/* --- vm_abort_is_guests ------------------------------------------------- */

/*
 * The board the scenario names: 16 MiB of RAM (the channel and the moved
 * read-only region outside it), mica's GIC and UART.
 */
static void board_ram_and_reserved(void)
{
	scn.board.ram[0].base = UINT64_C(0x40000000);
	scn.board.ram[0].size = UINT64_C(0x01000000);
	scn.board.ram_count = 1;
	scn.board.reserved[0].base = UINT64_C(0x08000000);
	scn.board.reserved[0].size = UINT64_C(0x01000000);
	scn.board.reserved[1].base = UINT64_C(0x09000000);
	scn.board.reserved[1].size = UINT64_C(0x1000);
	scn.board.reserved_count = 2;
}

static void vm_abort_is_guests__from_user_mode_wherever_it_is(void **state)
{
	static const uint64_t ipas[] = {
		CHAN_IPA,	DEV_BASE,
		ROM_IPA,	RAM_IPA + 0x10000000,
		SCN_VUART_BASE, UINT64_C(0x20000000),
	};

	(void)state;
	board_ram_and_reserved();
	for (size_t i = 0; i < ARRAY_SIZE(ipas); i++) {
		assert_true(vm_abort_is_guests(ipa_init(ipas[i]), true));
	}
	assert_string_equal(fake_console_text(), "");
}

static void vm_abort_is_guests__from_the_kernel_where_nothing_is(void **state)
{
	static const uint64_t ipas[] = {
		0,
		UINT64_C(0x0a000000),
		DEV_BASE + 0x200,
		CHAN_IPA + 2 * PAGE,
		ROM_IPA + 0x40000000,
		UINT64_C(0x41000000),
		UINT64_C(0x7fffffffff),
	};

	(void)state;
	board_ram_and_reserved();
	scn.partitions[LINUX].regions[1].ipa = ROM_IPA + 0x40000000 + PAGE;
	for (size_t i = 0; i < ARRAY_SIZE(ipas); i++) {
		if (!vm_abort_is_guests(ipa_init(ipas[i]), false)) {
			fail_msg("0x%llx is given to nobody",
				 (unsigned long long)ipas[i]);
		}
	}
}

static void
vm_abort_is_guests__not_from_the_kernel_where_something_is(void **state)
{
	static const uint64_t ipas[] = {
		/* RAM (another's), a read-only region, a channel, a device. */
		UINT64_C(0x40ffffff),
		ROM_IPA + 0x40000000 + PAGE,
		CHAN_IPA,
		CHAN_IPA + 2 * PAGE - 1,
		DEV_BASE,
		DEV_BASE + 0x1ff,
		/* mica's devices and the emulated ones. */
		SCN_VGICD_BASE,
		SCN_VGICR_BASE + 0x20000,
		SCN_VUART_BASE + 8,
		SCN_VGPIO_BASE,
		SCN_VDEV3_BASE + SCN_VDEV3_SIZE - 1,
		UINT64_C(0x08ffffff),
	};

	(void)state;
	board_ram_and_reserved();
	scn.partitions[LINUX].regions[1].ipa = ROM_IPA + 0x40000000 + PAGE;
	for (size_t i = 0; i < ARRAY_SIZE(ipas); i++) {
		if (vm_abort_is_guests(ipa_init(ipas[i]), false)) {
			fail_msg("0x%llx is given to someone",
				 (unsigned long long)ipas[i]);
		}
	}
	/* The scenario's board alone, no partition: still mica's. */
	scn.board.reserved_count = 0;
	assert_false(vm_abort_is_guests(ipa_init(SCN_VUART_BASE), false));
	assert_false(vm_abort_is_guests(ipa_init(SCN_VGPIO_BASE), false));
}

/* --- vm_fault ----------------------------------------------------------- */

static void vm_fault__logs_and_returns_under_policy_log(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[1];

	(void)state;
	run(v, RAM_IPA + 0x40);
	assert_true(vm_fault(v, "data abort", 0x7000));
	assert_string_equal(fake_console_text(),
			    "mica: partition linux vCPU 1: data abort at 0x7000; "
			    "policy log: the fault goes to the partition\r\n");
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
	assert_int_equal(v->state, VCPU_ON);
	assert_int_equal(v->arch.saves, 0);
	assert_ptr_equal(cpus[1].current, v);
}

/* Lines of the console's text that contain s. */
static unsigned lines_with(const char *s)
{
	unsigned n = 0;

	for (const char *t = fake_console_text(); (t = strstr(t, s)) != NULL;
	     t += strlen(s)) {
		n++;
	}
	return n;
}

static void vm_fault__keeps_a_fault_loop_to_the_partitions_budget(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[1];

	(void)state;
	run(v, RAM_IPA + 0x40);
	/* Its vector table unmapped: the same fault, over and over. */
	for (unsigned i = 0; i < 1000; i++) {
		assert_true(vm_fault(v, "instruction fetch", 0x200));
	}
	assert_int_equal(lines_with("policy log"), CONSOLE_MUX_BURST);
	/* Another partition's lines are its own budget's. */
	fake_console_reset();
	vm_restart(&vms[RT]);
	assert_string_equal(fake_console_text(),
			    "mica: partition rt-bench stopped: restarting\r\n"
			    "mica: partition rt-bench: restart 1 of 3 in 60000 "
			    "ms\r\n");
	/* A second later: the count of the rest, and the line. */
	fake_console_reset();
	fake.timer_now += FAKE_TIMER_FREQ / 1000 * CONSOLE_MUX_REFILL_MS;
	assert_true(vm_fault(v, "instruction fetch", 0x200));
	assert_true(vm_fault(v, "instruction fetch", 0x200));
	assert_string_equal(fake_console_text(),
			    "mica: partition linux: 984 lines about it "
			    "suppressed\r\n"
			    "mica: partition linux vCPU 1: instruction fetch at "
			    "0x200; policy log: the fault goes to the "
			    "partition\r\n");
}

static void vm_fault__stops_the_partition_under_policy_stop(void **state)
{
	struct vcpu *v = &vms[PIN].vcpus[0];
	struct vcpu *entered;

	(void)state;
	run(v, PIN_ENTRY);
	RUN_TO_IDLE(entered, (void)vm_fault(v, "data abort", 0xdead0000));
	assert_null(entered);
	assert_string_equal(fake_console_text(),
			    "mica: partition pin-entry vCPU 0: data abort at "
			    "0xdead0000; policy stop\r\n"
			    "mica: partition pin-entry stopped: fault\r\n");
	assert_int_equal(vms[PIN].state, VM_STOPPED);
	assert_int_equal(v->state, VCPU_OFF);
	assert_true(v->arch.saves >= 1);
	assert_null(cpus[4].current);
	/* The others run on. */
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(fake.system_off_count, 0);
}

static void vm_fault__restarts_the_partition_under_policy_restart(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[0];
	uint8_t *mem = (uint8_t *)(uintptr_t)ram_pa(RT_RAM);
	struct vcpu *entered;
	uint64_t val = UARTINT_TX;

	(void)state;
	run(v, RT_ENTRY);
	/* What the run left: memory, a console setting, an interrupt. */
	memset(mem, 0xee, 2 * PAGE);
	assert_true(vm_mmio(v, UART(UARTIMSC), true, 4, &val));
	vcpu_vtimer_fired();
	assert_int_equal(v->arch.injected_count, 1);
	RUN_TO_IDLE(entered,
		    (void)vm_fault(v, "undefined instruction", RT_ENTRY + 8));
	/* Its CPU took the new start request and entered it again. */
	assert_ptr_equal(entered, v);
	assert_string_equal(fake_console_text(),
			    "mica: partition rt-bench vCPU 0: undefined "
			    "instruction at 0x40000108; policy restart\r\n"
			    "mica: partition rt-bench stopped: restarting\r\n"
			    "mica: partition rt-bench: restart 1 of 3 in 60000 "
			    "ms\r\n");
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(vms[RT].restarts, 1);
	assert_int_equal(v->state, VCPU_ON);
	assert_int_equal(v->arch.resets, 2);
	assert_int_equal(v->arch.entry, RT_ENTRY);
	assert_int_equal(v->arch.context, 0);
	assert_true(v->arch.saves >= 1);
	assert_int_equal(vms[RT].uart.imsc, 0);
	assert_int_equal(v->arch.injected_count, 0);
	for (size_t i = 0; i < 2 * PAGE; i++) {
		if (mem[i] != 0) {
			fail_msg("byte 0x%zx not scrubbed", i);
		}
	}
	assert_int_equal(fake.system_off_count, 0);
}

/* Faults rt-bench's vCPU 0 (running, on CPU 2); returns what CPU 2 entered. */
static struct vcpu *fault_rt(void)
{
	struct vcpu *v = &vms[RT].vcpus[0];
	struct vcpu *entered;

	arch_cpu_set_local(&cpus[2]);
	assert_ptr_equal(cpus[2].current, v);
	RUN_TO_IDLE(entered, (void)vm_fault(v, "data abort", 0x10));
	return entered;
}

#define LIMIT_LINE                                                             \
	"mica: partition rt-bench stopped: restart limit reached (3 in 60000 " \
	"ms)\r\n"

static void vm_fault__stops_at_the_restart_limit(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[0];
	char want[160];

	(void)state;
	run(v, RT_ENTRY);
	for (unsigned i = 1; i <= SCN_RESTART_MAX_DEFAULT; i++) {
		fake_console_reset();
		assert_ptr_equal(fault_rt(), v);
		snprintf(want, sizeof(want),
			 "mica: partition rt-bench: restart %u of 3 in 60000 "
			 "ms\r\n",
			 i);
		assert_non_null(strstr(fake_console_text(), want));
		assert_int_equal(vms[RT].restarts, i);
		assert_int_equal(vms[RT].state, VM_RUNNING);
	}
	fake_console_reset();
	assert_null(fault_rt());
	assert_string_equal(fake_console_text(),
			    "mica: partition rt-bench vCPU 0: data abort at "
			    "0x10; policy restart\r\n" LIMIT_LINE);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	assert_int_equal(v->state, VCPU_OFF);
	assert_false(v->start_pending);
	assert_int_equal(v->arch.resets, 1 + SCN_RESTART_MAX_DEFAULT);
}

/* rt-bench's vCPU 0 asks for a reset (PSCI SYSTEM_RESET) at `when`. */
static void reset_rt_at(uint64_t when)
{
	fake.timer_now = when;
	fake_console_reset();
	vm_restart(&vms[RT]);
}

/* rt-bench asks for a reset at `when` and is loaded and started again. */
static void reset_and_rerun_rt_at(uint64_t when)
{
	struct vcpu *v = &vms[RT].vcpus[0];

	reset_rt_at(when);
	assert_null(strstr(fake_console_text(), "restart limit"));
	assert_int_equal(vms[RT].state, VM_LOADING);
	assert_int_equal(v->state, VCPU_OFF);
	assert_ptr_equal(idle_on(v->pcpu), v);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(v->arch.entry, RT_ENTRY);
}

static void vm_restart__counts_a_restart_the_partition_asked_for(void **state)
{
	(void)state;
	run(&vms[RT].vcpus[0], RT_ENTRY);
	for (unsigned i = 1; i <= SCN_RESTART_MAX_DEFAULT; i++) {
		reset_and_rerun_rt_at(i);
		assert_int_equal(vms[RT].restarts, i);
	}
	/* The fourth in the window: the attack that used to loop for ever. */
	reset_rt_at(4);
	assert_string_equal(fake_console_text(), LIMIT_LINE);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	assert_false(vms[RT].vcpus[0].start_pending);
	/* A fault after it finds the partition stopped: nothing more. */
	fake_console_reset();
	vm_restart(&vms[RT]);
	assert_string_equal(fake_console_text(), "");
}

static void vm_restart__asked_on_another_cpu_wakes_the_loader(void **state)
{
	struct vcpu *v0 = &vms[RT].vcpus[0];
	struct vcpu *v1 = &vms[RT].vcpus[1];

	(void)state;
	/* Linux's panic: its vCPU 1 resets while vCPU 0 is parked, off. */
	run(v0, RT_ENTRY);
	run(v1, RT_ENTRY);
	arch_cpu_set_local(&cpus[2]);
	vcpu_off(v0);
	assert_null(idle_on(v0->pcpu)); /* CPU 2 waits, nothing due */
	memset(fake_kicks, 0, sizeof(fake_kicks));
	arch_cpu_set_local(&cpus[3]);
	reset_rt_at(1);
	assert_int_equal(vms[RT].state, VM_LOADING);
	/* CPU 2, idle in WFI, is woken to load: else it never would. */
	assert_int_equal(fake_kicks[2], 1);
	assert_ptr_equal(idle_on(v0->pcpu), v0);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(v0->arch.entry, RT_ENTRY);
}

static void vm_restart__limits_restarts_in_any_window(void **state)
{
	uint64_t s = FAKE_TIMER_FREQ; /* one second of counter ticks */

	(void)state;
	run(&vms[RT].vcpus[0], RT_ENTRY);
	reset_and_rerun_rt_at(100 * s);
	reset_and_rerun_rt_at(130 * s);
	reset_and_rerun_rt_at(130 * s + 1);
	/* 60 s after the first: that one has left the window... */
	reset_and_rerun_rt_at(160 * s);
	assert_non_null(
		strstr(fake_console_text(), "restart 3 of 3 in 60000 ms"));
	/* ...the two at 130 s have not, nor has the one at 160 s. */
	reset_rt_at(189 * s);
	assert_string_equal(fake_console_text(), LIMIT_LINE);
	assert_int_equal(vms[RT].state, VM_STOPPED);
}

static void vm_restart__never_restarts_with_a_limit_of_0(void **state)
{
	(void)state;
	scn.partitions[RT].restart_max = 0;
	set_up();
	vm_boot_all();
	run(&vms[RT].vcpus[0], RT_ENTRY);
	fake_console_reset();
	vm_restart(&vms[RT]);
	assert_string_equal(fake_console_text(),
			    "mica: partition rt-bench stopped: restart limit "
			    "reached (0 in 60000 ms)\r\n");
	assert_int_equal(vms[RT].state, VM_STOPPED);
}

static void
vm_restart__keeps_a_reset_loop_to_the_partitions_budget(void **state)
{
	unsigned lines = 0;

	(void)state;
	/* The loosest limit a scenario may give: 16 restarts in any 1 ms. */
	scn.partitions[RT].restart_max = SCN_MAX_RESTARTS;
	scn.partitions[RT].restart_window_ms = 1;
	set_up();
	vm_boot_all();
	run(&vms[RT].vcpus[0], RT_ENTRY);
	/* A reset every 2 ms, 100 of them: 2 lines each, in 0.2 s. */
	for (unsigned i = 1; i <= 100; i++) {
		reset_and_rerun_rt_at(i * 2 * (FAKE_TIMER_FREQ / 1000));
		lines += lines_with("mica: partition rt-bench");
	}
	assert_int_equal(lines, CONSOLE_MUX_BURST);
	assert_int_equal(vms[RT].state, VM_RUNNING);
}

/* CPU 2's interrupt, taken between two chunks: pin-entry's timer fired. */
static void wake_pin(void *arg)
{
	(void)arg;
	vcpu_kick(&vms[PIN].vcpus[0]);
}

static bool all_bytes(const uint8_t *p, size_t n, uint8_t b)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != b) {
			return false;
		}
	}
	return true;
}

static void
vm_restart__loads_a_chunk_at_a_time_below_higher_priorities(void **state)
{
	struct vcpu *rt = &vms[RT].vcpus[0];
	struct vcpu *pin = &vms[PIN].vcpus[0];
	uint8_t *big = (uint8_t *)(uintptr_t)ram_pa(BIG);
	struct vcpu *entered;

	(void)state;
	/* pin-entry (priority 90) shares CPU 2 with rt-bench (1). */
	scn.partitions[PIN].vcpus[0].cpu = 2;
	scn.partitions[PIN].vcpus[0].priority = 90;
	region(&scn.partitions[RT], "big", RAM_IPA + 0x100000, BIG, BIG_PAGES,
	       0);
	/* No channel: rt-bench's stop would ring pin-entry before a chunk. */
	scn.channel_count = 0;
	set_up();
	vm_boot_all();
	assert_ptr_equal(idle_on(2), pin);
	RUN_TO_IDLE(entered, vcpu_wait(pin)); /* pin-entry waits */
	assert_ptr_equal(entered, rt);
	memset(big, 0xee, BIG_PAGES * PAGE);
	/* rt-bench faults; its restart scrubs 2 + 32 pages: three chunks. */
	fake.hook_at = FAKE_AT_IRQ_UNMASK;
	fake.hook = wake_pin;
	fake_console_reset();
	RUN_TO_IDLE(entered, (void)vm_fault(rt, "data abort", 0x10));
	/* One chunk (its 2 pages), then pin-entry's interrupt preempted it. */
	assert_ptr_equal(entered, pin);
	assert_int_equal(vms[RT].state, VM_LOADING);
	assert_int_equal(vms[RT].load.next, 1);
	assert_true(all_bytes(big, BIG_PAGES * PAGE, 0xee));
	assert_true(all_bytes((const uint8_t *)(uintptr_t)ram_pa(RT_RAM),
			      2 * PAGE, 0));
	assert_int_equal(rt->state, VCPU_OFF);
	/* pin-entry waits again: the load goes on, a chunk a pass. */
	RUN_TO_IDLE(entered, vcpu_wait(pin));
	assert_ptr_equal(entered, rt);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_true(loader_done(&vms[RT].load));
	assert_true(all_bytes(big, BIG_PAGES * PAGE, 0));
	assert_int_equal(rt->arch.entry, RT_ENTRY);
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition rt-bench: restart 1 of 3"));
}

static void vm_restart__waits_for_its_other_vcpus_then_gives_up(void **state)
{
	struct vcpu *v0 = &vms[RT].vcpus[0];
	struct vcpu *v1 = &vms[RT].vcpus[1];

	(void)state;
	run(v0, RT_ENTRY);
	run(v1, RT_ENTRY + 0x40);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	fake_console_reset();
	/* vCPU 1 never takes its kick; time passes while CPU 2 waits. */
	fake.timer_step = FAKE_TIMER_FREQ / 100;
	assert_null(fault_rt());
	assert_string_equal(fake_console_text(),
			    "mica: partition rt-bench vCPU 0: data abort at "
			    "0x10; policy restart\r\n"
			    "mica: partition rt-bench stopped: restarting\r\n"
			    "mica: partition rt-bench: vCPU 1 did not stop; "
			    "not restarting\r\n");
	assert_int_equal(fake_kicks[3], 1);
	assert_true(fake.timer_now >= FAKE_TIMER_FREQ);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	assert_int_equal(vms[RT].restarts, 1); /* tried: it counts */
	assert_int_equal(v0->state, VCPU_OFF);
	assert_false(v0->start_pending);
	/* vCPU 1 leaves at its next way back into the guest. */
	arch_cpu_set_local(&cpus[3]);
	{
		struct vcpu *entered;

		RUN_TO_IDLE(entered, vcpu_resume_check(v1));
		assert_null(entered);
	}
	assert_int_equal(v1->state, VCPU_OFF);
}

/* --- vm_stop ------------------------------------------------------------ */

static void vm_stop__stops_once(void **state)
{
	(void)state;
	assert_true(vm_stop(&vms[PIN], "it powered off"));
	assert_string_equal(
		fake_console_text(),
		"mica: partition pin-entry stopped: it powered off\r\n");
	assert_int_equal(vms[PIN].state, VM_STOPPED);
	assert_false(vm_stop(&vms[PIN], "again"));
	assert_string_equal(
		fake_console_text(),
		"mica: partition pin-entry stopped: it powered off\r\n");
	assert_int_equal(vms[PIN].state, VM_STOPPED);
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
}

static void vm_stop__prints_its_unfinished_line_first(void **state)
{
	(void)state;
	vuart_writes(&vms[RT], "Kernel panic");
	assert_true(vm_stop(&vms[RT], "test"));
	assert_string_equal(fake_console_text(),
			    "[rt-bench] Kernel panic\r\n"
			    "mica: partition rt-bench stopped: test\r\n");
}

static void vm_stop__kicks_the_cpus_of_its_vcpus_that_are_on(void **state)
{
	(void)state;
	run(&vms[RT].vcpus[0], RT_ENTRY);
	run(&vms[RT].vcpus[1], RT_ENTRY);
	run(&vms[LINUX].vcpus[0], RAM_IPA);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	/* From CPU 2, one of its own: the other one is kicked, not CPU 2. */
	arch_cpu_set_local(&cpus[2]);
	assert_true(vm_stop(&vms[RT], "test"));
	assert_int_equal(fake_kicks[3], 1);
	assert_int_equal(kicks_total(), 1);
	/* From another partition's CPU: every vCPU that is on. */
	memset(fake_kicks, 0, sizeof(fake_kicks));
	arch_cpu_set_local(&cpus[5]);
	assert_true(vm_stop(&vms[LINUX], "test"));
	assert_int_equal(fake_kicks[0], 1);
	assert_int_equal(kicks_total(), 1); /* vCPU 1 is off */
}

static void vm_stop__cancels_start_requests_not_taken(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[1];

	(void)state;
	assert_int_equal(vcpu_request_start(v, ipa_init(RAM_IPA), 0), 0);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	assert_true(vm_stop(&vms[LINUX], "test"));
	assert_false(v->start_pending);
	assert_false(vms[LINUX].vcpus[0].start_pending);
	assert_int_equal(kicks_total(), 0);
	assert_null(idle_on(1));
	assert_null(idle_on(0));
	assert_int_equal(v->arch.resets, 0);
}

static void
vm_stop__powers_off_after_the_last_partition_with_mica_poweroff(void **state)
{
	(void)state;
	probe_board("qemu-cmdline.dtb");
	assert_true(board_cmdline_has(board_get(), "mica.poweroff"));
	assert_true(vm_stop(&vms[LINUX], "test"));
	assert_true(vm_stop(&vms[RT], "test"));
	assert_int_equal(fake.system_off_count, 0);
	fake_console_reset();
	assert_true(vm_stop(&vms[PIN], "it powered off"));
	assert_string_equal(
		fake_console_text(),
		"mica: partition pin-entry stopped: it powered off\r\n"
		"mica: every partition has stopped; powering off\r\n");
	assert_int_equal(fake.system_off_count, 1);
}

static void vm_stop__counts_partitions_without_an_image_as_stopped(void **state)
{
	(void)state;
	probe_board("qemu-cmdline.dtb");
	scn.partitions[RT].image.kind = SCN_IMAGE_NONE;
	set_up();
	vm_boot_all();
	assert_int_equal(vms[RT].state, VM_OFF);
	assert_true(vm_stop(&vms[LINUX], "test"));
	assert_int_equal(fake.system_off_count, 0);
	assert_true(vm_stop(&vms[PIN], "test"));
	assert_int_equal(fake.system_off_count, 1);
}

static void vm_stop__does_not_power_off_without_mica_poweroff(void **state)
{
	(void)state;
	assert_false(board_cmdline_has(board_get(), "mica.poweroff"));
	for (unsigned i = 0; i < 3; i++) {
		assert_true(vm_stop(&vms[i], "test"));
	}
	assert_null(strstr(fake_console_text(), "powering off"));
	assert_int_equal(fake.system_off_count, 0);
}

static void vm_stop__does_not_power_off_for_a_restart(void **state)
{
	(void)state;
	probe_board("qemu-cmdline.dtb");
	assert_true(vm_stop(&vms[LINUX], "test"));
	assert_true(vm_stop(&vms[PIN], "test"));
	run(&vms[RT].vcpus[0], RT_ENTRY);
	fake_console_reset();
	/* The last running partition stops only to start again. */
	vm_restart(&vms[RT]);
	assert_string_equal(fake_console_text(),
			    "mica: partition rt-bench stopped: restarting\r\n"
			    "mica: partition rt-bench: restart 1 of 3 in 60000 "
			    "ms\r\n");
	assert_int_equal(fake.system_off_count, 0);
	assert_int_equal(vms[RT].state, VM_LOADING);
	/* Nor after one by its fault policy. */
	assert_ptr_equal(idle_on(2), &vms[RT].vcpus[0]);
	assert_ptr_equal(fault_rt(), &vms[RT].vcpus[0]);
	assert_int_equal(fake.system_off_count, 0);
	assert_null(strstr(fake_console_text(), "powering off"));
}

/* --- passed-through interrupts ------------------------------------------- */

static void vm_setup_all__routes_device_interrupts_to_their_owner(void **state)
{
	(void)state;
	assert_true(fake_spi_enabled[DEV_IRQ]);
	assert_int_equal(fake_spi_cpu[DEV_IRQ], vms[PIN].vcpus[0].pcpu);
}

static void vm_forward_irq__masks_and_injects_into_the_owner(void **state)
{
	struct vcpu *v = &vms[PIN].vcpus[0];

	(void)state;
	v->arch.injected_count = 0;
	assert_true(vm_forward_irq(DEV_IRQ));
	/* Masked at the controller until the partition has finished with it. */
	assert_false(fake_spi_enabled[DEV_IRQ]);
	assert_int_equal(v->arch.injected_count, 1);
	assert_int_equal(v->arch.injected[0], DEV_IRQ);
}

/* Unmasked, and routed again to the owner's CPU, once the vGIC is done. */
static void
vm_unmask_forwarded__unmasks_an_interrupt_the_partition_ended(void **state)
{
	struct vcpu *v = &vms[PIN].vcpus[0];

	(void)state;
	assert_true(vm_forward_irq(DEV_IRQ));
	fake_spi_cpu[DEV_IRQ] = MICA_MAX_CPUS; /* so that a route shows */
	vm_unmask_forwarded(&vms[PIN]);
	assert_int_equal(fake.vgic_idle_intid, DEV_IRQ);
	assert_true(fake_spi_enabled[DEV_IRQ]);
	assert_int_equal(fake_spi_cpu[DEV_IRQ], v->pcpu);
}

/*
 * While the partition has not ended the interrupt (pending or active in its
 * vGIC), its line stays masked: unmasked, a level-triggered device would
 * interrupt again at once. It is unmasked at the first exit after the end.
 */
static void
vm_unmask_forwarded__keeps_masked_an_interrupt_not_ended(void **state)
{
	(void)state;
	assert_true(vm_forward_irq(DEV_IRQ));
	fake.vgic_idle = false;
	vm_unmask_forwarded(&vms[PIN]);
	assert_int_equal(fake.vgic_idle_intid, DEV_IRQ);
	assert_false(fake_spi_enabled[DEV_IRQ]);
	vm_unmask_forwarded(&vms[PIN]);
	assert_false(fake_spi_enabled[DEV_IRQ]);
	fake.vgic_idle = true;
	vm_unmask_forwarded(&vms[PIN]);
	assert_true(fake_spi_enabled[DEV_IRQ]);
}

/* An interrupt that was not forwarded is not enabled behind mica's back. */
static void
vm_unmask_forwarded__leaves_an_interrupt_it_did_not_mask(void **state)
{
	(void)state;
	arch_irq_disable_shared(DEV_IRQ);
	vm_unmask_forwarded(&vms[PIN]);
	assert_false(fake_spi_enabled[DEV_IRQ]);
	/* Its vGIC is not even asked: this runs at every exit. */
	assert_int_equal(fake.vgic_idle_count, 0);
	/* Nor twice: the first unmask takes the mark. */
	assert_true(vm_forward_irq(DEV_IRQ));
	vm_unmask_forwarded(&vms[PIN]);
	arch_irq_disable_shared(DEV_IRQ);
	vm_unmask_forwarded(&vms[PIN]);
	assert_false(fake_spi_enabled[DEV_IRQ]);
}

/* Not its own: the line is left as it was, enabled here, and nobody is told. */
static void vm_forward_irq__leaves_interrupts_no_device_owns(void **state)
{
	(void)state;
	arch_irq_enable_shared(DEV_IRQ + 1, 0);
	arch_irq_enable_shared(1019, 0);
	assert_false(vm_forward_irq(DEV_IRQ + 1));
	assert_false(vm_forward_irq(1019));
	assert_false(vm_forward_irq(5000));
	assert_true(fake_spi_enabled[DEV_IRQ + 1]);
	assert_true(fake_spi_enabled[1019]);
	assert_int_equal(injected_total(), 0);
	assert_int_equal(kicks_total(), 0);
}

static void
vm_forward_irq__does_not_inject_into_a_stopped_partition(void **state)
{
	struct vcpu *v = &vms[PIN].vcpus[0];

	(void)state;
	assert_true(vm_stop(&vms[PIN], "test"));
	v->arch.injected_count = 0;
	assert_true(vm_forward_irq(DEV_IRQ));
	assert_false(fake_spi_enabled[DEV_IRQ]);
	assert_int_equal(v->arch.injected_count, 0);
}

/* --- regressions: bugs these tests found, fixed ------------------------ */

static void make_valid(void)
{
	struct scn_error err;

	scn.board.ram[0].base = ram_pa(0);
	scn.board.ram[0].size = RAM_PAGES * PAGE;
	scn.board.ram_count = 1;
	scn.board.hypervisor.base = ram_pa(RAM_PAGES - 1);
	scn.board.hypervisor.size = PAGE;
	snprintf(scn.name, sizeof(scn.name), "bugs");
	for (unsigned i = 0; i < 3; i++) {
		scn.partitions[i].image.blob_size = 0x200;
	}
	scn.partitions[PIN].devices[0].mmio.base = 0x0c000000;
	scn.partitions[PIN].devices[0].irqs[0] = 40;
	scn.partitions[PIN].devices[0].irq_count = 1;
	scn.channels[0].doorbell_a = 41;
	scn.channels[0].doorbell_b = 42;
	if (!scenario_check(&scn, &err)) {
		fail_msg("scenario_check: %s: %s", err.path, err.msg);
	}
}

static void shared(unsigned part, unsigned with, uint64_t ipa, unsigned page,
		   unsigned pages)
{
	struct scn_partition *p = &scn.partitions[part];
	region(p, "shm", ipa, page, pages, SCN_MEM_SHARED);
	p->regions[p->region_count - 1].shared_with = with;
}

static void vm_setup_all__maps_all_of_regions_shared_in_part(void **state)
{
	paddr_t pa;
	unsigned attrs;
	(void)state;
	shared(LINUX, RT, 0x42000000, 10, 2); /* pages 10,11 */
	shared(RT, LINUX, 0x42000000, 11, 2); /* pages 11,12 */
	/* rt-bench's image in the tail of its shared region */
	scn.partitions[RT].image.load_ipa = 0x42001000;
	scn.partitions[RT].image.entry_ipa = 0x42001000;
	make_valid();
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	assert_true(mm_lookup_hyp(&hyp, va_init(ram_pa(11)), &pa, &attrs));
	/* Page 12 belongs to rt-bench only: the hypervisor maps it too. */
	assert_true(mm_lookup_hyp(&hyp, va_init(ram_pa(12)), &pa, &attrs));
}

static void vm_setup_all__accepts_a_shared_region_starting_before(void **state)
{
	(void)state;
	shared(LINUX, RT, 0x42000000, 11, 2); /* pages 11,12 */
	shared(RT, LINUX, 0x42000000, 10, 2); /* pages 10,11 */
	make_valid();
	assert_true(vm_setup_all(&scn, &hyp, &pool));
}

/*
 * A boot loader as a guest OS (U-Boot, configs/uboot.dts): a raw image
 * started at its entry, with its device tree below it where the scenario
 * put it, and a passed-through device with no interrupt (a flash).
 * Before raw images, scenario_check() refused both.
 */
static void
vm_boot_all__starts_a_raw_image_at_its_entry_with_its_dtb(void **state)
{
	static const uint8_t image[] = "a boot loader";
	struct scn_partition *p = &scn.partitions[LINUX];
	struct scn_device *flash = &p->devices[0];
	const uint8_t *mem = (const uint8_t *)(uintptr_t)ram_pa(LINUX_RAM);

	(void)state;
	p->image.kind = SCN_IMAGE_RAW;
	p->image.load_ipa = RAM_IPA + PAGE;
	p->image.entry_ipa = RAM_IPA + PAGE + 0x40;
	p->image.dtb_ipa = RAM_IPA;
	p->image.dtb_offset = 0x800;
	p->image.dtb_size = 0x100;
	memcpy(__payload_start + 0x100, image, sizeof(image));
	p->image.blob_offset = 0x100;
	snprintf(flash->node, sizeof(flash->node), "flash");
	flash->mmio.base = 0;
	flash->mmio.size = 2 * PAGE;
	flash->irq_count = 0;
	p->device_count = 1;
	make_valid();
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	vm_boot_all();
	assert_memory_equal(mem + PAGE, image, sizeof(image));
	assert_true(vms[LINUX].vcpus[0].start_pending);
	assert_int_equal(ipa_addr(vms[LINUX].vcpus[0].start_entry),
			 RAM_IPA + PAGE + 0x40);
	assert_int_equal(vms[LINUX].vcpus[0].start_context, RAM_IPA);
	assert_s2(&vms[LINUX], 0, 0,
		  MM_STAGE2 | MM_READ | MM_WRITE | MM_DEVICE);
	assert_s2(&vms[LINUX], PAGE, PAGE,
		  MM_STAGE2 | MM_READ | MM_WRITE | MM_DEVICE);
	/* No interrupt is forwarded for it: only pin-entry's device's. */
	for (unsigned irq = 0; irq < 1020; irq++) {
		assert_int_equal(fake_spi_enabled[irq], irq == 40);
	}
}

static void vm_restart__that_gives_up_powers_off_after_the_last(void **state)
{
	(void)state;
	probe_board("qemu-cmdline.dtb");
	assert_true(vm_stop(&vms[LINUX], "test"));
	assert_true(vm_stop(&vms[PIN], "test"));
	run(&vms[RT].vcpus[0], RT_ENTRY);
	run(&vms[RT].vcpus[1], RT_ENTRY);
	fake.timer_step = FAKE_TIMER_FREQ / 100;
	fake_console_reset();
	assert_null(fault_rt());
	for (unsigned i = 0; i < 3; i++)
		assert_int_not_equal(vms[i].state, VM_RUNNING);
	assert_int_equal(fake.system_off_count, 1);
}

/* CPU 3: rt-bench's vCPU 1, ON, issues PSCI CPU_ON for vCPU 0 while CPU 2 restarts */
static void *cpu3(void *arg)
{
	struct vm *vm = arg;
	arch_cpu_set_local(&cpus[3]);
	while (__atomic_load_n(&vm->vcpus[0].state, __ATOMIC_ACQUIRE) !=
	       VCPU_OFF) {
	}
	/* vm_stop has run (state STOPPED), vCPU 0 saved and OFF: a CPU_ON arrives */
	(void)vcpu_request_start(&vm->vcpus[0], ipa_init(0xbad000), 0xbad);
	/* then vCPU 1 leaves (its next exit) */
	__atomic_store_n(&vm->vcpus[1].state, VCPU_OFF, __ATOMIC_RELEASE);
	return NULL;
}

static void vm_restart__voids_a_cpu_on_made_while_stopping(void **state)
{
	pthread_t t;
	struct vcpu *v0 = &vms[RT].vcpus[0];
	(void)state;
	run(v0, RT_ENTRY);
	run(&vms[RT].vcpus[1], RT_ENTRY);
	arch_cpu_set_local(&cpus[2]);
	assert_int_equal(pthread_create(&t, NULL, cpu3, &vms[RT]), 0);
	vm_restart(&vms[RT]);
	pthread_join(t, NULL);
	assert_ptr_equal(idle_on(2), v0);
	/* The restarted partition starts at its image's entry, not the old call's. */
	assert_int_equal(v0->arch.entry, RT_ENTRY);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			vm_setup_all__gives_every_vcpu_its_cpu_and_index,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__maps_regions_channels_and_devices,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__queues_vcpus_of_two_partitions_on_one_cpu,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__queues_two_vcpus_of_one_partition_on_one_cpu,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__marks_only_the_direct_vcpu_direct, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__gives_each_vcpu_its_priority_and_budget_in_ticks,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__queues_as_many_vcpus_as_a_cpu_hosts,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__refuses_more_vcpus_than_a_cpu_hosts,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__fails_with_a_line_when_the_pool_runs_out,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__adds_the_consoles_in_partition_order,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_boot_all__requests_the_first_vcpu_of_each_partition,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_boot_all__scrubs_memory_and_copies_the_images, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_boot_all__scrubs_no_page_an_image_overwrites, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_boot_all__gives_a_guest_os_a_seed_drawn_from_the_boot_loaders,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__gives_a_guest_os_a_fresh_seed_at_every_start,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_boot_all__gives_no_seed_without_the_boot_loaders,
			setup, teardown),
		cmocka_unit_test_setup_teardown(vm_mmio__reads_the_vuart_flags,
						setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_mmio__writes_reach_the_partitions_own_vuart,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_mmio__hands_the_vuarts_output_to_the_console,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_mmio__injects_the_vuart_irq_while_its_line_is_high,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_mmio__refuses_an_access_the_vuart_does_not_allow,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_mmio__gives_other_addresses_to_the_vgic,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_mmio__returns_false_outside_the_vuart_and_the_vgic,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_fault__logs_and_returns_under_policy_log,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_fault__keeps_a_fault_loop_to_the_partitions_budget,
			setup_booted, teardown),

		cmocka_unit_test_setup_teardown(
			vm_fault__stops_the_partition_under_policy_stop,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_fault__restarts_the_partition_under_policy_restart,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_fault__stops_at_the_restart_limit, setup_booted,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__counts_a_restart_the_partition_asked_for,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__asked_on_another_cpu_wakes_the_loader,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__limits_restarts_in_any_window, setup_booted,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__never_restarts_with_a_limit_of_0, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__keeps_a_reset_loop_to_the_partitions_budget,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__loads_a_chunk_at_a_time_below_higher_priorities,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__waits_for_its_other_vcpus_then_gives_up,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(vm_stop__stops_once,
						setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__prints_its_unfinished_line_first, setup_booted,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__kicks_the_cpus_of_its_vcpus_that_are_on,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__cancels_start_requests_not_taken, setup_booted,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__powers_off_after_the_last_partition_with_mica_poweroff,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__counts_partitions_without_an_image_as_stopped,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__does_not_power_off_without_mica_poweroff,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_stop__does_not_power_off_for_a_restart, setup_booted,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__maps_all_of_regions_shared_in_part, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__accepts_a_shared_region_starting_before,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_boot_all__starts_a_raw_image_at_its_entry_with_its_dtb,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__that_gives_up_powers_off_after_the_last,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_restart__voids_a_cpu_on_made_while_stopping,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_setup_all__routes_device_interrupts_to_their_owner,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			vm_forward_irq__masks_and_injects_into_the_owner,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_unmask_forwarded__unmasks_an_interrupt_the_partition_ended,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_unmask_forwarded__keeps_masked_an_interrupt_not_ended,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_unmask_forwarded__leaves_an_interrupt_it_did_not_mask,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_forward_irq__leaves_interrupts_no_device_owns,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_forward_irq__does_not_inject_into_a_stopped_partition,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vm_abort_is_guests__from_user_mode_wherever_it_is,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			vm_abort_is_guests__from_the_kernel_where_nothing_is,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			vm_abort_is_guests__not_from_the_kernel_where_something_is,
			setup_built, teardown),
	};

	return cmocka_run_group_tests_name("vm", tests, NULL, NULL);
}
