// SPDX-License-Identifier: Apache-2.0
/*
 * Management hypercalls (mica/manage.h, manage.c) in the world of
 * vm_fixture.h, with rights added: pin-entry may start, stop and wipe
 * rt-bench; linux may only stop rt-bench, and may stage into and wipe
 * pin-entry, which is made updatable (a standby page and two one-page
 * image slots) for the stage, standby, switch and wipe tests; linux may
 * switch it too. rt-bench holds no right at all. Each refusal is checked to
 * change nothing; each action by the state, memory and lines it leaves.
 */
#include "arch/fake.h"
#include "arch/timer.h"
#include "mica/chan.h"
#include "mica/cpu.h"
#include "mica/hcall.h"
#include "mica/hypercall.h"
#include "mica/layout.h"
#include "mica/manage.h"
#include "mica/vm.h"
#include "unit.h"
#include "vm_fixture.h"

/* Free pages of `ram` (vm_fixture.h) for pin-entry's update memory. */
#define PIN_STANDBY 10
#define PIN_SLOT_A 11
#define PIN_SLOT_B 12
#define PIN_IMAGE_SIZE 16

static const int64_t inval = MICA_HC_INVALID_PARAMETER;
static const int64_t denied = MICA_HC_DENIED;

static void right(const char *name, unsigned subject, unsigned object,
		  uint32_t allow)
{
	struct scn_right *r = &scn.rights[scn.right_count++];

	snprintf(r->name, sizeof(r->name), "%s", name);
	r->subject = (uint8_t)subject;
	r->object = (uint8_t)object;
	r->allow = allow;
}

/* The world, pin-entry's probation after a switch probation_ms long. */
static int managed(void **state, uint32_t probation_ms)
{
	struct scn_partition *pin;

	setup(state);
	right("pin-rt", PIN, RT,
	      SCN_RIGHT_START | SCN_RIGHT_STOP | SCN_RIGHT_WIPE);
	right("linux-rt", LINUX, RT, SCN_RIGHT_STOP | SCN_RIGHT_STAGE);
	right("linux-pin", LINUX, PIN,
	      SCN_RIGHT_WIPE | SCN_RIGHT_STAGE | SCN_RIGHT_SWITCH);
	pin = &scn.partitions[PIN];
	pin->flags |= SCN_PART_UPDATABLE;
	pin->version = 7;
	pin->update.standby_pa[0] = ram_pa(PIN_STANDBY);
	pin->update.slot_pa[0] = ram_pa(PIN_SLOT_A);
	pin->update.slot_pa[1] = ram_pa(PIN_SLOT_B);
	pin->update.image_size = PAGE;
	pin->update.standby_priority = SCN_PRIO_MIN;
	pin->update.deadline_ms = 100;
	pin->update.probation_ms = probation_ms;
	/* Its built-in image: PIN_IMAGE_SIZE bytes of 0xc3 at RAM_IPA. */
	pin->image.blob_size = PIN_IMAGE_SIZE;
	memset(__payload_start, 0xc3, PIN_IMAGE_SIZE);
	set_up();
	vm_boot_all();
	fake_console_reset();
	return 0;
}

static int setup_managed(void **state)
{
	return managed(state, 0);
}

static int setup_probation(void **state)
{
	return managed(state, 50);
}

static int64_t call(unsigned caller, uint32_t fid, uint64_t a1, uint64_t a2)
{
	return (int64_t)manage_call(&vms[caller].vcpus[0], fid, a1, a2, 0, 0, 0,
				    0)
		.x0;
}

/* x1, x2 of MICA_HC_PART_FIND for name. */
static void name_regs(const char *name, uint64_t *a1, uint64_t *a2)
{
	uint8_t b[16] = { 0 };

	memcpy(b, name, strlen(name));
	memcpy(a1, b, 8);
	memcpy(a2, b + 8, 8);
}

static void assert_all(const uint8_t *p, uint8_t v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] != v) {
			fail_msg("byte %zu is 0x%x, not 0x%x", i, p[i], v);
		}
	}
}

/* --- refusals --------------------------------------------------------- */

static void manage_call__refuses_ids_the_caller_may_not_name(void **state)
{
	static const uint32_t fids[] = { MICA_HC_PART_QUERY, MICA_HC_PART_STOP,
					 MICA_HC_PART_START,
					 MICA_HC_PART_RESTART,
					 MICA_HC_PART_WIPE };

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(fids); i++) {
		/* Its own, out of range, or one it holds no right over. */
		assert_int_equal(call(PIN, fids[i], PIN, 0), inval);
		assert_int_equal(call(PIN, fids[i], 3, 0), inval);
		assert_int_equal(call(PIN, fids[i], UINT64_C(1) << 32, 0),
				 inval);
		assert_int_equal(call(PIN, fids[i], LINUX, 0), inval);
		assert_int_equal(call(RT, fids[i], LINUX, 0), inval);
		assert_int_equal(call(RT, fids[i], PIN, 0), inval);
	}
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
	assert_string_equal(fake_console_text(), "");
}

static void manage_call__denies_a_right_the_caller_lacks(void **state)
{
	(void)state;
	/* linux may stop rt-bench: not start, restart or wipe it. */
	assert_int_equal(call(LINUX, MICA_HC_PART_START, RT, 0), denied);
	assert_int_equal(call(LINUX, MICA_HC_PART_RESTART, RT, 0), denied);
	assert_int_equal(call(LINUX, MICA_HC_PART_WIPE, RT, 0), denied);
	/* linux may wipe pin-entry: not stop it. */
	assert_int_equal(call(LINUX, MICA_HC_PART_STOP, PIN, 0), denied);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(vms[PIN].state, VM_RUNNING);
	assert_string_equal(fake_console_text(), "");
	/* Any right allows a query. */
	assert_int_equal(call(LINUX, MICA_HC_PART_QUERY, RT, 0),
			 MICA_HC_SUCCESS);
}

