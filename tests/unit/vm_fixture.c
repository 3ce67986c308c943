// SPDX-License-Identifier: Apache-2.0
/*
 * The world of the partition and vCPU tests (see vm_fixture.h): the
 * scenario it builds, the setups that build, set up and boot it, and the
 * helpers that run a CPU of it.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "mica/console_mux.h"
#include "mica/cpu.h"
#include "mica/dtb.h"
#include "mica/irq.h"
#include "mica/layout.h"
#include "vm_fixture.h"

struct scenario scn;

struct board board;

struct palloc pool;

struct mm_table hyp;

uint8_t *pool_mem;

uint8_t *ram;

uint64_t ram_pa(unsigned page)
{
	return (uintptr_t)ram + page * PAGE;
}

void region(struct scn_partition *p, const char *node, uint64_t ipa,
	    unsigned page, unsigned pages, uint32_t flags)
{
	struct scn_region *r = &p->regions[p->region_count++];

	snprintf(r->node, sizeof(r->node), "%s", node);
	r->ipa = ipa;
	r->pa = ram_pa(page);
	r->size = pages * PAGE;
	r->flags = flags;
	r->shared_with = SCN_NONE;
}

void partition(unsigned i, const char *name, uint32_t kind, uint32_t policy,
	       uint32_t image, uint64_t entry)
{
	struct scn_partition *p = &scn.partitions[i];

	snprintf(p->name, sizeof(p->name), "%s", name);
	p->kind = kind;
	p->fault_policy = policy;
	p->image.kind = image;
	p->image.load_ipa = RAM_IPA;
	p->image.entry_ipa = entry;
	scn.partition_count = i + 1;
}

void vcpu_on(unsigned i, uint32_t cpu)
{
	struct scn_partition *p = &scn.partitions[i];

	p->vcpus[p->vcpu_count].cpu = cpu;
	p->vcpus[p->vcpu_count].priority = SCN_PRIO_MIN;
	p->vcpu_count++;
}

void build_scenario(void)
{
	struct scn_channel *c = &scn.channels[0];

	memset(&scn, 0, sizeof(scn));
	scn.magic = SCN_MAGIC;
	scn.version = SCN_VERSION;
	scn.board.cpu_count = 8;
	scn.board.arch.gic_version = 3;

	partition(LINUX, "linux", SCN_KIND_GUEST_OS, SCN_FAULT_LOG,
		  SCN_IMAGE_LINUX, RAM_IPA);
	scn.partitions[LINUX].image.dtb_ipa = LINUX_DTB_IPA;
	vcpu_on(LINUX, 0);
	vcpu_on(LINUX, 1);
	region(&scn.partitions[LINUX], "ram", RAM_IPA, LINUX_RAM, 4, 0);
	region(&scn.partitions[LINUX], "rom", ROM_IPA, LINUX_ROM, 1,
	       SCN_MEM_READ_ONLY);

	partition(RT, "rt-bench", SCN_KIND_NATIVE, SCN_FAULT_RESTART,
		  SCN_IMAGE_ELF, RT_ENTRY);
	scn.partitions[RT].restart_max = SCN_RESTART_MAX_DEFAULT;
	scn.partitions[RT].restart_window_ms = SCN_RESTART_WINDOW_DEFAULT_MS;
	vcpu_on(RT, 2);
	vcpu_on(RT, 3);
	region(&scn.partitions[RT], "ram", RAM_IPA, RT_RAM, 2, 0);

	partition(PIN, "pin-entry", SCN_KIND_NATIVE, SCN_FAULT_STOP,
		  SCN_IMAGE_ELF, PIN_ENTRY);
	vcpu_on(PIN, 4);
	scn.partitions[PIN].flags = SCN_PART_SECURE_INPUT;
	region(&scn.partitions[PIN], "ram", RAM_IPA, PIN_RAM, 1, 0);
	snprintf(scn.partitions[PIN].devices[0].node, SCN_NAME_MAX, "gpio");
	scn.partitions[PIN].devices[0].mmio.base = DEV_BASE;
	scn.partitions[PIN].devices[0].mmio.size = 0x200;
	scn.partitions[PIN].devices[0].irqs[0] = DEV_IRQ;
	scn.partitions[PIN].devices[0].irq_count = 1;
	scn.partitions[PIN].device_count = 1;

	snprintf(c->name, sizeof(c->name), "bench");
	c->a = RT;
	c->b = PIN;
	c->direction = SCN_DIR_A_TO_B;
	c->pa = ram_pa(CHAN);
	c->size = 2 * PAGE;
	c->ipa_a = CHAN_IPA;
	c->ipa_b = CHAN_IPA;
	scn.channel_count = 1;
}

void probe_board(const char *file)
{
	size_t size;
	uint8_t *blob = unit_load(file, &size);
	struct dtb dt;
	char err[128];

	assert_true(dtb_init(&dt, blob, size));
	if (!board_probe(&dt, &board, err, sizeof(err))) {
		fail_msg("%s: %s", file, err);
	}
	free(blob);
}

void reset_world(size_t pages)
{
	memset(cpus, 0, sizeof(cpus));
	for (unsigned i = 0; i < MICA_MAX_CPUS; i++) {
		cpus[i].index = i;
	}
	memset(vms, 0, sizeof(vms));
	vm_count = 0;
	console_mux_init();
	palloc_init(&pool, pool_mem, pages * PAGE);
	memset(&hyp, 0, sizeof(hyp));
	if (pages > 0) {
		assert_true(mm_table_init(&hyp, HYP_LEVELS, &pool));
	}
	arch_cpu_set_local(&cpus[0]);
}

int setup(void **state)
{
	(void)state;
	fake_reset();
	pool_mem = aligned_alloc(PAGE, POOL_PAGES * PAGE);
	ram = aligned_alloc(PAGE, RAM_PAGES * PAGE);
	assert_non_null(pool_mem);
	assert_non_null(ram);
	/* Dirty, so that a scrub or a missing one shows. */
	memset(ram, 0x5a, RAM_PAGES * PAGE);
	memset(__payload_start, 0, FAKE_PAYLOAD_SIZE);
	reset_world(POOL_PAGES);
	build_scenario();
	probe_board("qemu-gicv3.dtb"); /* no mica.poweroff */
	irq_set_timer(FAKE_TIMER_IRQ);
	irq_set_vtimer(ARCH_IRQ_NONE);
	irq_set_console(ARCH_IRQ_NONE);
	return 0;
}

