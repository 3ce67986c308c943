// SPDX-License-Identifier: Apache-2.0
/*
 * mica's hypercalls (libmica/hc.h over include/mica/hypercall.h).
 */
#include "libmica/hc.h"
#include "libmica/smccc.h"
#include "mica/hypercall.h"

int64_t mica_hc_version(void)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_VERSION, 0, 0, 0, &res);
	if ((int64_t)res.a0 < 0) {
		return (int64_t)res.a0;
	}
	if (res.a1 != MICA_HC_MAGIC) {
		return MICA_HC_NOT_SUPPORTED; /* some other hypervisor */
	}
	return (int64_t)res.a0;
}

bool mica_under_hypervisor(void)
{
	return mica_hc_version() >= 0;
}