static void manage_call__find_names_only_what_the_caller_manages(void **state)
{
	struct hc_result r;
	uint64_t a1;
	uint64_t a2;

	(void)state;
	name_regs("rt-bench", &a1, &a2);
	r = manage_call(&vms[PIN].vcpus[0], MICA_HC_PART_FIND, a1, a2, 0, 0, 0,
			0);
	assert_int_equal(r.x0, MICA_HC_SUCCESS);
	assert_int_equal(r.x1, RT);
	/* rt-bench manages nobody: linux is as unknown to it as "nobody". */
	name_regs("linux", &a1, &a2);
	assert_int_equal(call(RT, MICA_HC_PART_FIND, a1, a2), inval);
	assert_int_equal(call(LINUX, MICA_HC_PART_FIND, a1, a2), inval);
	name_regs("nobody", &a1, &a2);
	assert_int_equal(call(PIN, MICA_HC_PART_FIND, a1, a2), inval);
	/* The NUL padding counts: "rt-bench" and one byte more is another. */
	name_regs("rt-bench", &a1, &a2);
	assert_int_equal(call(PIN, MICA_HC_PART_FIND, a1, a2 | 1), inval);
}

static void manage_call__query_tells_state_version_and_flags(void **state)
{
	struct hc_result r;

	(void)state;
	r = manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY, PIN, 0, 0, 0,
			0, 0);
	assert_int_equal(r.x0, MICA_HC_SUCCESS);
	assert_int_equal(r.x1, MICA_PART_RUNNING);
	assert_int_equal(r.x2, 7);
	assert_int_equal(r.x3, MICA_STANDBY_NONE);
	assert_int_equal(r.x4, 0);
	assert_int_equal(r.x5, MICA_PART_F_UPDATABLE);
	assert_true(vm_stop(&vms[RT], "test"));
	r = manage_call(&vms[PIN].vcpus[0], MICA_HC_PART_QUERY, RT, 0, 0, 0, 0,
			0);
	assert_int_equal(r.x1, MICA_PART_STOPPED);
	assert_int_equal(r.x5, 0);
}

/* --- stop, start, restart --------------------------------------------- */

static void manage_call__stops_then_starts_afresh(void **state)
{
	uint8_t *rt_ram = (uint8_t *)(uintptr_t)ram_pa(RT_RAM);
	struct vcpu *v = &vms[RT].vcpus[0];

	(void)state;
	run(v, RT_ENTRY);
	memset(rt_ram, 0x77, 2 * PAGE);
	assert_int_equal(call(LINUX, MICA_HC_PART_STOP, RT, 0),
			 MICA_HC_SUCCESS);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	assert_int_equal(call(LINUX, MICA_HC_PART_STOP, RT, 0),
			 MICA_HC_NOT_REQUIRED);
	/* Its memory is kept until a start. */
	assert_all(rt_ram, 0x77, 2 * PAGE);
	/* Its vCPU leaves at its CPU's next decision. */
	assert_ptr_equal(idle_on(v->pcpu), NULL);
	assert_int_equal(v->state, VCPU_OFF);
	arch_cpu_set_local(&cpus[4]); /* pin-entry's CPU calls */
	assert_int_equal(call(PIN, MICA_HC_PART_START, RT, 0), MICA_HC_SUCCESS);
	assert_int_equal(vms[RT].state, VM_LOADING);
	assert_int_equal(call(PIN, MICA_HC_PART_START, RT, 0),
			 MICA_HC_NOT_REQUIRED);
	/* Its own CPU scrubs and loads it, then enters it. */
	assert_ptr_equal(idle_on(v->pcpu), v);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_all(rt_ram, 0, 2 * PAGE);
	assert_string_equal(
		fake_console_text(),
		"mica: partition rt-bench stopped: asked by linux\r\n"
		"mica: partition rt-bench started by pin-entry\r\n");
	/* Others ran on. */
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
	assert_int_equal(vms[PIN].state, VM_RUNNING);
}

static void manage_call__restart_stops_and_starts(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[0];

	(void)state;
	run(v, RT_ENTRY);
	arch_cpu_set_local(&cpus[4]);
	fake.timer_step = FAKE_TIMER_FREQ / 100; /* the wait ends */
	/* Its vCPU runs on another CPU: the wait for it is bounded. */
	assert_int_equal(call(PIN, MICA_HC_PART_RESTART, RT, 0),
			 MICA_HC_IN_PROGRESS);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	assert_ptr_equal(idle_on(v->pcpu), NULL);
	arch_cpu_set_local(&cpus[4]);
	assert_int_equal(call(PIN, MICA_HC_PART_RESTART, RT, 0),
			 MICA_HC_SUCCESS);
	assert_int_equal(vms[RT].state, VM_LOADING);
	assert_ptr_equal(idle_on(v->pcpu), v);
	assert_int_equal(vms[RT].state, VM_RUNNING);
}

/* A start that finds a load being planned (its own restart) does none. */
static void manage_call__start_leaves_a_restart_to_itself(void **state)
{
	(void)state;
	assert_true(vm_stop(&vms[RT], "test"));
	vms[RT].reloading = true;
	assert_int_equal(call(PIN, MICA_HC_PART_START, RT, 0),
			 MICA_HC_NOT_REQUIRED);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	vms[RT].reloading = false;
	assert_int_equal(call(PIN, MICA_HC_PART_START, RT, 0), MICA_HC_SUCCESS);
	assert_int_equal(vms[RT].state, VM_LOADING);
	assert_false(vms[RT].reloading);
}

/* --- wipe -------------------------------------------------------------- */

/* Calls wipe until it is done; returns the calls it took. */
static unsigned wipe_all(unsigned caller, unsigned id)
{
	unsigned n = 1;
	int64_t st;

	while ((st = call(caller, MICA_HC_PART_WIPE, id, 0)) ==
	       MICA_HC_IN_PROGRESS) {
		assert_true(++n < 100);
	}
	assert_int_equal(st, MICA_HC_SUCCESS);
	return n;
}

