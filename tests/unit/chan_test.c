// SPDX-License-Identifier: Apache-2.0
/*
 * Channels at run time (mica/chan.h, chan.c) in the world of vm_fixture.h:
 * the channel "bench" (id 0) goes one way from rt-bench (side a) to
 * pin-entry (side b), 2 pages, a part each; linux is no side of it. Who
 * may ring whom, what INFO tells and hides, how a ring becomes one
 * injection, and what a stop, restart and start do to the parts; and, with
 * linux as side a instead, its doorbells through its PL061 (vgpio.c, whose
 * registers vgpio_test.c checks): what reaches it, what it rings.
 */
#include "arch/fake.h"
#include "arch/mmu.h"
#include "mica/chan.h"
#include "mica/channel.h"
#include "mica/cpu.h"
#include "mica/hcall.h"
#include "mica/hypercall.h"
#include "unit.h"
#include "vm_fixture.h"

#define BELL_A 41u /* rung in rt-bench */
#define BELL_B 42u /* rung in pin-entry */

static int setup_chan(void **state)
{
	setup(state);
	scn.channels[0].doorbell_a = BELL_A;
	scn.channels[0].doorbell_b = BELL_B;
	set_up();
	vm_boot_all();
	fake_console_reset();
	memset(fake_kicks, 0, sizeof(fake_kicks));
	return 0;
}

/* The channel both ways between linux (a) and rt-bench (b), booted. */
static int setup_linux(void **state)
{
	setup(state);
	scn.channels[0].a = LINUX;
	scn.channels[0].b = RT;
	scn.channels[0].direction = SCN_DIR_BOTH;
	scn.channels[0].doorbell_a = BELL_A;
	scn.channels[0].doorbell_b = BELL_B;
	set_up();
	vm_boot_all();
	fake_console_reset();
	memset(fake_kicks, 0, sizeof(fake_kicks));
	return 0;
}

/* Linux's access at off of the PL061 window, which must be answered. */
static uint64_t gpio(unsigned vcpu, uint64_t off, bool write, uint64_t val)
{
	assert_true(vm_mmio(&vms[LINUX].vcpus[vcpu],
			    ipa_init(SCN_VGPIO_BASE + off), write, 1, &val));
	return val;
}

