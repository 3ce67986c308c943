// SPDX-License-Identifier: Apache-2.0
/*
 * The update agent's protocol and checks (guests/update-agent/agent.c) on
 * the host, against a fake mica that this file plays (the management
 * hypercalls of libmica/hc.h), with files that tools/mica-update signed
 * with a test-only key (tests/unit/unit.mk): a good image is staged in
 * 64 KiB chunks, booted as the standby and waited for; every bad input is
 * refused with its own line before any hypercall that changes something;
 * a wipe's nonce cannot be replayed; waits and wipes are bounded.
 */
#include "agent.h"
#include "libmica/part.h"
#include "mica/hypercall.h"
#include "unit.h"
#include "update-pubkey.h"

#define RT_ID 2u
#define SLOT_SIZE 0x200000u
#define CAP 0x100000u

static const uint8_t pubkey[P256_PUB_SIZE] = UPDATE_PUBKEY_INIT;

/* The fake mica: one partition "rt" the agent may manage. */
static struct {
	bool abi4; /* answers the management calls */
	struct mica_part_state rt;
	uint8_t slot[SLOT_SIZE]; /* rt's standby image slot */
	unsigned stages;	 /* PART_STAGE calls */
	int64_t stage_status;	 /* what PART_STAGE answers */
	unsigned standbys;	 /* PART_STANDBY calls */
	uint64_t sb[5];		 /* its size, version, load, entry, flags */
	int64_t standby_status;
	int switch_after; /* QUERYs after STANDBY until the switch */
	bool boot_fails;  /* the standby goes away instead */
	int probation;	  /* QUERYs in probation after it, until it passes */
	bool late_fault;  /* the new version faults then: the old one runs */
	unsigned queries;
	unsigned rollbacks;
	unsigned wipes;	     /* PART_WIPE calls */
	unsigned wipe_steps; /* IN_PROGRESS answers before SUCCESS */
	unsigned sleeps;     /* agent_sleep_ms calls */
} mica;

static struct agent agent;
static uint8_t *buf;

int64_t mica_hc_part_find(const char *name, uint64_t *id)
{
	if (!mica.abi4) {
		return MICA_HC_NOT_SUPPORTED;
	}
	if (strcmp(name, "rt") != 0) {
		return MICA_HC_INVALID_PARAMETER;
	}
	*id = RT_ID;
	return MICA_HC_SUCCESS;
}

int64_t mica_hc_part_query(uint64_t id, struct mica_part_state *st)
{
	assert_int_equal(id, RT_ID);
	mica.queries++;
	if (mica.rt.standby == MICA_STANDBY_BOOTING && mica.switch_after >= 0 &&
	    mica.switch_after-- == 0) {
		if (mica.boot_fails) {
			mica.rt.standby = MICA_STANDBY_NONE;
		} else {
			mica.rt.standby_version = mica.rt.version;
			mica.rt.version = mica.sb[1];
			mica.rt.standby = MICA_STANDBY_PROBATION;
		}
	} else if (mica.rt.standby == MICA_STANDBY_PROBATION &&
		   mica.probation >= 0 && mica.probation-- == 0) {
		if (mica.late_fault) {
			mica.rt.version = mica.rt.standby_version;
		}
		mica.rt.standby = MICA_STANDBY_NONE;
		mica.rt.standby_version = 0;
	}
	*st = mica.rt;
	return MICA_HC_SUCCESS;
}

int64_t mica_hc_part_stage(uint64_t id, uint64_t offset, const void *src,
			   uint64_t len)
{
	assert_int_equal(id, RT_ID);
	assert_true(len <= MICA_STAGE_CHUNK);
	/* The agent stages from its own buffer, nothing else. */
	assert_true((const uint8_t *)src >= buf &&
		    (const uint8_t *)src + len <= buf + CAP);
	mica.stages++;
	if (mica.stage_status != MICA_HC_SUCCESS) {
		return mica.stage_status;
	}
	assert_true(offset + len <= SLOT_SIZE);
	memcpy(mica.slot + offset, src, len);
	return MICA_HC_SUCCESS;
}

