// SPDX-License-Identifier: Apache-2.0
/*
 * Images and placement. Reads each partition's image files (paths relative
 * to the current directory, the repository root under make), validates
 * their headers (arm64 Image, or ELF64 executable for AArch64), lays them
 * out in the payload that follows the hypervisor, and gives every address
 * the source left open a place: image load addresses inside the partition,
 * physical memory of regions without `pa`, and channel memory.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cfg.h"
#include "place.h"

#define PAGE 4096u
#define MIB2 (2u << 20)
#define MAX_FREE 64

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) / a * a;
}

static bool fail(struct scn_error *err, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool fail(struct scn_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;

	snprintf(err->path, sizeof(err->path), "%s", path);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return false;
}

/* Reads up to size bytes at offset off of file into buf; false on short read. */
static bool read_at(FILE *f, uint64_t off, void *buf, size_t size)
{
	return fseek(f, (long)off, SEEK_SET) == 0 &&
	       fread(buf, 1, size, f) == size;
}

static bool file_size(const char *path, const char *what, const char *node,
		      uint64_t *size, struct scn_error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		return fail(err, node, "%s file \"%s\": %s", what, path,
			    strerror(errno));
	}
	if (!S_ISREG(st.st_mode) || st.st_size == 0) {
		return fail(err, node, "%s file \"%s\" is not a non-empty file",
			    what, path);
	}
	*size = (uint64_t)st.st_size;
	return true;
}

bool place_read_linux(const char *path, const char *node,
		      struct linux_image *li, struct scn_error *err)
{
	uint8_t h[64];
	uint64_t size;
	FILE *f;
	bool ok;

	if (!file_size(path, "kernel", node, &size, err)) {
		return false;
	}
	f = fopen(path, "rb");
	ok = f != NULL && size >= sizeof(h) && read_at(f, 0, h, sizeof(h));
	if (f != NULL) {
		fclose(f);
	}
	if (!ok || memcmp(h + 56, "ARM\x64", 4) != 0) {
		return fail(err, node,
			    "kernel file \"%s\" is not an arm64 Linux "
			    "Image (no \"ARM\\x64\" magic at offset 56)",
			    path);
	}
	memcpy(&li->text_offset, h + 8, 8);
	memcpy(&li->image_size, h + 16, 8);
	li->file_size = size;
	if (li->image_size == 0) {
		/* Pre-3.17 kernels: no size; the Image format says 0x80000. */
		li->text_offset = 0x80000;
	}
	if (li->text_offset >= MIB2) {
		return fail(err, node,
			    "kernel text_offset 0x%llx is not below "
			    "2 MiB",
			    (unsigned long long)li->text_offset);
	}
	li->mem_size = li->image_size > size ? li->image_size : size;
	return true;
}

bool place_read_elf(const char *path, const char *node, struct elf_image *ei,
		    struct scn_error *err)
{
	Elf64_Ehdr eh;
	uint64_t size;
	uint64_t lo = UINT64_MAX;
	uint64_t hi = 0;
	FILE *f;

