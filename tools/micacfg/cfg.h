/* SPDX-License-Identifier: Apache-2.0 */
/*
 * micacfg's model of a scenario: the compiled tables (struct scenario,
 * exactly what the hypervisor receives) plus what only the host needs to
 * build them: image file names, which addresses the source left to the tool,
 * and the devices' compatible strings for guest device trees.
 */
#ifndef MICACFG_CFG_H
#define MICACFG_CFG_H

#include <stddef.h>
#include <stdio.h>

#include "mica/scenario.h"
#include "mica/scenario_check.h"

/* struct scn_right's allow bits (mica/scenario.h), in the source's order. */
_Static_assert(SCN_RIGHT_ALL == (SCN_RIGHT_WIPE << 1) - 1, "one bit a right");

#define CFG_PATH_MAX 512
#define CFG_COMPAT_MAX 128

struct cfg_image_files {
	char kernel[CFG_PATH_MAX];    /* guest-os: an arm64 Image, or ... */
	char raw[CFG_PATH_MAX];	      /* ... a raw binary (image/raw) */
	char initramfs[CFG_PATH_MAX]; /* guest-os with a kernel, optional */
	char elf[CFG_PATH_MAX];	      /* native */
	bool load_set;		      /* image/load given in the source */
	bool entry_set;		      /* image/entry (raw only) */
	bool dtb_set;		      /* image/dtb (guest-os): ... */
	uint64_t dtb_ipa;	      /* ... where its device tree goes */
};

struct cfg_partition_extra {
	struct cfg_image_files files;
	bool phys_set[SCN_MAX_REGIONS]; /* region/pa given in the source */
	char compat[SCN_MAX_DEVICES][CFG_COMPAT_MAX]; /* NUL-separated list */
	size_t compat_len[SCN_MAX_DEVICES];
};

struct cfg {
	struct scenario scn;
	struct cfg_partition_extra extra[SCN_MAX_PARTITIONS];
	char source[CFG_PATH_MAX]; /* the .dts named in messages */
};

/*
 * Reads a compiled scenario (a DTB of size bytes) into cfg: syntax, types,
 * unknown nodes and properties, names and the references between them.
 * Addresses the source leaves open stay 0 (place_all() places them). On failure
 * returns false with err set; the blob is never read out of its bounds,
 * whatever it holds.
 */
bool cfg_parse(const void *blob, size_t size, struct cfg *cfg,
	       struct scn_error *err);

/*
 * Prints the scenario as tables (partitions, CPUs, memory map, devices,
 * channels).
 */
void cfg_print_info(const struct cfg *cfg, FILE *out);

#endif
