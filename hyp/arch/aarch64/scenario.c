// SPDX-License-Identifier: Apache-2.0
/*
 * The check of the AArch64 section of a scenario (arch/scenario.h): pure C,
 * linked into the host tool, the hypervisor and the unit tests, so that a
 * scenario is judged by the same code before it is built and at boot.
 */
#include "arch/scenario.h"
#include "mica/fmt.h"

bool arch_scenario_check(const struct scn_arch *a, char *err,
			 size_t err_size)
{
	if (a->gic_version != 2 && a->gic_version != 3) {
		fmt_snprintf(err, err_size, "gic = %u; 2 or 3 allowed",
			     a->gic_version);
		return false;
	}
	return true;
}