static uint8_t *part(unsigned page)
{
	return (uint8_t *)(uintptr_t)ram_pa(CHAN + page);
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

static int64_t ring(unsigned vm, uint64_t id)
{
	return chan_ring(&vms[vm].vcpus[0], id);
}

/* --- chan_map ------------------------------------------------------------ */

static void chan_map__gives_a_guest_os_channel_non_cacheable_halves(void **s)
{
	struct scn_channel *c = &scn.channels[0];
	const unsigned ro = MM_STAGE2 | MM_READ | MM_NC;

	(void)s;
	/* Both ways between linux (a) and rt-bench (b): half each. */
	c->a = LINUX;
	c->b = RT;
	c->direction = SCN_DIR_BOTH;
	set_up();
	assert_s2(&vms[LINUX], CHAN_IPA, ram_pa(CHAN), ro | MM_WRITE);
	assert_s2(&vms[LINUX], CHAN_IPA + PAGE, ram_pa(CHAN + 1), ro);
	assert_s2(&vms[RT], CHAN_IPA, ram_pa(CHAN), ro);
	assert_s2(&vms[RT], CHAN_IPA + PAGE, ram_pa(CHAN + 1), ro | MM_WRITE);
	assert_false(s2_mapped(&vms[PIN], CHAN_IPA));
}

static void chan_map__keeps_native_channels_write_back(void **state)
{
	(void)state;
	/* b-to-a: pin-entry writes all but rt-bench's first page. */
	scn.channels[0].direction = SCN_DIR_B_TO_A;
	set_up();
	assert_s2(&vms[RT], CHAN_IPA, ram_pa(CHAN),
		  MM_STAGE2 | MM_READ | MM_WRITE);
	assert_s2(&vms[RT], CHAN_IPA + PAGE, ram_pa(CHAN + 1),
		  MM_STAGE2 | MM_READ);
	assert_s2(&vms[PIN], CHAN_IPA + PAGE, ram_pa(CHAN + 1),
		  MM_STAGE2 | MM_READ | MM_WRITE);
}

/* --- chan_info ----------------------------------------------------------- */

static void chan_info__describes_the_channel_to_each_side(void **state)
{
	struct hc_result a = chan_info(&vms[RT].vcpus[1], 0);
	struct hc_result b = chan_info(&vms[PIN].vcpus[0], 0);
	const uint32_t dir = SCN_DIR_A_TO_B << MICA_HC_CHAN_DIR_SHIFT;

	(void)state;
	assert_int_equal(a.x0, MICA_HC_SUCCESS);
	assert_int_equal(a.x1, CHAN_IPA);
	assert_int_equal(a.x2, 2 * PAGE);
	assert_int_equal(a.x3, dir | MICA_HC_CHAN_PEER_UP |
				       BELL_A << MICA_HC_CHAN_DOORBELL_SHIFT);
	/* "bench", NUL-padded, first byte lowest. */
	assert_int_equal(a.x4, UINT64_C(0x68636e6562));
	assert_int_equal(a.x5, 0);
	assert_int_equal(b.x0, MICA_HC_SUCCESS);
	assert_int_equal(b.x3, dir | MICA_HC_CHAN_PEER_UP |
				       MICA_HC_CHAN_SIDE_B |
				       BELL_B << MICA_HC_CHAN_DOORBELL_SHIFT);
	assert_int_equal(b.x4, a.x4);
}

static void chan_info__gives_a_long_name_and_never_what_follows(void **s)
{
	struct scn_channel *c = &scn.channels[0];
	struct hc_result r;

	(void)s;
	memset(c->name, 'x', sizeof(c->name));
	memcpy(c->name, "abcdefghijklmno", 16);
	r = chan_info(&vms[RT].vcpus[0], 0);
	assert_int_equal(r.x4, UINT64_C(0x6867666564636261));
	assert_int_equal(r.x5, UINT64_C(0x006f6e6d6c6b6a69));
	/* Garbage after the NUL in the table stays mica's. */
	memcpy(c->name, "ab\0zzzzzzzzzzzz", 16);
	r = chan_info(&vms[RT].vcpus[0], 0);
	assert_int_equal(r.x4, UINT64_C(0x6261));
	assert_int_equal(r.x5, 0);
}

static void chan_info__tells_nothing_of_channels_not_the_callers(void **s)
{
	static const uint64_t ids[] = { 1, 15, 16, 0x100000000, UINT64_MAX };

	(void)s;
	/* linux is no side of channel 0, which exists. */
	for (size_t i = 0; i <= ARRAY_SIZE(ids); i++) {
		unsigned vm = i == 0 ? LINUX : RT;
		struct hc_result r =
			chan_info(&vms[vm].vcpus[0], i == 0 ? 0 : ids[i - 1]);

		assert_int_equal(r.x0,
				 (uint64_t)(int64_t)MICA_HC_INVALID_PARAMETER);
		assert_int_equal(r.x1 | r.x2 | r.x3 | r.x4 | r.x5, 0);
	}
}

static void chan_info__shows_the_peer_down_once_it_stopped(void **state)
{
	(void)state;
	assert_true(vm_stop(&vms[PIN], "test"));
	assert_int_equal(chan_info(&vms[RT].vcpus[0], 0).x3 &
				 MICA_HC_CHAN_PEER_UP,
			 0);
}

/* --- chan_ring and delivery ---------------------------------------------- */

static void chan_ring__rings_the_peer_once_however_often(void **state)
{
	struct vcpu *pin = &vms[PIN].vcpus[0];

	(void)state;
	run(pin, PIN_ENTRY);
	pin->arch.injected_count = 0;
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(ring(RT, 0), MICA_HC_SUCCESS);
	}
	assert_int_equal(vms[PIN].doorbells, 1);
	assert_int_equal(injected_total(), 0); /* the peer's CPU injects */
	chan_deliver_pending(pin);
	assert_int_equal(pin->arch.injected_count, 1);
	assert_int_equal(pin->arch.injected[0], BELL_B);
	assert_int_equal(vms[PIN].doorbells, 0);
	chan_deliver_pending(pin);
	assert_int_equal(injected_total(), 1);
	assert_string_equal(fake_console_text(), "");
}

static void chan_ring__kicks_the_peer_off_its_cpu(void **state)
{
	(void)state;
	run(&vms[PIN].vcpus[0], PIN_ENTRY);
	arch_cpu_set_local(&cpus[2]);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	assert_int_equal(ring(RT, 0), MICA_HC_SUCCESS);
	assert_int_equal(fake_kicks[4], 1);
	assert_int_equal(kicks_total(), 1);
}

