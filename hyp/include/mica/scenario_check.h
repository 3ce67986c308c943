/* SPDX-License-Identifier: Apache-2.0 */
/*
 * The rules that make a compiled scenario safe to boot: memory isolation,
 * single ownership of devices and interrupts, CPUs and priorities the board
 * has, budgets that fit, channels and rights between partitions that exist.
 * The same code runs in the host tool (before anything is built) and in the
 * hypervisor (on its own tables, at boot), and will vet staged updates.
 *
 * What it does not check: anything about files (the tool does: missing
 * images, sizes), and the source's syntax (unknown properties, types).
 */
#ifndef MICA_SCENARIO_CHECK_H
#define MICA_SCENARIO_CHECK_H

#include "mica/scenario.h"

#define SCN_MSG_MAX 192

/* The first rule a scenario breaks: the node it is about, and what is wrong. */
struct scn_error {
	char path[SCN_PATH_MAX]; /* e.g. "/partitions/rt/memory/ram" */
	char msg[SCN_MSG_MAX];
};

/*
 * Checks every rule of docs/scenario.md that the compiled form can show.
 * Returns true if s is safe to boot; otherwise false, with err describing
 * the first violation found (in a fixed order: board, partitions, channels,
 * rights). Reads only s; bounded by the SCN_MAX_* array sizes (about
 * (partitions x regions)^2 steps at worst).
 */
bool scenario_check(const struct scenario *s, struct scn_error *err);

/*
 * The k-th physical range of partition p's update memory (standby copies
 * of its regions, in order, then its two image slots), into *base and
 * *size. False past the last, or if p is not updatable; k up to
 * p->region_count + 1, which scenario_check() bounds by SCN_MAX_REGIONS.
 */
bool scenario_update_range(const struct scn_partition *p, uint32_t k,
			   uint64_t *base, uint64_t *size);

#endif
