/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Outputs of a checked scenario (see gen.c).
 */
#ifndef MICACFG_GEN_H
#define MICACFG_GEN_H

#include <stdio.h>

#include "cfg.h"
#include "place.h"

/* Writes the C definition of `const struct scenario mica_scenario`. */
bool gen_tables(const struct scenario *s, FILE *f);

/*
 * Builds partition pi's device tree (a guest OS's) into buf of size bytes.
 * False if it does not fit.
 */
bool gen_guest_dtb(const struct cfg *cfg, uint32_t pi, void *buf, size_t size);

/*
 * Writes DIR/tables.c, DIR/payload.bin (the partition images at the
 * offsets the tables give) and DIR/<partition>.dtb for each guest OS.
 */
bool gen_all(const struct cfg *cfg, const struct placed_images *pi,
	     const char *dir, struct scn_error *err);

/* Writes DIR/tables.c without a scenario (magic 0) and an empty payload. */
bool gen_none(const char *dir);

#endif