static void manage_call__wipe_scrubs_revokes_and_forbids_a_start(void **state)
{
	const struct scn_channel *c = &scn.channels[0];
	struct hc_result r;

	(void)state;
	run(&vms[PIN].vcpus[0], PIN_ENTRY);
	arch_cpu_set_local(&cpus[0]);
	memset((void *)(uintptr_t)ram_pa(PIN_RAM), 0x11, PAGE);
	memset((void *)(uintptr_t)ram_pa(PIN_STANDBY), 0x22, 3 * PAGE);
	memset((void *)(uintptr_t)c->pa, 0x33, c->size);
	assert_true(vm_forward_irq(DEV_IRQ));
	fake_console_reset();
	/* Its vCPU runs on CPU 4: the first call waits for it, bounded. */
	fake.timer_step = FAKE_TIMER_FREQ / 100;
	assert_int_equal(call(LINUX, MICA_HC_PART_WIPE, PIN, 0),
			 MICA_HC_IN_PROGRESS);
	assert_int_equal(vms[PIN].state, VM_STOPPED);
	assert_ptr_equal(idle_on(4), NULL);
	arch_cpu_set_local(&cpus[0]);
	/* Stop, scrub, read back: a chunk a call, never all at once. */
	assert_true(wipe_all(LINUX, PIN) > 2);
	assert_int_equal(vms[PIN].state, VM_WIPED);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0, PAGE);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_STANDBY), 0, 3 * PAGE);
	/* Its part of the channel (it reads it): rt-bench's part is kept. */
	assert_all((uint8_t *)(uintptr_t)c->pa + PAGE, 0, PAGE);
	assert_all((uint8_t *)(uintptr_t)c->pa, 0x33, PAGE);
	/* One page of RAM, its standby copy, two slots, a channel page. */
	assert_string_equal(fake_console_text(),
			    "mica: partition pin-entry stopped: wiped by "
			    "linux\r\n"
			    "mica: partition pin-entry wiped: 20 KiB scrubbed "
			    "and read back as zero\r\n");
	/* Its device's interrupt is nobody's now; its peer sees it down. */
	assert_false(vm_forward_irq(DEV_IRQ));
	assert_int_equal(chan_ring(&vms[RT].vcpus[0], 0), MICA_HC_PEER_DOWN);
	r = chan_info(&vms[RT].vcpus[0], 0);
	assert_int_equal(r.x3 & MICA_HC_CHAN_PEER_UP, 0);
	/* Never again: no start, and nothing more to wipe. */
	r = manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY, PIN, 0, 0, 0,
			0, 0);
	assert_int_equal(r.x1, MICA_PART_WIPED);
	assert_int_equal(call(LINUX, MICA_HC_PART_WIPE, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	assert_int_equal(vcpu_request_start(&vms[PIN].vcpus[0],
					    ipa_init(PIN_ENTRY), 0),
			 -1);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_int_equal(vms[LINUX].state, VM_RUNNING);
}

static void manage_call__wipe_refuses_later_starts(void **state)
{
	(void)state;
	(void)wipe_all(PIN, RT);
	assert_int_equal(call(PIN, MICA_HC_PART_START, RT, 0), denied);
	assert_int_equal(call(PIN, MICA_HC_PART_STOP, RT, 0), denied);
	assert_int_equal(call(PIN, MICA_HC_PART_RESTART, RT, 0), denied);
	assert_int_equal(vms[RT].state, VM_WIPED);
}

/* Memory written between the scrub and its read-back is scrubbed again. */
static void manage_call__wipe_reads_back_what_it_scrubbed(void **state)
{
	uint8_t *pin_ram = (uint8_t *)(uintptr_t)ram_pa(PIN_RAM);
	const uint8_t *slot_b = (const uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_B);
	bool dirtied = false;
	int64_t st;

	(void)state;
	for (unsigned n = 0; (st = call(LINUX, MICA_HC_PART_WIPE, PIN, 0)) ==
			     MICA_HC_IN_PROGRESS;
	     n++) {
		assert_true(n < 100);
		/* The last slot scrubbed: the read-back begins. */
		if (!dirtied && slot_b[0] == 0) {
			pin_ram[PAGE - 1] = 1;
			dirtied = true;
		}
	}
	assert_true(dirtied);
	assert_int_equal(st, MICA_HC_SUCCESS);
	assert_all(pin_ram, 0, PAGE);
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition pin-entry: wiped memory did "
			       "not read back as zero; scrubbing again\r\n"));
}

/* --- stage -------------------------------------------------------------- */

static int64_t stage(unsigned caller, unsigned id, uint64_t off, uint64_t ipa,
		     uint64_t len)
{
	return (int64_t)manage_call(&vms[caller].vcpus[0], MICA_HC_PART_STAGE,
				    id, off, ipa, len, 0, 0)
		.x0;
}

static void manage_call__stage_copies_from_the_callers_own_memory(void **state)
{
	uint8_t *linux_ram = (uint8_t *)(uintptr_t)ram_pa(LINUX_RAM);
	uint8_t *slot = (uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_A);
	struct hc_result r;

	(void)state;
	for (unsigned i = 0; i < 2 * PAGE; i++) {
		linux_ram[i] = (uint8_t)i;
	}
	memset(slot, 0, PAGE);
	/* 100 bytes from linux's RAM + 10 to the slot's offset 50. */
	assert_int_equal(stage(LINUX, PIN, 50, RAM_IPA + 10, 100),
			 MICA_HC_SUCCESS);
	assert_memory_equal(slot + 50, linux_ram + 10, 100);
	assert_all(slot, 0, 50);
	assert_all(slot + 150, 0, PAGE - 150);
	/* Its read-only region is its own too; up to the slot's end. */
	assert_int_equal(stage(LINUX, PIN, PAGE - 8, ROM_IPA, 8),
			 MICA_HC_SUCCESS);
	r = manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY, PIN, 0, 0, 0,
			0, 0);
	assert_int_equal(r.x3, MICA_STANDBY_STAGED);
}