int64_t mica_hc_part_standby(uint64_t id, uint64_t size, uint64_t version,
			     uint64_t load, uint64_t entry, uint64_t flags)
{
	assert_int_equal(id, RT_ID);
	mica.standbys++;
	mica.sb[0] = size;
	mica.sb[1] = version;
	mica.sb[2] = load;
	mica.sb[3] = entry;
	mica.sb[4] = flags;
	if (mica.standby_status == MICA_HC_SUCCESS) {
		mica.rt.standby = MICA_STANDBY_BOOTING;
	}
	return mica.standby_status;
}

int64_t mica_hc_part_rollback(uint64_t id)
{
	assert_int_equal(id, RT_ID);
	mica.rollbacks++;
	mica.rt.standby = MICA_STANDBY_NONE;
	return MICA_HC_SUCCESS;
}

int64_t mica_hc_part_wipe(uint64_t id)
{
	assert_int_equal(id, RT_ID);
	mica.wipes++;
	if (mica.wipe_steps > 0) {
		mica.wipe_steps--;
		return MICA_HC_IN_PROGRESS;
	}
	mica.rt.state = MICA_PART_WIPED;
	return MICA_HC_SUCCESS;
}

void agent_sleep_ms(unsigned ms)
{
	assert_int_equal(ms, AGENT_SWITCH_POLL_MS);
	mica.sleeps++;
}

static int setup(void **state)
{
	(void)state;
	memset(&mica, 0, sizeof(mica));
	mica.abi4 = true;
	mica.rt = (struct mica_part_state){ .state = MICA_PART_RUNNING,
					    .version = 1,
					    .flags = MICA_PART_F_UPDATABLE };
	mica.switch_after = 3;
	mica.probation = 2;
	buf = malloc(CAP);
	assert_non_null(buf);
	agent_init(&agent, buf, CAP, pubkey);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(buf);
	return 0;
}

/* A message: tag, a zero word, then n bytes of body. */
static size_t deliver(const char *tag, const void *body, size_t n, char *reply)
{
	uint8_t *m = malloc(AGENT_HDR_SIZE + n + 1);
	size_t len;

	assert_non_null(m);
	memcpy(m, tag, 4);
	memset(m + 4, 0, 4);
	if (n > 0) {
		memcpy(m + AGENT_HDR_SIZE, body, n);
	}
	len = agent_handle(&agent, m, AGENT_HDR_SIZE + n, reply);
	free(m);
	assert_true(len < AGENT_REPLY_MAX);
	assert_int_equal(strlen(reply), len);
	return len;
}

static void begin(uint64_t total)
{
	char reply[AGENT_REPLY_MAX];
	char want[64];

	deliver("UBEG", &total, 8, reply);
	snprintf(want, sizeof(want), "ok: ready for %lu bytes",
		 (unsigned long)total);
	assert_string_equal(reply, want);
}

static void chunk(uint64_t off, const uint8_t *p, size_t n)
{
	uint8_t m[8 + AGENT_DATA_MAX];
	char reply[AGENT_REPLY_MAX];

	assert_true(n <= AGENT_DATA_MAX);
	memcpy(m, &off, 8);
	memcpy(m + 8, p, n);
	assert_int_equal(deliver("DATA", m, 8 + n, reply), 0);
}

/* The whole of img as micactl sends it; the reply to UEND into reply. */
static void transfer(const uint8_t *img, size_t size, char *reply)
{
	begin(size);
	for (size_t off = 0; off < size; off += AGENT_DATA_MAX) {
		size_t n = size - off < AGENT_DATA_MAX ? size - off :
							 AGENT_DATA_MAX;

		chunk(off, img + off, n);
	}
	deliver("UEND", NULL, 0, reply);
}

static void assert_unchanged(void)
{
	assert_int_equal(mica.stages, 0);
	assert_int_equal(mica.standbys, 0);
	assert_int_equal(mica.wipes, 0);
	assert_int_equal(mica.rollbacks, 0);
	assert_int_equal(mica.rt.version, 1);
}

/*
 * Sends file name with its last cut bytes cut and its byte at flip
 * changed (none if negative); the reply to UEND into reply.
 */
static void update_with(const char *name, size_t cut, int flip, char *reply)
{
	size_t size;
	uint8_t *img = unit_load(name, &size);

	if (flip >= 0) {
		img[flip] ^= 0x01;
	}
	transfer(img, size - cut, reply);
	free(img);
}