static void chan_ring__denies_the_reader_of_a_one_way_channel(void **state)
{
	(void)state;
	vms[RT].doorbells = 0;
	assert_int_equal(ring(PIN, 0), MICA_HC_DENIED);
	assert_int_equal(vms[RT].doorbells, 0);
	assert_int_equal(kicks_total(), 0);
	/* b-to-a turns it round. */
	scn.channels[0].direction = SCN_DIR_B_TO_A;
	assert_int_equal(ring(RT, 0), MICA_HC_DENIED);
	assert_int_equal(ring(PIN, 0), MICA_HC_SUCCESS);
	assert_int_equal(vms[RT].doorbells, 1);
}

static void chan_ring__refuses_channels_not_the_callers(void **state)
{
	(void)state;
	vms[RT].doorbells = 0;
	assert_int_equal(ring(LINUX, 0), MICA_HC_INVALID_PARAMETER);
	for (uint64_t id = 1; id < 64; id++) {
		assert_int_equal(ring(RT, id), MICA_HC_INVALID_PARAMETER);
		assert_int_equal(ring(LINUX, id), MICA_HC_INVALID_PARAMETER);
	}
	assert_int_equal(ring(RT, UINT64_MAX), MICA_HC_INVALID_PARAMETER);
	assert_int_equal(ring(RT, UINT64_C(1) << 32),
			 MICA_HC_INVALID_PARAMETER);
	for (unsigned i = 0; i < vm_count; i++) {
		assert_int_equal(vms[i].doorbells, 0);
	}
	assert_int_equal(kicks_total(), 0);
	assert_int_equal(injected_total(), 0);
}

static void chan_ring__finds_a_stopped_peer_down(void **state)
{
	(void)state;
	assert_true(vm_stop(&vms[PIN], "test"));
	vms[PIN].doorbells = 0;
	assert_int_equal(ring(RT, 0), MICA_HC_PEER_DOWN);
	assert_int_equal(vms[PIN].doorbells, 0);
}

static void hcall_handle__passes_the_channel_calls_on(void **state)
{
	struct hc_result r;

	(void)state;
	r = hcall_handle(&vms[PIN].vcpus[0], MICA_HC_CHANNEL_INFO, 0, 0, 0, 0,
			 0, 0);
	assert_int_equal(r.x0, MICA_HC_SUCCESS);
	assert_int_equal(r.x2, 2 * PAGE);
	r = hcall_handle(&vms[PIN].vcpus[0], MICA_HC_CHANNEL_RING, 0, 0, 0, 0,
			 0, 0);
	assert_int_equal(r.x0, (uint64_t)(int64_t)MICA_HC_DENIED);
	r = hcall_handle(&vms[RT].vcpus[0], MICA_HC_CHANNEL_RING, 0, 0, 0, 0, 0,
			 0);
	assert_int_equal(r.x0, MICA_HC_SUCCESS);
	assert_int_equal(vms[PIN].doorbells, 1);
}

/* A vCPU about to wait takes a doorbell rung just before: no lost wake-up. */
static void vcpu_wait__takes_a_doorbell_rung_before_it_waited(void **state)
{
	struct vcpu *pin = &vms[PIN].vcpus[0];

	(void)state;
	/* It shares CPU 2 with rt-bench, above it: its WFI is trapped. */
	scn.partitions[PIN].vcpus[0].cpu = 2;
	scn.partitions[PIN].vcpus[0].priority = 90;
	scn.channels[0].doorbell_b = BELL_B;
	set_up();
	vm_boot_all();
	run(pin, PIN_ENTRY);
	pin->arch.injected_count = 0;
	__atomic_store_n(&vms[PIN].doorbells, 1u, __ATOMIC_SEQ_CST);
	vcpu_wait(pin); /* returns: its doorbell is pending */
	assert_int_equal(pin->arch.injected_count, 1);
	assert_int_equal(pin->arch.injected[0], BELL_B);
	assert_false(pin->sched.blocked);
}

/* --- stop, restart, start ------------------------------------------------- */

static void chan_stopped__zeroes_its_control_block_and_rings_the_peer(void **s)
{
	(void)s;
	memset(part(0), 0x5a, 2 * PAGE);
	vms[PIN].doorbells = 0;
	assert_true(vm_stop(&vms[RT], "test"));
	assert_true(all_bytes(part(0), PAGE, 0));
	assert_true(all_bytes(part(1), PAGE, 0x5a)); /* never the peer's */
	assert_int_equal(vms[PIN].doorbells, 1);
	/* The peer's stop rings nobody: rt-bench is down. */
	vms[RT].doorbells = 0;
	assert_true(vm_stop(&vms[PIN], "test"));
	assert_true(all_bytes(part(1), PAGE, 0));
	assert_int_equal(vms[RT].doorbells, 0);
}