	if (!file_size(path, "elf", node, &size, err)) {
		return false;
	}
	f = fopen(path, "rb");
	if (f == NULL || !read_at(f, 0, &eh, sizeof(eh)) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_machine != EM_AARCH64 ||
	    eh.e_type != ET_EXEC || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phnum == 0 || eh.e_phnum > 64 || eh.e_phoff > size ||
	    eh.e_phoff + (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > size) {
		if (f != NULL) {
			fclose(f);
		}
		return fail(err, node,
			    "elf file \"%s\" is not a static AArch64 "
			    "ELF64 executable",
			    path);
	}
	ei->segment_count = 0;
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		if (!read_at(f, eh.e_phoff + (uint64_t)i * sizeof(ph), &ph,
			     sizeof(ph))) {
			fclose(f);
			return fail(err, node,
				    "elf file \"%s\": unreadable program "
				    "header %u",
				    path, i);
		}
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0) {
			continue;
		}
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > size ||
		    ph.p_filesz > size - ph.p_offset ||
		    ph.p_vaddr + ph.p_memsz < ph.p_vaddr ||
		    ei->segment_count == ELF_MAX_SEGMENTS) {
			fclose(f);
			return fail(err, node,
				    "elf file \"%s\": bad loadable "
				    "segment %u",
				    path, i);
		}
		ei->segments[ei->segment_count++] = (struct elf_segment){
			.vaddr = ph.p_vaddr,
			.offset = ph.p_offset,
			.filesz = ph.p_filesz,
			.memsz = ph.p_memsz,
		};
		lo = ph.p_vaddr < lo ? ph.p_vaddr : lo;
		hi = ph.p_vaddr + ph.p_memsz > hi ? ph.p_vaddr + ph.p_memsz :
						    hi;
	}
	fclose(f);
	if (ei->segment_count == 0) {
		return fail(err, node, "elf file \"%s\" has nothing to load",
			    path);
	}
	ei->base = lo - lo % PAGE;
	ei->mem_size = align_up(hi - ei->base, PAGE);
	ei->entry = eh.e_entry;
	return true;
}

/* Free physical ranges: RAM minus everything already taken. */
struct freelist {
	struct scn_range r[MAX_FREE];
	unsigned n;
};

static void take(struct freelist *fl, uint64_t base, uint64_t size)
{
	struct freelist out = { .n = 0 };
	uint64_t end = base + size;

	for (unsigned i = 0; i < fl->n; i++) {
		uint64_t b = fl->r[i].base;
		uint64_t e = b + fl->r[i].size;

		if (end <= b || base >= e) {
			if (out.n < MAX_FREE) {
				out.r[out.n++] = fl->r[i];
			}
			continue;
		}
		if (b < base && out.n < MAX_FREE) {
			out.r[out.n++] = (struct scn_range){ b, base - b };
		}
		if (end < e && out.n < MAX_FREE) {
			out.r[out.n++] = (struct scn_range){ end, e - end };
		}
	}
	*fl = out;
}

static bool alloc(struct freelist *fl, uint64_t size, uint64_t *out)
{
	uint64_t a = size % MIB2 == 0 ? MIB2 : PAGE;

	for (unsigned i = 0; i < fl->n; i++) {
		uint64_t b = align_up(fl->r[i].base, a);

		/* Compared as lengths: b + size may wrap for a huge size. */
		if (b >= fl->r[i].base && b - fl->r[i].base <= fl->r[i].size &&
		    size <= fl->r[i].size - (b - fl->r[i].base)) {
			*out = b;
			take(fl, b, size);
			return true;
		}
	}
	return false;
}

/* The region of p with the lowest ipa that holds size bytes from a 2 MiB boundary. */
static const struct scn_region *linux_region(const struct scn_partition *p,
					     uint64_t size)
{
	const struct scn_region *best = NULL;

	for (uint32_t i = 0; i < p->region_count; i++) {
		const struct scn_region *r = &p->regions[i];
		uint64_t b = align_up(r->ipa, MIB2);

		if ((r->flags & SCN_MEM_SHARED) == 0 &&
		    b + size <= r->ipa + r->size &&
		    (best == NULL || r->ipa < best->ipa)) {
			best = r;
		}
	}
	return best;
}

static bool place_images(struct cfg *cfg, struct placed_images *pi,
			 struct scn_error *err)
{
	struct scenario *s = &cfg->scn;
	uint64_t off = 0;