static void update__a_good_image_is_staged_booted_and_switched(void **state)
{
	char reply[AGENT_REPLY_MAX];
	size_t psize;
	uint8_t *payload = unit_load("update-payload.bin", &psize);

	(void)state;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "ok: rt runs version 2");
	/* 70000 bytes: a full 64 KiB chunk and the rest. */
	assert_int_equal(mica.stages, 2);
	assert_memory_equal(mica.slot, payload, psize);
	assert_int_equal(mica.standbys, 1);
	assert_int_equal(mica.sb[0], psize);
	assert_int_equal(mica.sb[1], 2);
	assert_int_equal(mica.sb[2], 0x40000000);
	assert_int_equal(mica.sb[3], 0x40000100);
	assert_int_equal(mica.sb[4], MICA_STANDBY_AUTO_SWITCH);
	/* 3 before the switch, 3 in its probation. */
	assert_int_equal(mica.sleeps, 6);
	assert_int_equal(mica.rollbacks, 0);
	free(payload);
}

static void update__refuses_bad_images_and_changes_nothing(void **state)
{
	static const struct {
		const char *file;
		size_t cut;
		int flip;
		const char *reply;
	} cases[] = {
		{ "update-rt-v2.mup", 0, 140,
		  "error: bad signature; nothing "
		  "changed" },
		{ "update-rt-v2.mup", 0, 24,
		  "error: bad signature; nothing "
		  "changed" },
		{ "update-rt-v2.mup", 0, 9,
		  "error: bad signature; nothing "
		  "changed" },
		{ "update-rt-v2-other-key.mup", 0, -1,
		  "error: bad signature; nothing changed" },
		{ "update-rt-v2.mup", 0, 1000,
		  "error: payload hash mismatch (tampered or corrupt)" },
		{ "update-rt-v2.mup", 1, -1,
		  "error: the header says 70000 payload bytes, the image "
		  "holds 69999" },
		{ "update-pin-v2.mup", 0, -1,
		  "error: target \"pin\" is not a partition this agent may "
		  "manage" },
		{ "update-rt-v1.mup", 0, -1,
		  "error: version 1 is not above rt's running version 1 "
		  "(downgrade refused)" },
		{ "update-rt-v2.mup", 70000 + 8, -1,
		  "error: truncated: 184 bytes, an image's header and "
		  "signature take 192" },
		{ "update-rt-v2.mup", 0, 0,
		  "error: not an update image (no MUP1 magic)" },
		{ "update-rt-v2.mup", 0, 4, "error: unknown image format 0" },
		{ "update-rt-v2.mup", 0, 100,
		  "error: reserved header bytes are not zero" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char reply[AGENT_REPLY_MAX];

		update_with(cases[i].file, cases[i].cut, cases[i].flip, reply);
		assert_string_equal(reply, cases[i].reply);
		assert_unchanged();
	}
}

static void
update__a_downgrade_goes_only_where_the_scenario_allows(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.rt.version = 3;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: version 2 is not above rt's "
				   "running version 3 (downgrade refused)");
	assert_int_equal(mica.stages, 0);
	mica.rt.flags |= MICA_PART_F_DOWNGRADE;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "ok: rt runs version 2");
}

static void update__needs_a_standby_slot_and_mica_0_4(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.rt.flags = 0;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply,
			    "error: rt has no standby slot to update into");
	mica.abi4 = false;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: mica has no management calls (ABI "
				   "0.4 needed); nothing changed");
	assert_unchanged();
}