static void vm_restart__scrubs_its_part_and_rings_the_peer_twice(void **s)
{
	struct vcpu *rt = &vms[RT].vcpus[0];
	struct vcpu *pin = &vms[PIN].vcpus[0];

	(void)s;
	run(pin, PIN_ENTRY);
	run(rt, RT_ENTRY);
	/* rt-bench's part: bigger than the first page that a stop zeroes. */
	scn.channels[0].size = 3 * PAGE;
	memset(part(0), 0x5a, 3 * PAGE);
	vms[RT].doorbells = 1; /* rung for the old incarnation */
	pin->arch.injected_count = 0;
	vms[PIN].doorbells = 0;
	vm_restart(&vms[RT]);
	assert_int_equal(vms[RT].state, VM_LOADING);
	/* Down: its control block is gone and the peer was rung. */
	assert_true(all_bytes(part(0), PAGE, 0));
	assert_true(all_bytes(part(1), PAGE, 0x5a));
	assert_int_equal(vms[PIN].doorbells, 1);
	chan_deliver_pending(pin);
	assert_int_equal(pin->arch.injected_count, 1);
	assert_int_equal(vms[RT].doorbells, 0);
	/* Loaded: all of its part scrubbed, never the peer's; rung again. */
	assert_ptr_equal(idle_on(rt->pcpu), rt);
	assert_int_equal(vms[RT].state, VM_RUNNING);
	assert_true(all_bytes(part(0), 2 * PAGE, 0));
	assert_true(all_bytes(part(2), PAGE, 0x5a));
	assert_int_equal(vms[PIN].doorbells, 1);
}

static void vm_boot_all__rings_the_peers_of_each_that_starts(void **state)
{
	(void)state;
	/* rt-bench starts first: pin-entry does not run yet. */
	assert_int_equal(vms[RT].doorbells, 1);
	assert_int_equal(vms[PIN].doorbells, 0);
	assert_int_equal(vms[LINUX].doorbells, 0);
}

/* --- a guest OS's PL061 (chan_mmio, chan_deliver) ----------------------- */

static void chan_mmio__is_a_pl061_of_a_guest_os_side_only(void **state)
{
	uint64_t val = 0x77;

	(void)state;
	assert_int_equal(gpio(0, 0xfe0, false, 0), 0x61); /* PeriphID0 */
	assert_int_equal(gpio(1, 0xffc, false, 0), 0xb1); /* PCellID3 */
	/* rt-bench is native; pin-entry and the next page: no channel. */
	assert_false(chan_mmio(&vms[RT].vcpus[0], 0xfe0, false, &val));
	assert_false(chan_mmio(&vms[PIN].vcpus[0], 0xfe0, false, &val));
	assert_false(
		chan_mmio(&vms[LINUX].vcpus[0], PAGE + 0xfe0, false, &val));
	assert_false(vm_mmio(&vms[LINUX].vcpus[0],
			     ipa_init(SCN_VGPIO_BASE + SCN_MAX_CHANNELS * PAGE),
			     false, 4, &val));
	assert_int_equal(val, 0x77);
	assert_int_equal(injected_total(), 0);
}

static void chan_mmio__rings_the_peer_with_doorbell_out(void **state)
{
	(void)state;
	run(&vms[LINUX].vcpus[0], RAM_IPA); /* on CPU 0: rt-bench is not */
	(void)gpio(0, 0x8, true, 0x2);	    /* an input: drives nothing */
	assert_int_equal(vms[RT].doorbells, 0);
	(void)gpio(0, 0x400, true, 0x2); /* GPIODIR: doorbell-out */
	(void)gpio(0, 0x8, true, 0x2);	 /* GPIODATA, line 1 */
	assert_int_equal(vms[RT].doorbells, 1);
	/* b-to-a: linux only reads, and its doorbell-out rings nobody. */
	scn.channels[0].direction = SCN_DIR_B_TO_A;
	vms[RT].doorbells = 0;
	(void)gpio(0, 0x8, true, 0x2);
	assert_int_equal(vms[RT].doorbells, 0);
	assert_string_equal(fake_console_text(), "");
}