	for (uint32_t i = 0; i < s->partition_count; i++) {
		struct scn_partition *p = &s->partitions[i];
		struct scn_image *im = &p->image;
		const struct cfg_image_files *f = &cfg->extra[i].files;
		char node[SCN_PATH_MAX];

		snprintf(node, sizeof(node), "/partitions/%s/image", p->name);
		if (im->kind == SCN_IMAGE_LINUX) {
			struct linux_image *li = &pi->linux_img[i];
			const struct scn_region *r;
			uint64_t base;

			if (!place_read_linux(f->kernel, node, li, err)) {
				return false;
			}
			im->blob_size = li->mem_size;
			if (f->initramfs[0] != '\0' &&
			    !file_size(f->initramfs, "initramfs", node,
				       &im->initrd_size, err)) {
				return false;
			}
			im->dtb_size = PLACE_DTB_MAX;
			if (f->load_set) {
				if ((im->load_ipa - li->text_offset) % MIB2 !=
				    0) {
					return fail(
						err, node,
						"load 0x%llx is not 2 MiB "
						"aligned plus the kernel's text_offset "
						"0x%llx",
						(unsigned long long)im->load_ipa,
						(unsigned long long)
							li->text_offset);
				}
				base = im->load_ipa - li->text_offset;
			} else {
				uint64_t need =
					li->text_offset +
					align_up(li->mem_size, MIB2) +
					align_up(im->initrd_size, MIB2) + MIB2;

				r = linux_region(p, need);
				if (r == NULL) {
					return fail(
						err, node,
						"the kernel (%llu bytes), "
						"initramfs (%llu bytes) and device tree "
						"do not fit in any memory region",
						(unsigned long long)li->mem_size,
						(unsigned long long)
							im->initrd_size);
				}
				base = align_up(r->ipa, MIB2);
				im->load_ipa = base + li->text_offset;
			}
			im->entry_ipa = im->load_ipa;
			im->initrd_ipa =
				im->initrd_size == 0 ?
					0 :
					align_up(im->load_ipa + li->mem_size,
						 MIB2);
			im->dtb_ipa =
				align_up((im->initrd_size != 0 ?
						  im->initrd_ipa +
							  im->initrd_size :
						  im->load_ipa + li->mem_size),
					 MIB2);
		} else if (im->kind == SCN_IMAGE_RAW) {
			/* Loaded as it is, where the source says (load, entry). */
			if (!file_size(f->raw, "raw", node, &im->blob_size,
				       err)) {
				return false;
			}
			if (!f->entry_set) {
				im->entry_ipa = im->load_ipa;
			}
			im->dtb_size = PLACE_DTB_MAX;
			im->dtb_ipa =
				align_up(im->load_ipa + im->blob_size, MIB2);
		} else if (im->kind == SCN_IMAGE_ELF) {
			struct elf_image *ei = &pi->elf[i];

			if (!place_read_elf(f->elf, node, ei, err)) {
				return false;
			}
			if (f->load_set && im->load_ipa != ei->base) {
				return fail(err, node,
					    "load 0x%llx, but the ELF is "
					    "linked to run at 0x%llx",
					    (unsigned long long)im->load_ipa,
					    (unsigned long long)ei->base);
			}
			im->load_ipa = ei->base;
			im->entry_ipa = ei->entry;
			im->blob_size = ei->mem_size;
		}
		if (f->dtb_set) {
			if (f->dtb_ipa % PAGE != 0) {
				return fail(err, node,
					    "dtb 0x%llx is not 4 KiB "
					    "aligned",
					    (unsigned long long)f->dtb_ipa);
			}
			/* What it was placed at is replaced: dtb says where. */
			im->dtb_ipa = f->dtb_ipa;
		}
		/* The payload: image, initramfs, device tree, page aligned. */
		im->blob_offset = off;
		off += align_up(im->blob_size, PAGE);
		im->initrd_offset = off;
		off += align_up(im->initrd_size, PAGE);
		im->dtb_offset = off;
		off += align_up(im->dtb_size, PAGE);
	}
	s->board.payload.base =
		s->board.hypervisor.base + s->board.hypervisor.size;
	s->board.payload.size = off;
	return true;
}