static void manage_call__stage_refuses_what_is_out_of_range(void **state)
{
	uint8_t *slot = (uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_A);
	struct hc_result r;

	(void)state;
	memset(slot, 0xee, PAGE);
	/* Past the slot, wrapping, empty, more than a chunk. */
	assert_int_equal(stage(LINUX, PIN, PAGE, RAM_IPA, 1), inval);
	assert_int_equal(stage(LINUX, PIN, PAGE - 8, RAM_IPA, 9), inval);
	assert_int_equal(stage(LINUX, PIN, UINT64_MAX, RAM_IPA, 2), inval);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, 0), inval);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, MICA_STAGE_CHUNK + 1),
			 inval);
	/* Source past its RAM, wrapping, in no region (a channel's, the console). */
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA + 4 * PAGE - 4, 8),
			 inval);
	assert_int_equal(stage(LINUX, PIN, 0, UINT64_MAX - 4, 8), inval);
	assert_int_equal(stage(LINUX, PIN, 0, CHAN_IPA, 8), inval);
	assert_int_equal(stage(LINUX, PIN, 0, SCN_VUART_BASE, 8), inval);
	/* rt-bench is not updatable; pin-entry may not stage into it. */
	assert_int_equal(stage(LINUX, RT, 0, RAM_IPA, 8), inval);
	assert_int_equal(stage(PIN, RT, 0, RAM_IPA, 8), denied);
	assert_all(slot, 0xee, PAGE);
	r = manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY, PIN, 0, 0, 0,
			0, 0);
	assert_int_equal(r.x3, MICA_STANDBY_NONE);
}

/* Its shared memory is the other side's too: never a source. */
static void manage_call__stage_refuses_shared_memory(void **state)
{
	(void)state;
	scn.partitions[LINUX].regions[1].flags |= SCN_MEM_SHARED;
	assert_int_equal(stage(LINUX, PIN, 0, ROM_IPA, 8), inval);
	scn.partitions[LINUX].regions[1].flags &= ~SCN_MEM_SHARED;
	assert_int_equal(stage(LINUX, PIN, 0, ROM_IPA, 8), MICA_HC_SUCCESS);
}

/* --- standby, ready, switch, rollback ----------------------------------- */

/* STANDBY by linux of a PAGE-size image at RAM_IPA, entry +0x40. */
static int64_t boot_standby(uint64_t version, uint64_t flags)
{
	return (int64_t)manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_STANDBY,
				    PIN, PAGE, version, RAM_IPA, RAM_IPA + 0x40,
				    flags)
		.x0;
}

/* pin-entry's standby state to a query: x3, with x4 in *version. */
static uint64_t standby_state(uint64_t *version)
{
	struct hc_result r = manage_call(&vms[LINUX].vcpus[0],
					 MICA_HC_PART_QUERY, PIN, 0, 0, 0, 0,
					 0);

	*version = r.x4;
	return r.x3;
}

/* An image staged into pin-entry's first slot: a page of 0x5a. */
static void stage_image(void)
{
	memset((void *)(uintptr_t)ram_pa(LINUX_RAM), 0x5a, PAGE);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, PAGE), MICA_HC_SUCCESS);
}

/* The standby's load runs to its end, as its CPU would. */
static void load_standby(void)
{
	struct vm *s = vms[PIN].twin;

	assert_int_equal(s->state, VM_LOADING);
	for (unsigned n = 0; !vm_load_step(s); n++) {
		assert_true(n < 10);
	}
}

static void manage_call__standby_refusals_change_nothing(void **state)
{
	uint64_t v;

	(void)state;
	/* Nothing staged yet. */
	assert_int_equal(boot_standby(8, 0), MICA_HC_NOT_REQUIRED);
	stage_image();
	/* No right, or not the stage right (pin over rt). */
	assert_int_equal((int64_t)manage_call(&vms[RT].vcpus[0],
					      MICA_HC_PART_STANDBY, PIN, PAGE,
					      8, RAM_IPA, RAM_IPA, 0)
				 .x0,
			 inval);
	assert_int_equal((int64_t)manage_call(&vms[PIN].vcpus[0],
					      MICA_HC_PART_STANDBY, RT, PAGE, 8,
					      RAM_IPA, RAM_IPA, 0)
				 .x0,
			 denied);
	/* Not above version 7, without allow-downgrade. */
	assert_int_equal(boot_standby(7, 0), denied);
	assert_int_equal(boot_standby(3, 0), denied);
	/* Sizes, load range, entry, flags. */
	assert_int_equal((int64_t)manage_call(&vms[LINUX].vcpus[0],
					      MICA_HC_PART_STANDBY, PIN, 0, 8,
					      RAM_IPA, RAM_IPA, 0)
				 .x0,
			 inval);
	assert_int_equal((int64_t)manage_call(&vms[LINUX].vcpus[0],
					      MICA_HC_PART_STANDBY, PIN,
					      PAGE + 1, 8, RAM_IPA, RAM_IPA, 0)
				 .x0,
			 inval);
	assert_int_equal((int64_t)manage_call(&vms[LINUX].vcpus[0],
					      MICA_HC_PART_STANDBY, PIN, 16, 8,
					      RAM_IPA + PAGE - 8,
					      RAM_IPA + PAGE - 8, 0)
				 .x0,
			 inval);
	assert_int_equal((int64_t)manage_call(&vms[LINUX].vcpus[0],
					      MICA_HC_PART_STANDBY, PIN, 16, 8,
					      RAM_IPA, RAM_IPA + 16, 0)
				 .x0,
			 inval);
	assert_int_equal((int64_t)manage_call(&vms[LINUX].vcpus[0],
					      MICA_HC_PART_STANDBY, PIN, 16, 8,
					      CHAN_IPA, CHAN_IPA, 0)
				 .x0,
			 inval);
	assert_int_equal(boot_standby(8, 2), inval);
	assert_int_equal(standby_state(&v), MICA_STANDBY_STAGED);
	assert_int_equal(vms[PIN].twin->state, VM_OFF);
	/* A stopped partition is not updated live. */
	assert_int_equal(call(LINUX, MICA_HC_PART_STOP, PIN, 0),
			 MICA_HC_DENIED);
	(void)vm_stop(&vms[PIN], "test");
	assert_int_equal(boot_standby(8, 0), denied);
	assert_int_equal(vms[PIN].twin->state, VM_OFF);
}

