// SPDX-License-Identifier: Apache-2.0
/*
 * vCPUs in partitions (vcpu.c, declared in mica/vm.h), in the world of
 * vm_fixture.h: start requests and the idle loop that takes them, a vCPU
 * leaving a stopped partition on its way back in, and the interrupts that
 * reach a vCPU through irq_handle_pending(ARCH_IRQ_NONE): its virtual timer, the kick. The
 * scheduling decisions vcpu.c applies are tested in sched_test.c.
 */
#include "arch/cpu.h"
#include "arch/irq.h"
#include "mica/cpu.h"
#include "mica/irq.h"
#include "mica/vm.h"
#include "unit.h"
#include "vm_fixture.h"

/* --- vcpu_idle ---------------------------------------------------------- */

static void
vcpu_idle__enters_the_requested_vcpu_with_entry_and_context(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[0];

	(void)state;
	assert_ptr_equal(idle_on(0), v);
	assert_int_equal(v->state, VCPU_ON);
	assert_false(v->start_pending);
	assert_ptr_equal(cpus[0].current, v);
	assert_int_equal(v->arch.entry, RAM_IPA);
	assert_int_equal(v->arch.context, LINUX_DTB_IPA);
	assert_int_equal(v->arch.resets, 1);
	assert_int_equal(v->arch.enters, 1);
	assert_int_equal(v->arch.entered_on, 0);
	/* It went straight in: no wait. */
	assert_int_equal(fake.cpu_wait_count, 0);
}

static void vcpu_idle__waits_with_nothing_to_start(void **state)
{
	(void)state;
	/* linux's second vCPU was never asked to start; CPU 6 has none. */
	assert_null(idle_on(1));
	assert_null(idle_on(6));
	assert_int_equal(vms[LINUX].vcpus[1].state, VCPU_OFF);
	assert_int_equal(vms[LINUX].vcpus[1].arch.resets, 0);
	assert_null(cpus[1].current);
	assert_int_equal(fake.cpu_wait_count, 2);
}

static void
vcpu_idle__does_not_start_a_vcpu_of_a_partition_not_running(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[1];

	(void)state;
	/* Set up, not booted: rt-bench is off, so no request is taken... */
	assert_int_equal(vcpu_request_start(v, ipa_init(RT_ENTRY), 0), -1);
	assert_false(v->start_pending);
	assert_int_equal(fake_kicks[v->pcpu], 0);
	/* ...and the idle loop does not start one that raced with a stop. */
	v->start_pending = true;
	v->start_entry = ipa_init(RT_ENTRY);
	assert_null(idle_on(3));
	assert_int_equal(v->state, VCPU_OFF);
	assert_true(v->start_pending);
	assert_int_equal(v->arch.resets, 0);
}

/* --- vcpu_request_start ------------------------------------------------- */

static void
vcpu_request_start__records_the_request_and_kicks_its_cpu(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[1];

	(void)state;
	assert_int_equal(vcpu_request_start(v, ipa_init(RAM_IPA + 0x40),
					    0x1234),
			 0);
	assert_true(v->start_pending);
	assert_int_equal(ipa_addr(v->start_entry), RAM_IPA + 0x40);
	assert_int_equal(v->start_context, 0x1234);
	assert_int_equal(v->state, VCPU_OFF);
	assert_int_equal(fake_kicks[1], 1);
	assert_int_equal(kicks_total(), 1);
	/* Its CPU takes it from there. */
	assert_ptr_equal(idle_on(1), v);
	assert_int_equal(v->arch.entry, RAM_IPA + 0x40);
	assert_int_equal(v->arch.context, 0x1234);
}

static void
vcpu_request_start__refuses_a_second_request_before_the_start(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[1];

	(void)state;
	assert_int_equal(vcpu_request_start(v, ipa_init(RAM_IPA + 0x40), 1), 0);
	assert_int_equal(vcpu_request_start(v, ipa_init(RAM_IPA + 0x80), 2),
			 -1);
	/* The first request stands. */
	assert_true(v->start_pending);
	assert_int_equal(ipa_addr(v->start_entry), RAM_IPA + 0x40);
	assert_int_equal(v->start_context, 1);
	assert_int_equal(fake_kicks[1], 1);
}

static void vcpu_request_start__refuses_a_vcpu_that_is_on(void **state)
{
	struct vcpu *v = &vms[LINUX].vcpus[0];

	(void)state;
	run(v, RAM_IPA);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	assert_int_equal(vcpu_request_start(v, ipa_init(RAM_IPA + 0x80), 2),
			 -1);
	assert_false(v->start_pending);
	assert_int_equal(kicks_total(), 0);
}

/* --- vcpu_resume_check -------------------------------------------------- */

static void vcpu_resume_check__leaves_a_stopped_partition(void **state)
{
	struct vcpu *v = &vms[RT].vcpus[1];
	struct vcpu *entered;

	(void)state;
	run(&vms[RT].vcpus[0], RT_ENTRY);
	run(v, RT_ENTRY);
	/* Running: back into the guest. */
	vcpu_resume_check(v);
	assert_int_equal(v->state, VCPU_ON);
	assert_int_equal(v->arch.saves, 0);
	/* Stopped from CPU 2: CPU 3 leaves on its way back in. */
	arch_cpu_set_local(&cpus[2]);
	assert_true(vm_stop(&vms[RT], "test"));
	arch_cpu_set_local(&cpus[3]);
	RUN_TO_IDLE(entered, vcpu_resume_check(v));
	assert_null(entered);
	assert_int_equal(v->state, VCPU_OFF);
	assert_int_equal(v->arch.saves, 1);
	assert_null(cpus[3].current);
}