static void update__a_broken_transfer_is_refused(void **state)
{
	char reply[AGENT_REPLY_MAX];
	size_t size;
	uint8_t *img = unit_load("update-rt-v2.mup", &size);
	uint64_t big = CAP + 1;

	(void)state;
	/* Too large, then an end with no transfer. */
	deliver("UBEG", &big, 8, reply);
	assert_string_equal(reply, "error: an image of 1048577 bytes; the "
				   "agent takes 1 to 1048576");
	deliver("UEND", NULL, 0, reply);
	assert_string_equal(reply, "error: no transfer (UBEG first)");
	/* Ended early. */
	begin(size);
	chunk(0, img, AGENT_DATA_MAX);
	deliver("UEND", NULL, 0, reply);
	assert_string_equal(reply, "error: transfer ended at 16384 of 70192 "
				   "bytes; nothing changed");
	/* Out of order. */
	begin(size);
	chunk(AGENT_DATA_MAX, img + AGENT_DATA_MAX, AGENT_DATA_MAX);
	deliver("UEND", NULL, 0, reply);
	assert_string_equal(reply, "error: a chunk out of order; nothing "
				   "changed");
	/* More than announced, as a flood of data would be. */
	begin(100);
	chunk(0, img, 100);
	chunk(100, img, 1);
	deliver("UEND", NULL, 0, reply);
	assert_string_equal(reply, "error: more data than announced; nothing "
				   "changed");
	/* A DATA with no offset. */
	begin(100);
	assert_int_equal(deliver("DATA", img, 4, reply), 0);
	deliver("UEND", NULL, 0, reply);
	assert_string_equal(reply, "error: a DATA message without its "
				   "offset; nothing changed");
	assert_unchanged();
	free(img);
}

static void update__garbage_and_floods_are_refused(void **state)
{
	char reply[AGENT_REPLY_MAX];
	uint8_t m[64];
	uint32_t x = 12345;

	(void)state;
	memcpy(m, "UBEG\1\0\0\0", 8); /* a reserved word that is not 0 */
	assert_true(agent_handle(&agent, m, 16, reply) > 0);
	assert_string_equal(reply, "error: not a request");
	assert_true(agent_handle(&agent, m, 3, reply) > 0);
	assert_string_equal(reply, "error: not a request");
	assert_true(deliver("HELO", NULL, 0, reply) > 0);
	assert_string_equal(reply, "error: not a request");
	/* Ten thousand random messages: refusals, no call that acts. */
	for (unsigned i = 0; i < 10000; i++) {
		size_t len = 0;

		for (size_t k = 0; k < sizeof(m); k++) {
			x = x * 1103515245u + 12345u;
			m[k] = (uint8_t)(x >> 16);
		}
		len = (x >> 8) % sizeof(m);
		(void)agent_handle(&agent, m, len, reply);
		assert_true(strncmp(reply, "error: ", 7) == 0 ||
			    strncmp(reply, "ok: ready", 9) == 0 ||
			    reply[0] == '\0');
	}
	assert_unchanged();
	/* And a good image still goes through after it. */
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "ok: rt runs version 2");
}

static void update__failures_after_the_checks_are_said(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.stage_status = MICA_HC_DENIED;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: staging at offset 0 failed "
				   "(denied); rt still runs version 1");
	assert_int_equal(mica.standbys, 0);
	mica.stage_status = MICA_HC_SUCCESS;
	mica.standby_status = MICA_HC_INVALID_PARAMETER;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: mica refused to boot the standby "
				   "(invalid parameter); rt still runs "
				   "version 1");
	mica.standby_status = MICA_HC_SUCCESS;
	mica.boot_fails = true;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: version 2 of rt did not come up "
				   "(rolled back); version 1 runs");
	assert_int_equal(mica.rollbacks, 0);
}

/* The verdict waits for the end of the probation after the switch. */
static void update__waits_out_the_probation(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.probation = 5;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "ok: rt runs version 2");
	assert_int_equal(mica.rt.standby, MICA_STANDBY_NONE);
	assert_int_equal(mica.queries, 1 + 4 + 6);
}

static void update__a_fault_in_probation_is_said(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.late_fault = true;
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: version 2 of rt failed in probation "
				   "(rolled back); version 1 runs");
	assert_int_equal(mica.rollbacks, 0);
}

/* A probation longer than the wait: the new version is not rolled back. */
static void update__a_long_probation_is_left_to_run(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.probation = -1; /* never ends */
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "ok: rt runs version 2, still in probation");
	assert_int_equal(mica.rollbacks, 0);
}

static void update__the_wait_for_a_switch_is_bounded(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.switch_after = -1; /* never */
	update_with("update-rt-v2.mup", 0, -1, reply);
	assert_string_equal(reply, "error: version 2 of rt did not switch "
				   "within 30 s (discarded); version 1 runs");
	assert_int_equal(mica.sleeps, AGENT_SWITCH_POLLS);
	assert_int_equal(mica.rollbacks, 1);
}