int teardown(void **state)
{
	(void)state;
	free(pool_mem);
	free(ram);
	return 0;
}

void set_up(void)
{
	assert_true(vm_setup_all(&scn, &hyp, &pool));
	fake_console_reset();
}

int setup_built(void **state)
{
	setup(state);
	set_up();
	return 0;
}

int setup_booted(void **state)
{
	setup_built(state);
	vm_boot_all();
	fake_console_reset();
	memset(fake_kicks, 0, sizeof(fake_kicks));
	return 0;
}

struct vcpu *entered_since(const struct sched_cpu *q,
			   const unsigned before[SCN_MAX_CPU_VCPUS])
{
	struct vcpu *entered = NULL;

	for (unsigned i = 0; i < q->count; i++) {
		if (q->vcpus[i]->arch.enters != before[i]) {
			assert_null(entered);
			entered = q->vcpus[i];
		}
	}
	return entered;
}

struct vcpu *idle_on(unsigned pcpu)
{
	struct vcpu *entered;

	arch_cpu_set_local(&cpus[pcpu]);
	RUN_TO_IDLE(entered, vcpu_idle());
	return entered;
}

void run(struct vcpu *v, uint64_t entry)
{
	if (!v->start_pending) {
		assert_int_equal(vcpu_request_start(v, ipa_init(entry), 0), 0);
	}
	assert_ptr_equal(idle_on(v->pcpu), v);
	assert_int_equal(v->state, VCPU_ON);
	assert_ptr_equal(cpus[v->pcpu].current, v);
	assert_int_equal(v->arch.entered_on, v->pcpu);
}

unsigned kicks_total(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < MICA_MAX_CPUS; i++) {
		n += fake_kicks[i];
	}
	return n;
}

unsigned injected_total(void)
{
	unsigned n = 0;

	for (unsigned i = 0; i < vm_count; i++) {
		for (unsigned j = 0; j < vms[i].vcpu_count; j++) {
			n += vms[i].vcpus[j].arch.injected_count;
		}
	}
	return n;
}

void assert_s2(const struct vm *vm, uint64_t ipa, uint64_t pa, unsigned attrs)
{
	paddr_t got = pa_init(0);
	unsigned got_attrs = 0;

	if (!mm_lookup_s2(&vm->s2, ipa_init(ipa), &got, &got_attrs)) {
		fail_msg("%s: ipa 0x%lx is not mapped", vm->cfg->name,
			 (unsigned long)ipa);
	}
	assert_int_equal(pa_addr(got), pa);
	assert_int_equal(got_attrs, attrs);
}

bool s2_mapped(const struct vm *vm, uint64_t ipa)
{
	paddr_t pa;
	unsigned attrs;

	return mm_lookup_s2(&vm->s2, ipa_init(ipa), &pa, &attrs);
}
