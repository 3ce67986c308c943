// SPDX-License-Identifier: Apache-2.0
/*
 * The boot-time check of the built-in scenario (mica/scenario_boot.h): each
 * reason it refuses a scenario that does not fit the board it booted on,
 * one line each, and the summary it prints when the scenario fits.
 *
 * The board is built by hand, as arch_board_probe() and board_probe() fill
 * it: RAM, CPUs and the fake's interrupt controller. The scenario places
 * mica and the partition images where the fake port has them (its image
 * page and payload page, mica/layout.h), and two partitions in host memory
 * the test allocates: nothing is touched, only compared.
 */
#include "mica/board.h"
#include "mica/layout.h"
#include "mica/scenario_boot.h"
#include "unit.h"

#define PAGE MICA_PAGE_SIZE
#define RAM_PAGES 4
#define RAM_IPA UINT64_C(0x40000000)
#define CPUS 4u

static struct scenario scn;
static struct board board;
static uint8_t *ram;

static uint64_t image(void)
{
	return (uintptr_t)__image_start;
}

static uint64_t payload(void)
{
	return (uintptr_t)__payload_start;
}

static uint64_t payload_size(void)
{
	return (uintptr_t)__payload_end - payload();
}

static void partition(unsigned i, const char *name, uint32_t kind,
		      unsigned page, unsigned pages, unsigned cpu)
{
	struct scn_partition *p = &scn.partitions[i];
	struct scn_region *r = &p->regions[p->region_count++];

	snprintf(p->name, sizeof(p->name), "%s", name);
	p->kind = kind;
	p->fault_policy = SCN_FAULT_STOP;
	p->image.kind = SCN_IMAGE_ELF;
	p->image.load_ipa = RAM_IPA;
	p->image.entry_ipa = RAM_IPA;
	p->image.blob_offset = 0;
	p->image.blob_size = 0x800;
	p->vcpus[0].cpu = cpu;
	p->vcpus[0].priority = SCN_PRIO_MIN;
	p->vcpu_count = 1;
	snprintf(r->node, sizeof(r->node), "ram");
	r->ipa = RAM_IPA;
	r->pa = (uintptr_t)ram + page * PAGE;
	r->size = pages * PAGE;
	r->shared_with = SCN_NONE;
	scn.partition_count = i + 1;
}

/*
 * A scenario that fits: RAM 0 is mica's and the images' pages, RAM 1 the
 * partitions'; "os" (guest OS, 3 pages in two regions, two vCPUs) and "rt"
 * (native, 1 page, one vCPU on CPU 3). The board has that RAM, CPUS CPUs
 * and the controller the scenario wants.
 */
static int setup(void **state)
{
	struct scn_partition *os = &scn.partitions[0];
	struct scn_region *r;

	(void)state;
	fake_reset();
	ram = aligned_alloc(PAGE, RAM_PAGES * PAGE);
	assert_non_null(ram);

	memset(&scn, 0, sizeof(scn));
	scn.magic = SCN_MAGIC;
	scn.version = SCN_VERSION;
	snprintf(scn.name, sizeof(scn.name), "two");
	scn.board.ram[0].base = image();
	scn.board.ram[0].size = (uintptr_t)__payload_end - image();
	scn.board.ram[1].base = (uintptr_t)ram;
	scn.board.ram[1].size = RAM_PAGES * PAGE;
	scn.board.ram_count = 2;
	scn.board.hypervisor.base = image();
	scn.board.hypervisor.size = (uintptr_t)__image_end - image();
	scn.board.payload.base = payload();
	scn.board.payload.size = payload_size();
	scn.board.cpu_count = CPUS;
	scn.board.arch.gic_version = FAKE_GIC_VERSION;

	partition(0, "os", SCN_KIND_GUEST_OS, 0, 2, 0);
	os->image.kind = SCN_IMAGE_LINUX;
	os->image.dtb_ipa = RAM_IPA + PAGE;
	os->vcpus[1].cpu = 1;
	os->vcpus[1].priority = SCN_PRIO_MIN;
	os->vcpu_count = 2;
	r = &os->regions[os->region_count++];
	snprintf(r->node, sizeof(r->node), "more");
	r->ipa = RAM_IPA + 2 * PAGE;
	r->pa = (uintptr_t)ram + 2 * PAGE;
	r->size = PAGE;
	r->shared_with = SCN_NONE;
	partition(1, "rt", SCN_KIND_NATIVE, 3, 1, 3);

	/* Room around mica for the tests that move it or the images. */
	memset(&board, 0, sizeof(board));
	board.ram[0].base = pa_init(image() - 4 * PAGE);
	board.ram[0].size = scn.board.ram[0].size + 8 * PAGE;
	board.ram[1].base = pa_init((uintptr_t)ram);
	board.ram[1].size = RAM_PAGES * PAGE;
	board.ram_count = 2;
	board.cpu_count = CPUS;
	board.arch.gic_version = FAKE_GIC_VERSION;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(ram);
	return 0;
}

