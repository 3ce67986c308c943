// SPDX-License-Identifier: Apache-2.0
/*
 * Hypercall decoding (see mica/hcall.h). One call so far: the version
 * call, by which a partition learns it runs on mica and which ABI it
 * speaks.
 */
#include "mica/hcall.h"
#include "mica/hypercall.h"

struct hc_result hcall_handle(struct vcpu *v, uint32_t fid, uint64_t a1,
			      uint64_t a2, uint64_t a3)
{
	struct hc_result r = { .x0 = (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED };

	(void)v;
	(void)a1;
	(void)a2;
	(void)a3;
	switch (fid) {
	case MICA_HC_VERSION:
		r.x0 = MICA_HC_ABI_VERSION;
		r.x1 = MICA_HC_MAGIC;
		break;
	default: break;
	}
	return r;
}
