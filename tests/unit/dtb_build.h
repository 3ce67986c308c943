/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Hand-made device-tree blobs for tests that need a structure dtc will not
 * write: leading NOPs, unknown tokens, names or values running off the
 * block, a structure block ending the blob. Tokens go in exactly as the test
 * adds them; nothing is checked or closed for it. Also names the header
 * fields, for tests that patch a dtc blob's header.
 */
#ifndef DTB_BUILD_H
#define DTB_BUILD_H

#include "unit.h"

#define DTB_HEADER_SIZE 40u
#define DTB_TOK_BEGIN_NODE 1u
#define DTB_TOK_END_NODE 2u
#define DTB_TOK_PROP 3u
#define DTB_TOK_NOP 4u
#define DTB_TOK_END 9u

/* Header fields by byte offset. */
#define DTB_H_MAGIC 0
#define DTB_H_TOTALSIZE 4
#define DTB_H_OFF_STRUCT 8
#define DTB_H_OFF_STRINGS 12
#define DTB_H_OFF_RSVMAP 16
#define DTB_H_VERSION 20
#define DTB_H_LAST_COMP 24
#define DTB_H_SIZE_STRINGS 32
#define DTB_H_SIZE_STRUCT 36

struct dtb_build {
	uint8_t st[2048];
	uint32_t st_len;
	char str[512];
	uint32_t str_len;
};

static inline uint32_t dtb_build_hdr(const uint8_t *blob, unsigned field)
{
	return unit_be32(blob + field);
}

static inline void dtb_build_set_hdr(uint8_t *blob, unsigned field, uint32_t v)
{
	unit_put_be32(blob + field, v);
}

static inline void dtb_build_u32(struct dtb_build *b, uint32_t v)
{
	assert_true(b->st_len + 4 <= sizeof(b->st));
	unit_put_be32(b->st + b->st_len, v);
	b->st_len += 4;
}

/* Appends n bytes and zero padding to the next 4-byte boundary. */
static inline void dtb_build_bytes(struct dtb_build *b, const void *p,
				   uint32_t n)
{
	uint32_t padded = (n + 3) & ~3u;

	assert_true(b->st_len + padded <= sizeof(b->st));
	memset(b->st + b->st_len, 0, padded);
	memcpy(b->st + b->st_len, p, n);
	b->st_len += padded;
}

static inline void dtb_build_begin(struct dtb_build *b, const char *name)
{
	dtb_build_u32(b, DTB_TOK_BEGIN_NODE);
	dtb_build_bytes(b, name, (uint32_t)strlen(name) + 1);
}

static inline void dtb_build_end(struct dtb_build *b)
{
	dtb_build_u32(b, DTB_TOK_END_NODE);
}

/* Adds s to the strings block; returns its offset there. */
static inline uint32_t dtb_build_string(struct dtb_build *b, const char *s)
{
	uint32_t off = b->str_len;
	size_t n = strlen(s) + 1;

	assert_true(b->str_len + n <= sizeof(b->str));
	memcpy(b->str + b->str_len, s, n);
	b->str_len += (uint32_t)n;
	return off;
}

static inline void dtb_build_prop(struct dtb_build *b, const char *name,
				  const void *v, uint32_t len)
{
	dtb_build_u32(b, DTB_TOK_PROP);
	dtb_build_u32(b, len);
	dtb_build_u32(b, dtb_build_string(b, name));
	dtb_build_bytes(b, v, len);
}

static inline void dtb_build_prop_u32(struct dtb_build *b, const char *name,
				      uint32_t v)
{
	uint8_t be[4];

	unit_put_be32(be, v);
	dtb_build_prop(b, name, be, 4);
}

static inline void dtb_build_prop_str(struct dtb_build *b, const char *name,
				      const char *s)
{
	dtb_build_prop(b, name, s, (uint32_t)strlen(s) + 1);
}

/*
 * Lays out the header, an empty reservation map, then the structure block
 * and the strings block, or the strings first when strings_first (so that
 * the structure block ends the blob), in a heap buffer of exactly the
 * blob's size. The caller frees it.
 */
static inline uint8_t *dtb_build_finish(struct dtb_build *b, bool strings_first,
					size_t *size)
{
	uint32_t first = DTB_HEADER_SIZE + 16;
	uint32_t off_struct = strings_first ? first + b->str_len : first;
	uint32_t off_strings = strings_first ? first : first + b->st_len;
	uint32_t total = first + b->st_len + b->str_len;
	uint8_t *blob;

	/* The structure block must start 4-byte aligned. */
	while (strings_first && off_struct % 4 != 0) {
		off_struct++;
		total++;
	}
	blob = calloc(1, total);
	assert_non_null(blob);
	dtb_build_set_hdr(blob, DTB_H_MAGIC, 0xd00dfeedu);
	dtb_build_set_hdr(blob, DTB_H_TOTALSIZE, total);
	dtb_build_set_hdr(blob, DTB_H_OFF_STRUCT, off_struct);
	dtb_build_set_hdr(blob, DTB_H_OFF_STRINGS, off_strings);
	dtb_build_set_hdr(blob, DTB_H_OFF_RSVMAP, DTB_HEADER_SIZE);
	dtb_build_set_hdr(blob, DTB_H_VERSION, 17);
	dtb_build_set_hdr(blob, DTB_H_LAST_COMP, 16);
	dtb_build_set_hdr(blob, DTB_H_SIZE_STRINGS, b->str_len);
	dtb_build_set_hdr(blob, DTB_H_SIZE_STRUCT, b->st_len);
	memcpy(blob + off_struct, b->st, b->st_len);
	memcpy(blob + off_strings, b->str, b->str_len);
	*size = total;
	return blob;
}

#endif