/* As update_with, for a wipe command. */
static void wipe_file(const char *name, int flip, size_t cut, char *reply)
{
	size_t size;
	uint8_t *c = unit_load(name, &size);

	if (flip >= 0) {
		c[flip] ^= 0x01;
	}
	deliver("WIPE", c, size - cut, reply);
	free(c);
}

static void wipe__runs_to_the_end_and_refuses_replays(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.wipe_steps = 5;
	wipe_file("update-wipe-rt-5.mwp", -1, 0, reply);
	assert_string_equal(reply, "ok: rt wiped (nonce 5)");
	assert_int_equal(mica.wipes, 6);
	wipe_file("update-wipe-rt-5.mwp", -1, 0, reply);
	assert_string_equal(reply, "error: nonce 5 is not above the last "
				   "accepted (5): a replay, refused");
	wipe_file("update-wipe-rt-3.mwp", -1, 0, reply);
	assert_string_equal(reply, "error: nonce 3 is not above the last "
				   "accepted (5): a replay, refused");
	assert_int_equal(mica.wipes, 6);
	wipe_file("update-wipe-rt-7.mwp", -1, 0, reply);
	assert_string_equal(reply, "ok: rt wiped (nonce 7)");
	assert_int_equal(mica.wipes, 7);
}

static void wipe__refuses_bad_commands_without_taking_the_nonce(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	wipe_file("update-wipe-rt-7.mwp", 24, 0, reply); /* the nonce */
	assert_string_equal(reply, "error: bad signature; nothing wiped");
	wipe_file("update-wipe-rt-7.mwp", 100, 0, reply); /* the signature */
	assert_string_equal(reply, "error: bad signature; nothing wiped");
	wipe_file("update-wipe-rt-7.mwp", -1, 1, reply);
	assert_string_equal(reply,
			    "error: a wipe command is 128 bytes, not 127");
	wipe_file("update-wipe-rt-7.mwp", 0, 0, reply);
	assert_string_equal(reply, "error: not a wipe command of format 1");
	wipe_file("update-wipe-rt-7.mwp", 40, 0, reply);
	assert_string_equal(reply, "error: not a wipe command of format 1");
	wipe_file("update-wipe-pin-9.mwp", -1, 0, reply);
	assert_string_equal(reply, "error: target \"pin\" is not a partition "
				   "this agent may manage");
	mica.abi4 = false;
	wipe_file("update-wipe-rt-7.mwp", -1, 0, reply);
	assert_string_equal(reply, "error: mica has no management calls (ABI "
				   "0.4 needed); nothing changed");
	assert_unchanged();
	/* None of those took nonce 7 or 9: 5 is still welcome. */
	mica.abi4 = true;
	wipe_file("update-wipe-rt-5.mwp", -1, 0, reply);
	assert_string_equal(reply, "ok: rt wiped (nonce 5)");
}

static void wipe__a_wipe_that_never_ends_is_given_up(void **state)
{
	char reply[AGENT_REPLY_MAX];

	(void)state;
	mica.wipe_steps = AGENT_WIPE_CALLS;
	wipe_file("update-wipe-rt-5.mwp", -1, 0, reply);
	assert_string_equal(reply, "error: wiping rt failed (in progress)");
	assert_int_equal(mica.wipes, AGENT_WIPE_CALLS);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(update__a_good_image_is_staged_booted_and_switched),
		T(update__refuses_bad_images_and_changes_nothing),
		T(update__a_downgrade_goes_only_where_the_scenario_allows),
		T(update__needs_a_standby_slot_and_mica_0_4),
		T(update__a_broken_transfer_is_refused),
		T(update__garbage_and_floods_are_refused),
		T(update__failures_after_the_checks_are_said),
		T(update__waits_out_the_probation),
		T(update__a_fault_in_probation_is_said),
		T(update__a_long_probation_is_left_to_run),
		T(update__the_wait_for_a_switch_is_bounded),
		T(wipe__runs_to_the_end_and_refuses_replays),
		T(wipe__refuses_bad_commands_without_taking_the_nonce),
		T(wipe__a_wipe_that_never_ends_is_given_up),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