static void manage_call__standby_boots_in_its_own_memory(void **state)
{
	struct vm *s = vms[PIN].twin;
	uint8_t *standby = (uint8_t *)(uintptr_t)ram_pa(PIN_STANDBY);
	uint8_t *active = (uint8_t *)(uintptr_t)ram_pa(PIN_RAM);
	uint64_t v;

	(void)state;
	assert_non_null(s);
	assert_true(vm_is_standby(s));
	memset(active, 0x11, PAGE);
	stage_image();
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	assert_int_equal(standby_state(&v), MICA_STANDBY_BOOTING);
	assert_int_equal(v, 8);
	load_standby();
	assert_int_equal(s->state, VM_RUNNING);
	assert_all(standby, 0x5a, PAGE);
	assert_all(active, 0x11, PAGE); /* the running version's: untouched */
	assert_true(s->vcpus[0].start_pending);
	assert_int_equal(ipa_addr(s->vcpus[0].start_entry), RAM_IPA + 0x40);
	assert_int_equal(s->vcpus[0].sched.prio, SCN_PRIO_MIN);
	assert_string_equal(s->uart.tag, "pin-entry+");
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition pin-entry: version 8 boots "
			       "as pin-entry+ (asked by linux; ready due "
			       "within 100 ms)\r\n"));
	/* Again while it boots: nothing to do. */
	assert_int_equal(boot_standby(8, 0), MICA_HC_NOT_REQUIRED);
	/* No device, no channel: it is none of the scenario's partitions. */
	assert_int_equal(s->cfg->device_count, 0);
	assert_int_equal((int64_t)hcall_handle(&s->vcpus[0],
					       MICA_HC_CHANNEL_INFO, 0, 0, 0, 0,
					       0, 0)
				 .x0,
			 inval);
}

static void manage_call__ready_only_from_a_booting_standby(void **state)
{
	struct vm *s = vms[PIN].twin;
	uint64_t v;

	(void)state;
	stage_image();
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	load_standby();
	assert_int_equal((int64_t)hcall_handle(&vms[PIN].vcpus[0],
					       MICA_HC_READY, 0, 0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_NOT_REQUIRED);
	assert_int_equal((int64_t)hcall_handle(&s->vcpus[0], MICA_HC_READY, 0,
					       0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_SUCCESS);
	assert_int_equal(standby_state(&v), MICA_STANDBY_READY);
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition pin-entry: version 8 "
			       "(pin-entry+) reported ready\r\n"));
	/* Once. */
	assert_int_equal((int64_t)hcall_handle(&s->vcpus[0], MICA_HC_READY, 0,
					       0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_NOT_REQUIRED);
	/* Ready, it is no longer held to the deadline. */
	fake.timer_now += arch_timer_freq();
	assert_int_equal(standby_state(&v), MICA_STANDBY_READY);
}

static void manage_call__a_standby_late_or_faulted_is_discarded(void **state)
{
	struct vm *s = vms[PIN].twin;
	uint8_t *standby = (uint8_t *)(uintptr_t)ram_pa(PIN_STANDBY);
	uint64_t v;

	(void)state;
	stage_image();
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	load_standby();
	/* Just before its deadline it stays; after, it goes. */
	fake.timer_now += arch_timer_freq() / 1000 * 99;
	assert_int_equal(standby_state(&v), MICA_STANDBY_BOOTING);
	fake.timer_now += arch_timer_freq() / 1000 * 2;
	assert_int_equal(standby_state(&v), MICA_STANDBY_NONE);
	assert_int_equal(v, 0);
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition pin-entry+ stopped: no ready "
			       "report within 100 ms; discarded\r\n"));
	/* Its memory is scrubbed on its CPU's time, then it is off. */
	assert_int_equal(s->state, VM_LOADING);
	load_standby();
	assert_int_equal(s->state, VM_OFF);
	assert_all(standby, 0, PAGE);
	assert_int_equal(vms[PIN].state, VM_RUNNING);
	/* A late READY finds nothing. */
	assert_int_equal((int64_t)hcall_handle(&s->vcpus[0], MICA_HC_READY, 0,
					       0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_NOT_REQUIRED);
	/* Staged again, booted again; then it faults (policy stop). */
	stage_image();
	assert_int_equal(boot_standby(9, 0), MICA_HC_SUCCESS);
	load_standby();
	(void)vm_stop(s, "fault");
	assert_int_equal(standby_state(&v), MICA_STANDBY_NONE);
	load_standby();
	assert_int_equal(s->state, VM_OFF);
	assert_all(standby, 0, PAGE);
}

static void manage_call__rollback_discards_a_standby(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	/* pin-entry may stop and start rt-bench, not switch it. */
	assert_int_equal(call(PIN, MICA_HC_PART_ROLLBACK, RT, 0), denied);
	assert_int_equal(call(PIN, MICA_HC_PART_SWITCH, RT, 0), denied);
	stage_image();
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	assert_int_equal(call(LINUX, MICA_HC_PART_SWITCH, PIN, 0),
			 MICA_HC_NOT_REQUIRED); /* not ready */
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_SUCCESS);
	assert_int_equal(standby_state(&v), MICA_STANDBY_NONE);
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition pin-entry+ stopped: rolled "
			       "back by linux; discarded\r\n"));
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	assert_int_equal(vms[PIN].state, VM_RUNNING);
}

