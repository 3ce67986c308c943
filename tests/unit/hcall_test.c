// SPDX-License-Identifier: Apache-2.0
/*
 * Hypercall decoding (mica/hcall.h, hcall.c) as a vCPU of the world of
 * vm_fixture.h reaches it: the version call, the keyboard's hand-off
 * (the fixture's pin-entry is its secure-input partition), and the answer
 * to every id mica does not know.
 */
#include "mica/hcall.h"
#include "mica/hypercall.h"
#include "mica/vm.h"
#include "unit.h"
#include "vm_fixture.h"

/* --- hcall_handle ------------------------------------------------------- */

static void hcall_handle__answers_version_with_the_abi_and_magic(void **state)
{
	struct hc_result r;

	/* Guests have the id compiled in: SMC64, vendor hypervisor, 0. */
	_Static_assert(MICA_HC_VERSION == 0xc6000000u, "MICA_HC_VERSION");
	(void)state;
	r = hcall_handle(&vms[LINUX].vcpus[0], MICA_HC_VERSION, 1, 2, 3, 0, 0,
			 0);
	assert_int_equal(r.x0, MICA_HC_ABI_VERSION);
	assert_int_equal(r.x1, MICA_HC_MAGIC);
	assert_int_equal(r.x2, 0);
	assert_int_equal(r.x3, 0);
}

static void hcall_handle__keyboard_moves_for_secure_input_only(void **state)
{
	struct hc_result r;

	_Static_assert(MICA_HC_KEYBOARD == 0xc6000003u, "MICA_HC_KEYBOARD");
	(void)state;
	r = hcall_handle(&vms[LINUX].vcpus[1], MICA_HC_KEYBOARD,
			 MICA_HC_KEYBOARD_TAKE, 0, 0, 0, 0, 0);
	assert_int_equal(r.x0, (uint64_t)(int64_t)MICA_HC_DENIED);
	r = hcall_handle(&vms[RT].vcpus[0], MICA_HC_KEYBOARD,
			 MICA_HC_KEYBOARD_TAKE, 0, 0, 0, 0, 0);
	assert_int_equal(r.x0, (uint64_t)(int64_t)MICA_HC_DENIED);
	assert_int_equal(fake_console_count(), 0);
	r = hcall_handle(&vms[PIN].vcpus[0], MICA_HC_KEYBOARD,
			 MICA_HC_KEYBOARD_TAKE, 0, 0, 0, 0, 0);
	assert_int_equal(r.x0, MICA_HC_SUCCESS);
	r = hcall_handle(&vms[PIN].vcpus[0], MICA_HC_KEYBOARD,
			 MICA_HC_KEYBOARD_GIVE_BACK, 0, 0, 0, 0, 0);
	assert_int_equal(r.x0, MICA_HC_SUCCESS);
	assert_string_equal(fake_console_text(),
			    "mica: keyboard -> pin-entry (requested by "
			    "pin-entry)\r\n"
			    "mica: keyboard -> linux (given back by "
			    "pin-entry)\r\n");
}

static void hcall_handle__answers_not_supported_to_unknown_ids(void **state)
{
	static const uint32_t ids[] = {
		MICA_HC_FN(15), /* the first after the management calls */
		MICA_HC_FN(0xff00),
		MICA_HC_FN(0xfeff),
		MICA_HC_VERSION & ~(uint32_t)SMCCC_64, /* SMC32 form */
		0x84000000u, /* PSCI_VERSION: not mica's */
		0xc5000000u, /* another service's range */
		0,
		UINT32_MAX,
	};

	/* What guests compare with: SMCCC's NOT_SUPPORTED. */
	_Static_assert((int64_t)MICA_HC_NOT_SUPPORTED == -1,
		       "MICA_HC_NOT_SUPPORTED");
	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(ids); i++) {
		struct hc_result r = hcall_handle(&vms[RT].vcpus[0], ids[i], 0,
						  0, 0, 0, 0, 0);

		assert_int_equal(r.x0,
				 (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED);
		assert_int_equal(r.x1, 0);
		assert_int_equal(r.x2, 0);
		assert_int_equal(r.x3, 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			hcall_handle__answers_version_with_the_abi_and_magic,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			hcall_handle__keyboard_moves_for_secure_input_only,
			setup_built, teardown),
		cmocka_unit_test_setup_teardown(
			hcall_handle__answers_not_supported_to_unknown_ids,
			setup_built, teardown),
	};

	return cmocka_run_group_tests_name("hcall", tests, NULL, NULL);
}