/*
 * Each updatable partition's standby memory (a copy of each region, same
 * size) and its two image slots, after everything else so that adding an
 * update node moves nothing that was placed before.
 */
static bool place_updates(struct scenario *s, struct freelist *fl,
			  struct scn_error *err)
{
	for (uint32_t i = 0; i < s->partition_count; i++) {
		struct scn_partition *p = &s->partitions[i];
		struct scn_update *u = &p->update;
		char node[SCN_PATH_MAX];

		if ((p->flags & SCN_PART_UPDATABLE) == 0) {
			continue;
		}
		snprintf(node, sizeof(node), "/partitions/%s/update", p->name);
		if (u->image_size == 0 || u->image_size % PAGE != 0) {
			return fail(err, node,
				    "image-size 0x%llx is not a positive "
				    "multiple of 4 KiB",
				    (unsigned long long)u->image_size);
		}
		for (uint32_t j = 0; j < p->region_count; j++) {
			if (!alloc(fl, p->regions[j].size, &u->standby_pa[j])) {
				return fail(err, node,
					    "no free RAM left for the "
					    "standby's copy of region %s",
					    p->regions[j].node);
			}
		}
		for (unsigned j = 0; j < 2; j++) {
			if (!alloc(fl, u->image_size, &u->slot_pa[j])) {
				return fail(err, node,
					    "no free RAM left for two image "
					    "slots of 0x%llx bytes",
					    (unsigned long long)u->image_size);
			}
		}
	}
	return true;
}

bool place_all(struct cfg *cfg, struct placed_images *pi, struct scn_error *err)
{
	struct scenario *s = &cfg->scn;
	struct freelist fl = { .n = 0 };

	memset(pi, 0, sizeof(*pi));
	if (!place_images(cfg, pi, err)) {
		return false;
	}
	for (uint32_t i = 0; i < s->board.ram_count && i < SCN_MAX_RAM; i++) {
		fl.r[fl.n++] = s->board.ram[i];
	}
	take(&fl, s->board.hypervisor.base, s->board.hypervisor.size);
	take(&fl, s->board.payload.base, s->board.payload.size);
	for (uint32_t i = 0; i < s->partition_count; i++) {
		const struct scn_partition *p = &s->partitions[i];

		for (uint32_t j = 0; j < p->region_count; j++) {
			if (cfg->extra[i].phys_set[j]) {
				take(&fl, p->regions[j].pa, p->regions[j].size);
			}
		}
	}
	for (uint32_t i = 0; i < s->partition_count; i++) {
		struct scn_partition *p = &s->partitions[i];

		for (uint32_t j = 0; j < p->region_count; j++) {
			struct scn_region *r = &p->regions[j];
			char node[SCN_PATH_MAX];

			if (cfg->extra[i].phys_set[j]) {
				continue;
			}
			snprintf(node, sizeof(node), "/partitions/%s/memory/%s",
				 p->name, r->node);
			if (r->size == 0 || r->size % PAGE != 0) {
				return fail(err, node,
					    "size 0x%llx is not a positive "
					    "multiple of 4 KiB",
					    (unsigned long long)r->size);
			}
			if (!alloc(&fl, r->size, &r->pa)) {
				return fail(err, node,
					    "no free RAM left for %llu MiB",
					    (unsigned long long)(r->size >>
								 20));
			}
		}
	}
	for (uint32_t i = 0; i < s->channel_count; i++) {
		struct scn_channel *ch = &s->channels[i];
		char node[SCN_PATH_MAX];

		snprintf(node, sizeof(node), "/channels/%s", ch->name);
		if (ch->size == 0 || ch->size % PAGE != 0) {
			return fail(err, node,
				    "size 0x%llx is not a positive "
				    "multiple of 4 KiB",
				    (unsigned long long)ch->size);
		}
		if (!alloc(&fl, ch->size, &ch->pa)) {
			return fail(err, node,
				    "no free RAM left for the channel");
		}
	}
	return place_updates(s, &fl, err);
}