static void manage_call__switch_moves_memory_state_and_version(void **state)
{
	struct vm *vm = &vms[PIN];
	struct vm *s = vm->twin;
	uint64_t *old_root = vm->s2.root;
	uint64_t *standby_root = s->s2.root;
	uint64_t v;

	(void)state;
	stage_image();
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	load_standby();
	assert_int_equal((int64_t)hcall_handle(&s->vcpus[0], MICA_HC_READY, 0,
					       0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_SUCCESS);
	s->vcpus[0].arch.regs.x[7] = 0x77; /* the new version's state */
	assert_int_equal(call(LINUX, MICA_HC_PART_SWITCH, PIN, 0),
			 MICA_HC_SUCCESS);
	assert_int_equal(vm->arch.vmid != 0 && vm->s2.root != old_root, true);
	assert_ptr_equal(vm->s2_alt.root, old_root);
	assert_ptr_equal(s->s2.root != standby_root, true);
	assert_int_equal(vm->cfg->regions[0].pa, ram_pa(PIN_STANDBY));
	assert_int_equal(s->cfg->regions[0].pa, ram_pa(PIN_RAM));
	assert_int_equal(vm->vcpus[0].arch.regs.x[7], 0x77);
	assert_int_equal(vm->state, VM_RUNNING);
	/* Version 8 runs; nothing stands by; the old memory is scrubbed. */
	assert_int_equal(manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY,
				     PIN, 0, 0, 0, 0, 0)
				 .x2,
			 8);
	assert_int_equal(standby_state(&v), MICA_STANDBY_NONE);
	assert_non_null(strstr(fake_console_text(),
			       "mica: partition pin-entry switched from "
			       "version 7 to 8\r\n"));
	load_standby();
	assert_int_equal(s->state, VM_OFF);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0, PAGE);
	/* Not an upgrade now; the next image goes to the other slot. */
	memset((void *)(uintptr_t)ram_pa(PIN_SLOT_B), 0, PAGE);
	stage_image();
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_B), 0x5a, PAGE);
	assert_int_equal(boot_standby(8, 0), denied);
	assert_int_equal(call(LINUX, MICA_HC_PART_SWITCH, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
}

static void manage_call__auto_switch_happens_in_ready(void **state)
{
	struct vm *vm = &vms[PIN];
	struct vm *s = vm->twin;
	uint64_t v;

	(void)state;
	stage_image();
	assert_int_equal(boot_standby(8, MICA_STANDBY_AUTO_SWITCH),
			 MICA_HC_SUCCESS);
	load_standby();
	vm->vcpus[0].arch.regs.x[0] = 1;
	assert_int_equal((int64_t)hcall_handle(&s->vcpus[0], MICA_HC_READY, 0,
					       0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_SUCCESS);
	assert_int_equal(standby_state(&v), MICA_STANDBY_NONE);
	assert_int_equal(manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY,
				     PIN, 0, 0, 0, 0, 0)
				 .x2,
			 8);
	/* The caller of READY goes on in the partition, told success. */
	assert_int_equal(vm->vcpus[0].arch.regs.x[0], MICA_HC_SUCCESS);
	assert_int_equal(vm->cfg->regions[0].pa, ram_pa(PIN_STANDBY));
}

/* After a switch each copy of the memory is the other's: a wipe gets both. */
static void manage_call__wipe_after_a_switch_scrubs_both_copies(void **state)
{
	struct vm *s = vms[PIN].twin;
	int64_t st;

	(void)state;
	stage_image();
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	load_standby();
	(void)hcall_handle(&s->vcpus[0], MICA_HC_READY, 0, 0, 0, 0, 0, 0);
	assert_int_equal(call(LINUX, MICA_HC_PART_SWITCH, PIN, 0),
			 MICA_HC_SUCCESS);
	load_standby(); /* the old memory scrubbed */
	/* Version 9 boots in the old memory; version 8 runs in the other. */
	stage_image();
	assert_int_equal(boot_standby(9, 0), MICA_HC_SUCCESS);
	load_standby();
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0x5a, PAGE);
	memset((void *)(uintptr_t)ram_pa(PIN_STANDBY), 0x33, PAGE);
	for (unsigned n = 0; (st = call(LINUX, MICA_HC_PART_WIPE, PIN, 0)) ==
			     MICA_HC_IN_PROGRESS;
	     n++) {
		assert_true(n < 100);
	}
	assert_int_equal(st, MICA_HC_SUCCESS);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0, PAGE);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_STANDBY), 0, PAGE);
}

/* --- probation ---------------------------------------------------------- */

/* pin-entry's state to a query. */
static struct hc_result query_pin(void)
{
	return manage_call(&vms[LINUX].vcpus[0], MICA_HC_PART_QUERY, PIN, 0, 0,
			   0, 0, 0);
}

/*
 * Version `version`, a page of `fill`, staged, booted, ready and switched
 * to by linux; the old memory's scrub run to its end.
 */
static void switch_pin(uint64_t version, uint8_t fill)
{
	memset((void *)(uintptr_t)ram_pa(LINUX_RAM), fill, PAGE);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, PAGE), MICA_HC_SUCCESS);
	assert_int_equal(boot_standby(version, 0), MICA_HC_SUCCESS);
	load_standby();
	assert_int_equal((int64_t)hcall_handle(&vms[PIN].twin->vcpus[0],
					       MICA_HC_READY, 0, 0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_SUCCESS);
	assert_int_equal(call(LINUX, MICA_HC_PART_SWITCH, PIN, 0),
			 MICA_HC_SUCCESS);
	load_standby();
}

/* Probation's 50 ms, and the ms after. */
static void pass_probation(void)
{
	fake.timer_now += arch_timer_freq() / 1000 * 51;
}

