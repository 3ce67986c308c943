/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the architecture's section of a scenario. Each port's
 * arch/scenario_defs.h defines struct scn_arch (the board's part only the
 * port reads, such as the GIC version on Arm), where a partition sees its
 * emulated devices (SCN_VDEV_*, SCN_VUART_*) and which interrupt ids its
 * devices may own (SCN_IRQ_DEV_*). The check below is linked into both the
 * host tool (tools/micacfg) and the hypervisor, as scenario_check.c is.
 */
#ifndef ARCH_SCENARIO_H
#define ARCH_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "arch/scenario_defs.h"

/*
 * Whether a (untrusted: from a scenario file, or a blob being staged) is
 * one this port can run; false with the reason in err (err_size bytes,
 * NUL-terminated), which the caller reports against /board.
 */
bool arch_scenario_check(const struct scn_arch *a, char *err,
			 size_t err_size);

#endif