static void chan_deliver__latches_doorbell_in_of_a_guest_os(void **state)
{
	struct vcpu *linux0 = &vms[LINUX].vcpus[0];

	(void)state;
	run(linux0, RAM_IPA);
	linux0->arch.injected_count = 0;
	/* Its interrupt not enabled yet: latched in GPIORIS, no SPI. */
	assert_int_equal(ring(RT, 0), MICA_HC_SUCCESS);
	chan_deliver_pending(linux0);
	assert_int_equal(vms[LINUX].doorbells, 0);
	assert_int_equal(linux0->arch.injected_count, 0);
	assert_int_equal(gpio(0, 0x414, false, 0), 0x1); /* GPIORIS */
	/* Enabled (GPIOIE), the line is high: the doorbell SPI. */
	(void)gpio(0, 0x410, true, 0x1);
	assert_int_equal(linux0->arch.injected_count, 1);
	assert_int_equal(linux0->arch.injected[0], BELL_A);
	(void)gpio(0, 0x41c, true, 0x1);	       /* GPIOIC */
	assert_int_equal(gpio(0, 0x418, false, 0), 0); /* GPIOMIS */
	assert_int_equal(ring(RT, 0), MICA_HC_SUCCESS);
	chan_deliver_pending(linux0);
	assert_int_equal(linux0->arch.injected_count, 2);
	assert_int_equal(linux0->arch.injected[1], BELL_A);
	/* rt-bench, native, still gets the bare SPI. */
	run(&vms[RT].vcpus[0], RT_ENTRY);
	vms[RT].vcpus[0].arch.injected_count = 0;
	(void)gpio(0, 0x400, true, 0x2);
	(void)gpio(0, 0x8, true, 0x2);
	chan_deliver_pending(&vms[RT].vcpus[0]);
	assert_int_equal(vms[RT].vcpus[0].arch.injected_count, 1);
	assert_int_equal(vms[RT].vcpus[0].arch.injected[0], BELL_B);
}

static void chan_mmio__shows_the_peer_on_peer_up(void **state)
{
	(void)state;
	assert_int_equal(gpio(0, 0x10, false, 0), 0x4); /* GPIODATA, line 2 */
	assert_true(vm_stop(&vms[RT], "test"));
	assert_int_equal(gpio(0, 0x10, false, 0), 0);
	/* At reset a line detects falling edges (GPIOIEV 0), masked. */
	assert_int_equal(gpio(0, 0x414, false, 0), 0x4);
	assert_int_equal(gpio(0, 0x418, false, 0), 0);
}

static void chan_reset__resets_the_pl061_of_a_restarted_guest_os(void **s)
{
	(void)s;
	(void)gpio(0, 0x400, true, 0x2);
	assert_int_equal(gpio(0, 0x400, false, 0), 0x2);
	chan_reset(&vms[LINUX], &vms[LINUX].load);
	assert_int_equal(gpio(0, 0x400, false, 0), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup_chan, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			chan_map__gives_a_guest_os_channel_non_cacheable_halves,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			chan_map__keeps_native_channels_write_back, setup,
			teardown),
		T(chan_info__describes_the_channel_to_each_side),
		T(chan_info__gives_a_long_name_and_never_what_follows),
		T(chan_info__tells_nothing_of_channels_not_the_callers),
		T(chan_info__shows_the_peer_down_once_it_stopped),
		T(chan_ring__rings_the_peer_once_however_often),
		T(chan_ring__kicks_the_peer_off_its_cpu),
		T(chan_ring__denies_the_reader_of_a_one_way_channel),
		T(chan_ring__refuses_channels_not_the_callers),
		T(chan_ring__finds_a_stopped_peer_down),
		T(hcall_handle__passes_the_channel_calls_on),
		cmocka_unit_test_setup_teardown(
			vcpu_wait__takes_a_doorbell_rung_before_it_waited,
			setup, teardown),
		T(chan_stopped__zeroes_its_control_block_and_rings_the_peer),
		T(vm_restart__scrubs_its_part_and_rings_the_peer_twice),
		T(vm_boot_all__rings_the_peers_of_each_that_starts),
#define L(f) cmocka_unit_test_setup_teardown(f, setup_linux, teardown)
		L(chan_mmio__is_a_pl061_of_a_guest_os_side_only),
		L(chan_mmio__rings_the_peer_with_doorbell_out),
		L(chan_deliver__latches_doorbell_in_of_a_guest_os),
		L(chan_mmio__shows_the_peer_on_peer_up),
		L(chan_reset__resets_the_pl061_of_a_restarted_guest_os),
	};

	return cmocka_run_group_tests_name("chan", tests, NULL, NULL);
}