static void manage_call__probation_follows_a_switch_then_passes(void **state)
{
	const uint8_t *slot_a = (const uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_A);
	const uint8_t *slot_b = (const uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_B);
	struct hc_result r;
	uint64_t v;

	(void)state;
	switch_pin(8, 0x5a);
	/* Version 8 runs; version 7 is the one a rollback brings back. */
	r = query_pin();
	assert_int_equal(r.x2, 8);
	assert_int_equal(r.x3, MICA_STANDBY_PROBATION);
	assert_int_equal(r.x4, 7);
	/* The next image's slot is the old version's: kept meanwhile. */
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, PAGE), denied);
	fake.timer_now += arch_timer_freq() / 1000 * 49;
	assert_int_equal(standby_state(&v), MICA_STANDBY_PROBATION);
	fake.timer_now += arch_timer_freq() / 1000 * 2;
	r = query_pin();
	assert_int_equal(r.x2, 8);
	assert_int_equal(r.x3, MICA_STANDBY_NONE);
	assert_int_equal(r.x4, 0);
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	/* Passed: the next image goes to the other slot, version 8's kept. */
	memset((void *)(uintptr_t)ram_pa(PIN_SLOT_B), 0, PAGE);
	memset((void *)(uintptr_t)ram_pa(LINUX_RAM), 0x6b, PAGE);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, PAGE), MICA_HC_SUCCESS);
	assert_all(slot_b, 0x6b, PAGE);
	assert_all(slot_a, 0x5a, PAGE);
	assert_int_equal(boot_standby(9, 0), MICA_HC_SUCCESS);
	load_standby();
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0x6b, PAGE);
	assert_int_equal(vms[PIN].state, VM_RUNNING);
}

static void
manage_call__a_fault_in_probation_restarts_the_old_version(void **state)
{
	struct vm *vm = &vms[PIN];
	struct vcpu *v = &vm->vcpus[0];
	const uint8_t *mem = (const uint8_t *)(uintptr_t)ram_pa(PIN_STANDBY);
	struct vcpu *entered;
	struct hc_result r;

	(void)state;
	switch_pin(8, 0x5a);
	run(v, PIN_ENTRY);
	fake_console_reset();
	/* pin-entry's policy is stop: in probation a fault rolls back. */
	RUN_TO_IDLE(entered, (void)vm_fault(v, "data abort", 0xdead0000));
	assert_string_equal(fake_console_text(),
			    "mica: partition pin-entry stopped: version 8 "
			    "faulted (vCPU 0: data abort at 0xdead0000) in "
			    "probation; version 7 restarts\r\n");
	/* Its CPU loaded version 7 (the scenario's) and entered it. */
	assert_ptr_equal(entered, v);
	assert_int_equal(vm->state, VM_RUNNING);
	assert_int_equal(ipa_addr(v->start_entry), PIN_ENTRY);
	/* Into the memory version 8 ran in, every byte but the image zero. */
	assert_int_equal(vm->cfg->regions[0].pa, ram_pa(PIN_STANDBY));
	assert_all(mem, 0xc3, PIN_IMAGE_SIZE);
	assert_all(mem + PIN_IMAGE_SIZE, 0, PAGE - PIN_IMAGE_SIZE);
	r = query_pin();
	assert_int_equal(r.x1, MICA_PART_RUNNING);
	assert_int_equal(r.x2, 7);
	assert_int_equal(r.x3, MICA_STANDBY_NONE);
	assert_int_equal(r.x4, 0);
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	/* Its peer saw it go down and come back. */
	assert_int_not_equal(chan_info(&vms[RT].vcpus[0], 0).x3 &
				     MICA_HC_CHAN_PEER_UP,
			     0);
	/* Version 8's slot is the next image's; the standby's memory stays. */
	memset((void *)(uintptr_t)ram_pa(LINUX_RAM), 0x6b, PAGE);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, PAGE), MICA_HC_SUCCESS);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_A), 0x6b, PAGE);
	assert_int_equal(boot_standby(8, 0), MICA_HC_SUCCESS);
	load_standby();
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0x6b, PAGE);
}

/* A rollback of a second update restarts the first from its slot. */
static void
manage_call__rollback_in_probation_restarts_the_retained_image(void **state)
{
	struct vm *vm = &vms[PIN];
	uint64_t v;

	(void)state;
	switch_pin(8, 0x5a);
	pass_probation();
	switch_pin(9, 0x6b); /* from slot B, in PIN_RAM again */
	assert_int_equal(standby_state(&v), MICA_STANDBY_PROBATION);
	assert_int_equal(v, 8);
	fake_console_reset();
	/* pin-entry may not: only linux holds the switch right. */
	assert_int_equal(call(PIN, MICA_HC_PART_ROLLBACK, RT, 0), denied);
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_SUCCESS);
	assert_string_equal(fake_console_text(),
			    "mica: partition pin-entry stopped: version 9 "
			    "rolled back by linux in probation; version 8 "
			    "restarts\r\n");
	assert_int_equal(vm->state, VM_LOADING);
	for (unsigned n = 0; !vm_load_step(vm); n++) {
		assert_true(n < 10);
	}
	/* Version 8, from slot A, at its own entry. */
	assert_int_equal(vm->state, VM_RUNNING);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0x5a, PAGE);
	assert_int_equal(ipa_addr(vm->vcpus[0].start_entry), RAM_IPA + 0x40);
	assert_int_equal(query_pin().x2, 8);
	assert_int_equal(standby_state(&v), MICA_STANDBY_NONE);
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	/* Version 9's slot B takes the next image; version 8's A is kept. */
	memset((void *)(uintptr_t)ram_pa(LINUX_RAM), 0x7c, PAGE);
	assert_int_equal(stage(LINUX, PIN, 0, RAM_IPA, PAGE), MICA_HC_SUCCESS);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_B), 0x7c, PAGE);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_A), 0x5a, PAGE);
}

