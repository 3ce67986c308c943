// SPDX-License-Identifier: Apache-2.0
/*
 * mica's management hypercalls and MICA_HC_READY (libmica/part.h over
 * include/mica/hypercall.h).
 */
#include "libmica/part.h"
#include "libmica/smccc.h"
#include "mica/hypercall.h"

int64_t mica_hc_part_find(const char *name, uint64_t *id)
{
	struct mica_smccc_res res;
	uint64_t w[2] = { 0, 0 };
	unsigned i = 0;

	for (; i < 16 && name[i] != '\0'; i++) {
		w[i / 8] |= (uint64_t)(uint8_t)name[i] << (8 * (i % 8));
	}
	if (name[i] != '\0') {
		return MICA_HC_INVALID_PARAMETER; /* longer than any name */
	}
	mica_smccc_hvc(MICA_HC_PART_FIND, w[0], w[1], 0, &res);
	if (res.a0 == MICA_HC_SUCCESS) {
		*id = res.a1;
	}
	return (int64_t)res.a0;
}

int64_t mica_hc_part_query(uint64_t id, struct mica_part_state *st)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_PART_QUERY, id, 0, 0, &res);
	if (res.a0 == MICA_HC_SUCCESS) {
		st->state = res.a1;
		st->version = res.a2;
		st->standby = res.a3;
		st->standby_version = res.a4;
		st->flags = res.a5;
	}
	return (int64_t)res.a0;
}

int64_t mica_hc_part_stage(uint64_t id, uint64_t offset, const void *src,
			   uint64_t len)
{
	const uint64_t a[6] = {
		id, offset, (uint64_t)(uintptr_t)src, len, 0, 0
	};
	struct mica_smccc_res res;

	mica_smccc_hvc6(MICA_HC_PART_STAGE, a, &res);
	return (int64_t)res.a0;
}

int64_t mica_hc_part_standby(uint64_t id, uint64_t size, uint64_t version,
			     uint64_t load, uint64_t entry, uint64_t flags)
{
	const uint64_t a[6] = { id, size, version, load, entry, flags };
	struct mica_smccc_res res;

	mica_smccc_hvc6(MICA_HC_PART_STANDBY, a, &res);
	return (int64_t)res.a0;
}

int64_t mica_hc_part_rollback(uint64_t id)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_PART_ROLLBACK, id, 0, 0, &res);
	return (int64_t)res.a0;
}

int64_t mica_hc_part_wipe(uint64_t id)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_PART_WIPE, id, 0, 0, &res);
	return (int64_t)res.a0;
}

int64_t mica_hc_ready(void)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_READY, 0, 0, 0, &res);
	return (int64_t)res.a0;
}
