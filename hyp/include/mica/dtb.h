/* SPDX-License-Identifier: Apache-2.0 */
/*
 * A small read-only reader of flattened device trees (DTB, version 17, what
 * dtc and QEMU write), in the style of libfdt: nodes are named by their offset in the
 * structure block, and a negative offset means "none". It exists so that the
 * hypervisor can read the board description the boot loader hands it without
 * linking all of libfdt into the trusted computing base; host tests check it
 * against libfdt itself. Its one write is to a copy of a tree: a property
 * removed (a guest's /chosen/rng-seed when mica has no seed to give).
 *
 * Every read is bounds-checked against the blob's own header and against the
 * size the caller vouches for, so a malformed blob yields "not found" or
 * false, never a read outside it. Every walk is bounded by the size of the
 * structure block, and nesting deeper than DTB_MAX_DEPTH is refused.
 */
#ifndef MICA_DTB_H
#define MICA_DTB_H

#include "mica/types.h"

#define DTB_MAX_DEPTH 16

struct dtb {
	const uint8_t *blob;
	uint32_t total_size;
	uint32_t struct_off;
	uint32_t struct_size;
	uint32_t strings_off;
	uint32_t strings_size;
};

/*
 * Validates the header of the blob at `blob`, of which at most max_size bytes
 * may be read, and fills dt. Returns false if the magic, version, sizes or
 * block placement are wrong.
 */
bool dtb_init(struct dtb *dt, const void *blob, size_t max_size);

/* Offset of the root node, or -1 if the structure block does not open with one. */
int dtb_root(const struct dtb *dt);

/*
 * The node after `node` in depth-first order; *depth is updated by the
 * change in nesting (+1 to a child, 0 to a sibling, -k going back up).
 * Returns -1 at the end of the tree or on malformed structure.
 */
int dtb_next_node(const struct dtb *dt, int node, int *depth);

/*
 * A walk through the whole tree in one pass, for a reader that wants many
 * things from it (board_probe()): dtb_walk_next() meets every node begin,
 * property and node end once, in the order of the structure block, each
 * checked against the block's bounds as everywhere here. The walk is
 * bounded by the block's size; its depth is not (a reader that keeps
 * something per level bounds it).
 */
struct dtb_walk {
	int off;	  /* the next token */
	int node;	  /* the node begun last: a property's owner */
	const char *name; /* its name, NUL-terminated in the block */
	int depth;	  /* nesting of the node met last; the root's is 0 */
	const void *val;  /* a property's value, len bytes */
	uint32_t len;
	uint32_t nameoff; /* a property's name, for dtb_walk_prop_is() */
};

enum dtb_walk_item {
	DTB_WALK_DONE,	   /* the end of the tree, or malformed structure */
	DTB_WALK_NODE,	   /* a node begins: node, depth */
	DTB_WALK_PROP,	   /* a property of node: val, len, nameoff */
	DTB_WALK_END_NODE, /* a node ends: depth is its parent's */
};

/* Starts w at the token at structure offset off (0: the whole tree). */
void dtb_walk_init(struct dtb_walk *w, int off);

/* Moves w to the next item and says what it is; DONE stays DONE. */
enum dtb_walk_item dtb_walk_next(const struct dtb *dt, struct dtb_walk *w);

/* Whether the property w met last is named name. */
bool dtb_walk_prop_is(const struct dtb *dt, const struct dtb_walk *w,
		      const char *name);

/* First child of node, next sibling of node; -1 if none. */
int dtb_first_child(const struct dtb *dt, int node);
int dtb_next_sibling(const struct dtb *dt, int node);

/* Parent of node (found by a bounded walk from the root); -1 for the root. */
int dtb_parent(const struct dtb *dt, int node);

/* Name of node, including any "@unit" part; "" for the root; NULL on error. */
const char *dtb_node_name(const struct dtb *dt, int node);

/*
 * Value of property `name` of node, its length in *len. NULL if the node has
 * no such property, is none (negative: a lookup's "not found" may be passed
 * on) or the blob is malformed there.
 */
const void *dtb_prop(const struct dtb *dt, int node, const char *name,
		     uint32_t *len);

/* A one-cell property as a number; false if absent or not 4 bytes long. */
bool dtb_prop_u32(const struct dtb *dt, int node, const char *name,
		  uint32_t *out);

/* Whether string-list property `name` of node contains s. */
bool dtb_prop_has_string(const struct dtb *dt, int node, const char *name,
			 const char *s);

/*
 * Which of strs[0..count) the string list of len bytes at list (NULL:
 * none) contains: bit k for strs[k], for k < 32. O(len * count).
 */
uint32_t dtb_strlist_match(const char *list, uint32_t len,
			   const char *const strs[], unsigned count);

/*
 * Node at an absolute path such as "/cpus" or "/memory@40000000"; a path
 * component without "@" also matches a node whose name has a unit address.
 */
int dtb_path(const struct dtb *dt, const char *path);

/* Next node after `after` (or from the root if after < 0) compatible with compat. */
int dtb_find_compatible(const struct dtb *dt, int after, const char *compat);

/*
 * The idx-th (address, size) pair of node's "reg", using its parent's
 * #address-cells and #size-cells (at most 2 each). False if absent or malformed.
 */
bool dtb_reg(const struct dtb *dt, int node, unsigned idx, uint64_t *addr,
	     uint64_t *size);

/*
 * As dtb_reg(), with node's parent given by the caller, who met it on the
 * way (a walk, a path), instead of found by a walk from the root.
 */
bool dtb_reg_in(const struct dtb *dt, int parent, int node, unsigned idx,
		uint64_t *addr, uint64_t *size);

/* Reads `cells` (1 or 2) big-endian cells at cell index idx of a value. */
bool dtb_cells(const void *val, uint32_t len, unsigned idx, unsigned cells,
	       uint64_t *out);

/* Bytes of a property before its value: FDT_PROP, len, nameoff. */
#define DTB_PROP_HEADER_SIZE 12u

/*
 * Removes a property from copy, a writable copy of dt's blob at another
 * address (dt's own is read-only), as libfdt's fdt_nop_property() does:
 * val is the property's value as dtb_prop() found it in dt (len bytes);
 * at the same offset in copy, the property's header and value, padding
 * included, become FDT_NOP tokens, which every reader skips, so the tree
 * stays valid and keeps its size and every other offset. Returns the
 * first byte written in copy, the count written in *size (for the caller
 * to clean to memory); NULL, writing nothing, if the property would not
 * lie within dt's structure block. Does not check that val is a
 * property's value: only dtb_prop()'s result is. O(len).
 */
uint8_t *dtb_nop_prop(const struct dtb *dt, uint8_t *copy, const void *val,
		      uint32_t len, uint32_t *size);

#endif
