/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Image files and placement (see place.c): what micacfg learns from the
 * image headers, and placing what the source leaves open.
 */
#ifndef MICACFG_PLACE_H
#define MICACFG_PLACE_H

#include "cfg.h"

/* Room kept for a guest OS's generated device tree, in the payload and in RAM. */
#define PLACE_DTB_MAX (64u * 1024u)
#define ELF_MAX_SEGMENTS 8

struct linux_image {
	uint64_t text_offset;
	uint64_t image_size; /* from the header: memory it needs, 0 if unknown */
	uint64_t file_size;
	uint64_t mem_size; /* what it takes once loaded */
};

struct elf_segment {
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
};

struct elf_image {
	uint64_t base;	   /* lowest loaded address, page aligned */
	uint64_t mem_size; /* loaded span, page aligned, bss included */
	uint64_t entry;
	struct elf_segment segments[ELF_MAX_SEGMENTS];
	unsigned segment_count;
};

struct placed_images {
	struct linux_image linux_img[SCN_MAX_PARTITIONS];
	struct elf_image elf[SCN_MAX_PARTITIONS];
};

/* Reads and checks an arm64 Linux Image's header; err names node. */
bool place_read_linux(const char *path, const char *node,
		      struct linux_image *li, struct scn_error *err);

/* Reads and checks a static AArch64 ELF64 executable's program headers. */
bool place_read_elf(const char *path, const char *node, struct elf_image *ei,
		    struct scn_error *err);

/*
 * Reads every partition's image files (they must exist), lays the images
 * out in the payload after the hypervisor, and places what the source left
 * open: image load addresses, region and channel physical memory. False
 * with err set if a file is missing or malformed or something does not fit.
 * It does not check the result: scenario_check() does.
 */
bool place_all(struct cfg *cfg, struct placed_images *pi,
	       struct scn_error *err);

#endif
