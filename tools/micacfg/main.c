// SPDX-License-Identifier: Apache-2.0
/*
 * micacfg: the scenario compiler. Reads a scenario compiled by dtc, checks
 * it (syntax, files, then the rules the hypervisor checks again at boot),
 * and prints a summary or generates the hypervisor's tables, the payload of
 * partition images and each guest OS's device tree.
 *
 *   micacfg check   SCENARIO.dtb [--source FILE.dts]
 *   micacfg info    SCENARIO.dtb [--source FILE.dts]
 *   micacfg gen     SCENARIO.dtb [--source FILE.dts] --out DIR
 *   micacfg none    --out DIR
 *
 * `none` writes tables that say "no scenario" (magic 0) and an empty
 * payload: a hypervisor for bringing up and testing a board by itself.
 *
 * Errors go to stderr as "FILE.dts: /node/path: what is wrong", exit 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "gen.h"
#include "place.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: micacfg check|info|gen SCENARIO.dtb [--source FILE.dts] "
		"[--out DIR]\n");
	return 2;
}

static void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf = NULL;
	long n;

	if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0) {
		if (f != NULL) {
			fclose(f);
		}
		return NULL;
	}
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf != NULL && fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	*size = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	static struct cfg cfg;
	static struct placed_images pi;
	struct scn_error err;
	const char *cmd;
	const char *dtb;
	const char *out = NULL;
	void *blob;
	size_t size;
	bool ok;

	if (argc == 4 && strcmp(argv[1], "none") == 0 &&
	    strcmp(argv[2], "--out") == 0) {
		return gen_none(argv[3]) ? 0 : 1;
	}
	if (argc < 3) {
		return usage();
	}
	cmd = argv[1];
	dtb = argv[2];
	snprintf(cfg.source, sizeof(cfg.source), "%s", dtb);
	for (int i = 3; i < argc; i++) {
		if (strcmp(argv[i], "--source") == 0 && i + 1 < argc) {
			snprintf(cfg.source, sizeof(cfg.source), "%s",
				 argv[++i]);
		} else if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else {
			return usage();
		}
	}
	if (strcmp(cmd, "check") != 0 && strcmp(cmd, "info") != 0 &&
	    strcmp(cmd, "gen") != 0) {
		return usage();
	}
	if (strcmp(cmd, "gen") == 0 && out == NULL) {
		return usage();
	}
	blob = read_file(dtb, &size);
	if (blob == NULL) {
		fprintf(stderr, "%s: cannot read %s\n", cfg.source, dtb);
		return 1;
	}
	ok = cfg_parse(blob, size, &cfg, &err) && place_all(&cfg, &pi, &err) &&
	     scenario_check(&cfg.scn, &err);
	free(blob);
	if (!ok) {
		fprintf(stderr, "%s: %s: %s\n", cfg.source, err.path, err.msg);
		return 1;
	}
	if (strcmp(cmd, "info") == 0) {
		cfg_print_info(&cfg, stdout);
	} else if (strcmp(cmd, "gen") == 0) {
		if (!gen_all(&cfg, &pi, out, &err)) {
			fprintf(stderr, "%s: %s: %s\n", cfg.source, err.path,
				err.msg);
			return 1;
		}
	} else {
		printf("%s: ok: %u partitions, %u channels, %u rights\n",
		       cfg.source, cfg.scn.partition_count,
		       cfg.scn.channel_count, cfg.scn.right_count);
	}
	return 0;
}
