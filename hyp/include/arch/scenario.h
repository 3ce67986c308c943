/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Arch interface: the architecture's section of a scenario. Each port's
 * arch/scenario_defs.h defines struct scn_arch (the board's part only the
 * port reads, such as the GIC version on Arm), where a partition sees its
 * emulated devices (SCN_VDEV_*, SCN_VUART_*) and which interrupt ids its
 * devices may own (SCN_IRQ_*), and the check below, static inline,
 * which runs in both the host tool (tools/micacfg) and the hypervisor, as
 * scenario_check.c does.
 */
#ifndef ARCH_SCENARIO_H
#define ARCH_SCENARIO_H

/*
 * bool arch_scenario_check(const struct scn_arch *a, char *err,
 *			    size_t err_size);
 *
 * Whether a (untrusted: from a scenario file, or a blob being staged) is
 * one this port can run; false with the reason in err (err_size bytes,
 * NUL-terminated), which the caller reports against /board.
 *
 * bool arch_scenario_direct_ok(const struct scn_arch *a, bool acked,
 *				char *err, size_t err_size);
 *
 * Whether this port can give a vCPU its physical interrupts directly
 * (SCN_VCPU_DIRECT) on board a, acked saying whether the scenario accepts
 * what the port documents that mode leaves open (SCN_VCPU_DIRECT_ACK);
 * false with the reason in err, which the caller reports against the vCPU.
 */
#include "arch/scenario_defs.h"

#endif