/* Past probation, with no call since, a fault is the policy's again. */
static void manage_call__a_fault_after_probation_gets_the_policy(void **state)
{
	struct vcpu *v = &vms[PIN].vcpus[0];
	struct vcpu *entered;

	(void)state;
	switch_pin(8, 0x5a);
	run(v, PIN_ENTRY);
	pass_probation();
	fake_console_reset();
	RUN_TO_IDLE(entered, (void)vm_fault(v, "data abort", 0x10));
	assert_null(entered);
	assert_string_equal(fake_console_text(),
			    "mica: partition pin-entry vCPU 0: data abort at "
			    "0x10; policy stop\r\n"
			    "mica: partition pin-entry stopped: fault\r\n");
	assert_int_equal(vms[PIN].state, VM_STOPPED);
	assert_int_equal(query_pin().x2, 8);
}

/* Its own SYSTEM_OFF or reset (vpsci.c) rolls back; nobody else's does. */
static void manage_probation_end__only_in_probation_and_once(void **state)
{
	(void)state;
	assert_false(manage_probation_end(&vms[PIN], "powered off"));
	switch_pin(8, 0x5a);
	assert_false(manage_probation_end(vms[PIN].twin, "powered off"));
	assert_false(manage_probation_end(&vms[RT], "powered off"));
	fake_console_reset();
	assert_true(manage_probation_end(&vms[PIN], "powered off"));
	assert_string_equal(fake_console_text(),
			    "mica: partition pin-entry stopped: version 8 "
			    "powered off in probation; version 7 restarts\r\n");
	assert_false(manage_probation_end(&vms[PIN], "powered off"));
	assert_int_equal(vms[PIN].state, VM_LOADING);
	assert_int_equal(query_pin().x2, 7);
}

/* Someone stopped it first: not the probation's to restart it. */
static void manage_probation_end__leaves_a_stopped_partition(void **state)
{
	(void)state;
	switch_pin(8, 0x5a);
	assert_true(vm_stop(&vms[PIN], "test"));
	assert_false(manage_probation_end(&vms[PIN], "faulted"));
	assert_int_equal(vms[PIN].state, VM_STOPPED);
	assert_int_equal(query_pin().x3, MICA_STANDBY_PROBATION);
}

/* A wipe in probation scrubs both copies and ends it. */
static void manage_call__wipe_in_probation_scrubs_both_copies(void **state)
{
	struct hc_result r;

	(void)state;
	switch_pin(8, 0x5a);
	memset((void *)(uintptr_t)ram_pa(PIN_RAM), 0x33, PAGE);
	memset((void *)(uintptr_t)ram_pa(PIN_STANDBY), 0x44, PAGE);
	(void)wipe_all(LINUX, PIN);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_RAM), 0, PAGE);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_STANDBY), 0, PAGE);
	assert_all((uint8_t *)(uintptr_t)ram_pa(PIN_SLOT_A), 0, 2 * PAGE);
	r = query_pin();
	assert_int_equal(r.x1, MICA_PART_WIPED);
	assert_int_equal(r.x3, MICA_STANDBY_NONE);
	assert_int_equal(call(LINUX, MICA_HC_PART_ROLLBACK, PIN, 0),
			 MICA_HC_NOT_REQUIRED);
	assert_false(manage_probation_end(&vms[PIN], "faulted"));
	assert_int_equal(vms[PIN].state, VM_WIPED);
}

/* --- hcall_handle ------------------------------------------------------ */

static void hcall_handle__passes_the_management_calls_on(void **state)
{
	(void)state;
	assert_int_equal(hcall_handle(&vms[LINUX].vcpus[0], MICA_HC_PART_STOP,
				      RT, 0, 0, 0, 0, 0)
				 .x0,
			 MICA_HC_SUCCESS);
	assert_int_equal(vms[RT].state, VM_STOPPED);
	/* No standby boots: nobody is one to report ready. */
	assert_int_equal(hcall_handle(&vms[RT].vcpus[0], MICA_HC_READY, 0, 0, 0,
				      0, 0, 0)
				 .x0,
			 (uint64_t)(int64_t)MICA_HC_NOT_REQUIRED);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_managed, teardown)
#define P(f) cmocka_unit_test_setup_teardown(f, setup_probation, teardown)
	const struct CMUnitTest tests[] = {
		T(manage_call__refuses_ids_the_caller_may_not_name),
		T(manage_call__denies_a_right_the_caller_lacks),
		T(manage_call__find_names_only_what_the_caller_manages),
		T(manage_call__query_tells_state_version_and_flags),
		T(manage_call__stops_then_starts_afresh),
		T(manage_call__restart_stops_and_starts),
		T(manage_call__start_leaves_a_restart_to_itself),
		T(manage_call__wipe_scrubs_revokes_and_forbids_a_start),
		T(manage_call__wipe_refuses_later_starts),
		T(manage_call__wipe_reads_back_what_it_scrubbed),
		T(manage_call__stage_copies_from_the_callers_own_memory),
		T(manage_call__stage_refuses_what_is_out_of_range),
		T(manage_call__stage_refuses_shared_memory),
		T(manage_call__standby_refusals_change_nothing),
		T(manage_call__standby_boots_in_its_own_memory),
		T(manage_call__ready_only_from_a_booting_standby),
		T(manage_call__a_standby_late_or_faulted_is_discarded),
		T(manage_call__rollback_discards_a_standby),
		T(manage_call__switch_moves_memory_state_and_version),
		T(manage_call__auto_switch_happens_in_ready),
		T(manage_call__wipe_after_a_switch_scrubs_both_copies),
		P(manage_call__probation_follows_a_switch_then_passes),
		P(manage_call__a_fault_in_probation_restarts_the_old_version),
		P(manage_call__rollback_in_probation_restarts_the_retained_image),
		P(manage_call__a_fault_after_probation_gets_the_policy),
		P(manage_probation_end__only_in_probation_and_once),
		P(manage_probation_end__leaves_a_stopped_partition),
		P(manage_call__wipe_in_probation_scrubs_both_copies),
		T(hcall_handle__passes_the_management_calls_on),
	};
#undef T
#undef P

	return cmocka_run_group_tests_name("manage", tests, NULL, NULL);
}