/* scenario_boot() refuses, having printed exactly `line`. */
static void assert_refused(const char *line)
{
	assert_false(scenario_boot(&scn, &board, pa_init(0)));
	assert_string_equal(fake_console_text(), line);
}

static void
scenario_boot__prints_a_summary_of_a_scenario_that_fits(void **state)
{
	char want[256];

	(void)state;
	assert_true(scenario_boot(&scn, &board, pa_init(0)));
	snprintf(want, sizeof(want),
		 "scenario \"two\": 2 partitions, 0 channels, 0 rights; "
		 "images 4 KiB at 0x%lx\r\n"
		 "partition os: guest OS, 2 vCPUs from CPU 0, 12 KiB of "
		 "memory, 0 devices, image 2 KiB\r\n"
		 "partition rt: native, 1 vCPU from CPU 3, 4 KiB of memory, "
		 "0 devices, image 2 KiB\r\n",
		 (unsigned long)payload());
	assert_string_equal(fake_console_text(), want);
}

static void scenario_boot__accepts_no_scenario(void **state)
{
	(void)state;
	memset(&scn, 0, sizeof(scn));
	assert_true(scenario_boot(&scn, &board, pa_init(0)));
	assert_string_equal(fake_console_text(),
			    "mica: no scenario built in (SCENARIO=none)\r\n");
}

static void scenario_boot__refuses_what_scenario_check_refuses(void **state)
{
	char want[128];

	(void)state;
	scn.version = SCN_VERSION + 1;
	snprintf(want, sizeof(want),
		 "mica: scenario rejected: /: scenario format version %u; "
		 "this mica reads %u\r\n",
		 SCN_VERSION + 1, SCN_VERSION);
	assert_refused(want);
}

/* Each end of each RAM range the scenario uses must be the board's. */
static void scenario_boot__refuses_ram_the_board_does_not_have(void **state)
{
	char want[128];
	uint64_t base = (uintptr_t)ram;
	uint64_t last = base + RAM_PAGES * PAGE - 1;

	(void)state;
	snprintf(want, sizeof(want),
		 "mica: scenario needs RAM 0x%lx-0x%lx, which this board "
		 "does not have\r\n",
		 (unsigned long)base, (unsigned long)last);
	/* Its last page missing. */
	board.ram[1].size -= PAGE;
	assert_refused(want);
	/* Its first page missing. */
	fake_console_reset();
	board.ram[1].base = pa_init(base + PAGE);
	assert_refused(want);
	/* None of it. */
	fake_console_reset();
	board.ram_count = 1;
	assert_refused(want);
}

static void scenario_boot__refuses_more_cpus_than_the_board_has(void **state)
{
	(void)state;
	board.cpu_count = CPUS - 1;
	assert_refused("mica: scenario needs 4 CPUs, the board has 3\r\n");
	/* As many is enough. */
	fake_console_reset();
	board.cpu_count = CPUS;
	assert_true(scenario_boot(&scn, &board, pa_init(0)));
}

