// SPDX-License-Identifier: Apache-2.0
/*
 * libFuzzer target: any bytes as a compiled scenario (a DTB) into
 * cfg_parse(), and what parses into scenario_check(), as micacfg does
 * before placement (no file is read here). Then the same bytes as a
 * compiled struct scenario, magic and version forced valid, straight into
 * scenario_check(): the hypervisor runs it on tables it did not parse.
 * Neither may crash, read out of bounds, hit undefined behaviour or leave
 * an error message unterminated.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_error(const struct scn_error *err)
{
	if (memchr(err->path, '\0', sizeof(err->path)) == NULL ||
	    memchr(err->msg, '\0', sizeof(err->msg)) == NULL) {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct cfg cfg;
	static struct scenario raw;
	struct scn_error err;

	if (cfg_parse(data, size, &cfg, &err)) {
		if (!scenario_check(&cfg.scn, &err)) {
			check_error(&err);
		}
	} else {
		check_error(&err);
	}

	memset(&raw, 0, sizeof(raw));
	memcpy(&raw, data, size < sizeof(raw) ? size : sizeof(raw));
	raw.magic = SCN_MAGIC;
	raw.version = SCN_VERSION;
	if (!scenario_check(&raw, &err)) {
		check_error(&err);
	}
	return 0;
}