/* --- irq_handle_pending ------------------------------------------------- */

static void
irq_handle_pending__gives_the_vtimer_to_the_current_vcpu(void **state)
{
	static const uint32_t pending[] = { VTIMER };
	struct vcpu *v = &vms[LINUX].vcpus[1];
	uint64_t unowned = irq_unowned_count();

	(void)state;
	irq_set_vtimer(VTIMER);
	run(&vms[LINUX].vcpus[0], RAM_IPA);
	run(v, RAM_IPA);
	arch_cpu_set_local(&cpus[1]);
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_true(v->arch.vtimer_held);
	assert_int_equal(v->arch.injected_count, 1);
	assert_int_equal(v->arch.injected[0], VTIMER);
	assert_int_equal(injected_total(), 1);
	assert_false(vms[LINUX].vcpus[0].arch.vtimer_held);
	assert_int_equal(fake.irq_eoi_count, 1);
	assert_int_equal(fake.irq_eoi_log[0], VTIMER);
	assert_int_equal(irq_unowned_count(), unowned);
}

/*
 * A timer held since its last interrupt (the guest has not ended it yet)
 * gets no second one: a fire signalled before the hold took effect is the
 * same level, once; after the guest ended it (the arch released the hold)
 * it comes again.
 */
static void irq_handle_pending__injects_a_held_vtimer_once(void **state)
{
	static const uint32_t pending[] = { VTIMER, VTIMER };
	struct vcpu *v = &vms[LINUX].vcpus[1];

	(void)state;
	irq_set_vtimer(VTIMER);
	run(&vms[LINUX].vcpus[0], RAM_IPA);
	run(v, RAM_IPA);
	arch_cpu_set_local(&cpus[1]);
	fake_irq_queue(pending, 2);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_true(v->arch.vtimer_held);
	assert_int_equal(v->arch.injected_count, 1);
	assert_int_equal(fake.irq_eoi_count, 2);
	v->arch.vtimer_held = false; /* the guest ended it */
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(v->arch.injected_count, 2);
	assert_int_equal(v->arch.injected[1], VTIMER);
	assert_int_equal(injected_total(), 2);
}

static void
irq_handle_pending__drops_the_vtimer_with_no_current_vcpu(void **state)
{
	static const uint32_t pending[] = { VTIMER, VTIMER };
	uint64_t unowned = irq_unowned_count();

	(void)state;
	irq_set_vtimer(VTIMER);
	/* CPU 3 has a vCPU, not running; CPU 6 has none. */
	arch_cpu_set_local(&cpus[3]);
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	arch_cpu_set_local(&cpus[6]);
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(injected_total(), 0);
	assert_false(vms[RT].vcpus[1].arch.vtimer_held);
	assert_int_equal(fake.irq_eoi_count, 2);
	assert_int_equal(irq_unowned_count(), unowned);
}

static void irq_handle_pending__only_ends_a_kick(void **state)
{
	static const uint32_t pending[] = { ARCH_IRQ_KICK };
	struct vcpu *v = &vms[RT].vcpus[0];
	uint64_t unowned = irq_unowned_count();

	(void)state;
	irq_set_vtimer(VTIMER);
	run(v, RT_ENTRY);
	memset(fake_kicks, 0, sizeof(fake_kicks));
	fake_irq_queue(pending, 1);
	irq_handle_pending(ARCH_IRQ_NONE);
	assert_int_equal(fake.irq_ack_count, 2);
	assert_int_equal(fake.irq_eoi_count, 1);
	assert_int_equal(fake.irq_eoi_log[0], ARCH_IRQ_KICK);
	assert_int_equal(irq_unowned_count(), unowned);
	assert_int_equal(injected_total(), 0);
	assert_false(v->arch.vtimer_held);
	assert_int_equal(v->state, VCPU_ON);
	assert_int_equal(cpu_ticks(&cpus[2]), 0);
	assert_int_equal(kicks_total(), 0);
	assert_false(fake.timer_armed);
	assert_string_equal(fake_console_text(), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			vcpu_idle__enters_the_requested_vcpu_with_entry_and_context,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vcpu_idle__waits_with_nothing_to_start, setup_booted,
			teardown),
		cmocka_unit_test_setup_teardown(
			vcpu_idle__does_not_start_a_vcpu_of_a_partition_not_running,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			vcpu_request_start__records_the_request_and_kicks_its_cpu,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vcpu_request_start__refuses_a_second_request_before_the_start,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vcpu_request_start__refuses_a_vcpu_that_is_on,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			vcpu_resume_check__leaves_a_stopped_partition,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			irq_handle_pending__gives_the_vtimer_to_the_current_vcpu,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			irq_handle_pending__injects_a_held_vtimer_once,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			irq_handle_pending__drops_the_vtimer_with_no_current_vcpu,
			setup_booted, teardown),
		cmocka_unit_test_setup_teardown(
			irq_handle_pending__only_ends_a_kick, setup_booted,
			teardown),
	};

	return cmocka_run_group_tests_name("vcpu", tests, NULL, NULL);
}