/* The reason is the arch's (arch_board_matches()), on the same line. */
static void scenario_boot__refuses_another_interrupt_controller(void **state)
{
	(void)state;
	board.arch.gic_version = 2;
	assert_refused("mica: scenario does not fit the board: the board has "
		       "GICv2, the scenario wants GICv3\r\n");
}

static void scenario_boot__refuses_mica_elsewhere_than_it_runs(void **state)
{
	char want[160];

	(void)state;
	/* Its start... */
	scn.board.ram[0].base -= PAGE;
	scn.board.ram[0].size += PAGE;
	scn.board.hypervisor.base -= PAGE;
	snprintf(want, sizeof(want),
		 "mica: scenario places mica at 0x%lx (4 KiB), but it runs at "
		 "0x%lx (4 KiB)\r\n",
		 (unsigned long)(image() - PAGE), (unsigned long)image());
	assert_refused(want);
	/* ...or its size. */
	fake_console_reset();
	scn.board.hypervisor.base = image();
	scn.board.hypervisor.size = 2 * PAGE;
	scn.board.payload.base += PAGE;
	scn.board.payload.size = PAGE;
	scn.board.ram[0].size += 2 * PAGE;
	snprintf(want, sizeof(want),
		 "mica: scenario places mica at 0x%lx (8 KiB), but it runs at "
		 "0x%lx (4 KiB)\r\n",
		 (unsigned long)image(), (unsigned long)image());
	assert_refused(want);
}

static void scenario_boot__refuses_images_elsewhere_than_they_are(void **state)
{
	char want[160];

	(void)state;
	/* Their start... */
	scn.board.ram[0].size += PAGE;
	scn.board.payload.base += PAGE;
	snprintf(want, sizeof(want),
		 "mica: the partition images are not where the scenario says "
		 "(0x%lx, 4096 bytes)\r\n",
		 (unsigned long)(payload() + PAGE));
	assert_refused(want);
	/* ...or their size. */
	fake_console_reset();
	scn.board.payload.base = payload();
	scn.board.payload.size = 2 * PAGE;
	snprintf(want, sizeof(want),
		 "mica: the partition images are not where the scenario says "
		 "(0x%lx, 8192 bytes)\r\n",
		 (unsigned long)payload());
	assert_refused(want);
}

/*
 * The boot loader may put the device tree anywhere but on the images,
 * which are copied into partitions after it was read: from their first
 * byte to their last.
 */
static void scenario_boot__refuses_a_device_tree_inside_the_images(void **state)
{
	uint64_t in[] = { payload(), payload() + payload_size() - 1 };
	uint64_t out[] = { payload() - 1, payload() + payload_size() };
	char want[128];

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(in); i++) {
		fake_console_reset();
		snprintf(want, sizeof(want),
			 "mica: the boot loader put the device tree at "
			 "0x%lx, inside the partition images\r\n",
			 (unsigned long)in[i]);
		assert_false(scenario_boot(&scn, &board, pa_init(in[i])));
		assert_string_equal(fake_console_text(), want);
	}
	for (unsigned i = 0; i < ARRAY_SIZE(out); i++) {
		assert_true(scenario_boot(&scn, &board, pa_init(out[i])));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			scenario_boot__prints_a_summary_of_a_scenario_that_fits,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__accepts_no_scenario, setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_what_scenario_check_refuses,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_ram_the_board_does_not_have,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_more_cpus_than_the_board_has,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_another_interrupt_controller,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_mica_elsewhere_than_it_runs,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_images_elsewhere_than_they_are,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			scenario_boot__refuses_a_device_tree_inside_the_images,
			setup, teardown),
	};

	return cmocka_run_group_tests_name("scenario_boot", tests, NULL, NULL);
}
