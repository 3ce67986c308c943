// SPDX-License-Identifier: Apache-2.0
/*
 * Bounded, read-only device-tree reader (see mica/dtb.h), and the one edit
 * mica makes to a copy of a tree (dtb_nop_prop). The structure block is a
 * sequence of 4-byte aligned big-endian tokens; every function here moves
 * through it with next_token(), which checks each token, name and property
 * against the block's bounds before anyone looks at it.
 */
#include "mica/dtb.h"
#include "mica/string.h"

#define DTB_MAGIC 0xd00dfeedu
#define DTB_HEADER_SIZE 40u

#define TOK_BEGIN_NODE 1u
#define TOK_END_NODE 2u
#define TOK_PROP 3u
#define TOK_NOP 4u
#define TOK_END 9u

static uint32_t be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

bool dtb_init(struct dtb *dt, const void *blob, size_t max_size)
{
	const uint8_t *b = blob;

	memset(dt, 0, sizeof(*dt));
	if (blob == NULL || max_size < DTB_HEADER_SIZE ||
	    be32(b) != DTB_MAGIC) {
		return false;
	}
	dt->blob = b;
	dt->total_size = be32(b + 4);
	dt->struct_off = be32(b + 8);
	dt->strings_off = be32(b + 12);
	dt->strings_size = be32(b + 32);
	dt->struct_size = be32(b + 36);

	/* Version 16 has no size_dt_struct; mica requires 17 (dtc's default). */
	if (be32(b + 20) < 17 || be32(b + 24) > 17) {
		return false;
	}
	/* Both blocks inside the blob, after its header. */
	if (dt->total_size > max_size || dt->total_size < DTB_HEADER_SIZE ||
	    dt->struct_off % 4 != 0 || dt->struct_size % 4 != 0 ||
	    dt->struct_off < DTB_HEADER_SIZE ||
	    dt->struct_off > dt->total_size ||
	    dt->struct_size > dt->total_size - dt->struct_off ||
	    dt->strings_off < DTB_HEADER_SIZE ||
	    dt->strings_off > dt->total_size ||
	    dt->strings_size > dt->total_size - dt->strings_off) {
		return false;
	}
	return true;
}

/* Length of the NUL-terminated string at s, or -1 if no NUL within max bytes. */
static int32_t bounded_strlen(const uint8_t *s, uint32_t max)
{
	for (uint32_t i = 0; i < max; i++) {
		if (s[i] == '\0') {
			return (int32_t)i;
		}
	}
	return -1;
}

/*
 * Reads the token at structure offset off. On success returns the token and
 * the offset of the one after it in *next; on any malformation returns 0.
 */
static uint32_t next_token(const struct dtb *dt, int off, int *next)
{
	const uint8_t *s = dt->blob + dt->struct_off;
	uint32_t o = (uint32_t)off;
	uint32_t tok;

	if (off < 0 || o % 4 != 0 || o > dt->struct_size - 4 ||
	    dt->struct_size < 4) {
		return 0;
	}
	tok = be32(s + o);
	o += 4;
	switch (tok) {
	case TOK_BEGIN_NODE: {
		int32_t n = bounded_strlen(s + o, dt->struct_size - o);

		if (n < 0) {
			return 0;
		}
		o += ALIGN_UP((uint32_t)n + 1, 4);
		break;
	}
	case TOK_PROP: {
		uint32_t len;

		if (dt->struct_size - o < 8) {
			return 0;
		}
		len = be32(s + o);
		o += 8;
		if (len > dt->struct_size - o) {
			return 0;
		}
		o += ALIGN_UP(len, 4);
		break;
	}
	case TOK_END_NODE:
	case TOK_NOP:
	case TOK_END: break;
	default: return 0;
	}
	if (o > dt->struct_size) {
		return 0;
	}
	*next = (int)o;
	return tok;
}

int dtb_root(const struct dtb *dt)
{
	int off = 0;
	int next;

	/* Bounded: every token advances by at least 4 bytes. */
	for (;;) {
		uint32_t tok = next_token(dt, off, &next);

		if (tok == TOK_BEGIN_NODE) {
			return off;
		}
		if (tok != TOK_NOP) {
			return -1;
		}
		off = next;
	}
}

void dtb_walk_init(struct dtb_walk *w, int off)
{
	*w = (struct dtb_walk){ .off = off, .node = -1, .depth = -1 };
}

enum dtb_walk_item dtb_walk_next(const struct dtb *dt, struct dtb_walk *w)
{
	const uint8_t *s = dt->blob + dt->struct_off;

	/* Bounded: every token advances by at least 4 bytes. */
	for (;;) {
		int at = w->off;

		switch (next_token(dt, at, &w->off)) {
		case TOK_BEGIN_NODE:
			w->node = at;
			w->name = (const char *)(s + (uint32_t)at + 4);
			w->depth++;
			return DTB_WALK_NODE;
		case TOK_PROP:
			w->len = be32(s + (uint32_t)at + 4);
			w->nameoff = be32(s + (uint32_t)at + 8);
			w->val = s + (uint32_t)at + DTB_PROP_HEADER_SIZE;
			return DTB_WALK_PROP;
		case TOK_END_NODE:
			if (w->depth < 0) {
				break;
			}
			w->depth--;
			return DTB_WALK_END_NODE;
		case TOK_NOP: continue;
		default: break; /* TOK_END or malformed */
		}
		w->off = -1; /* done for good: next_token() refuses it */
		return DTB_WALK_DONE;
	}
}

/* Whether the string at nameoff in the strings block is name. */
static bool name_is(const struct dtb *dt, uint32_t nameoff, const char *name)
{
	const char *strs = (const char *)dt->blob + dt->strings_off;

	/* Bounded by the strings block; ends at the first difference. */
	for (uint32_t i = nameoff; i < dt->strings_size; i++, name++) {
		if (strs[i] != *name) {
			return false;
		}
		if (*name == '\0') {
			return true;
		}
	}
	return false;
}

bool dtb_walk_prop_is(const struct dtb *dt, const struct dtb_walk *w,
		      const char *name)
{
	return name_is(dt, w->nameoff, name);
}

int dtb_next_node(const struct dtb *dt, int node, int *depth)
{
	int off;
	int next;
	int d = 1;

	if (next_token(dt, node, &off) != TOK_BEGIN_NODE) {
		return -1;
	}
	/* Bounded: every token advances by at least 4 bytes. */
	for (;;) {
		uint32_t tok = next_token(dt, off, &next);

		switch (tok) {
		case TOK_BEGIN_NODE:
			if (depth != NULL) {
				*depth += d;
			}
			return off;
		case TOK_END_NODE: d--; break;
		case TOK_PROP:
		case TOK_NOP: break;
		default: /* TOK_END or malformed */ return -1;
		}
		off = next;
	}
}

int dtb_first_child(const struct dtb *dt, int node)
{
	int depth = 0;
	int n = dtb_next_node(dt, node, &depth);

	return (n >= 0 && depth == 1) ? n : -1;
}

int dtb_next_sibling(const struct dtb *dt, int node)
{
	int depth = 0;
	int n = node;

	/* Bounded: dtb_next_node() only moves forward through the block. */
	for (;;) {
		n = dtb_next_node(dt, n, &depth);
		if (n < 0 || depth < 0) {
			return -1;
		}
		if (depth == 0) {
			return n;
		}
	}
}

int dtb_parent(const struct dtb *dt, int node)
{
	struct dtb_walk w;
	int at[DTB_MAX_DEPTH]; /* the nodes down to the one met last */

	dtb_walk_init(&w, 0);
	/* Bounded by the walk: forward only, up to node. */
	for (;;) {
		enum dtb_walk_item item = dtb_walk_next(dt, &w);

		if (item == DTB_WALK_DONE ||
		    (item == DTB_WALK_NODE && w.node > node)) {
			return -1;
		}
		/* Too deep: stepped over, so never found (refused). */
		if (item != DTB_WALK_NODE || w.depth >= DTB_MAX_DEPTH) {
			continue;
		}
		at[w.depth] = w.node;
		if (w.node == node) {
			return w.depth > 0 ? at[w.depth - 1] : -1;
		}
	}
}

const char *dtb_node_name(const struct dtb *dt, int node)
{
	int next;

	if (next_token(dt, node, &next) != TOK_BEGIN_NODE) {
		return NULL;
	}
	return (const char *)(dt->blob + dt->struct_off + (uint32_t)node + 4);
}

const void *dtb_prop(const struct dtb *dt, int node, const char *name,
		     uint32_t *len)
{
	struct dtb_walk w;

	dtb_walk_init(&w, node);
	if (dtb_walk_next(dt, &w) != DTB_WALK_NODE || w.node != node) {
		return NULL;
	}
	/* Properties come before subnodes; bounded by the block size. */
	while (dtb_walk_next(dt, &w) == DTB_WALK_PROP) {
		if (name_is(dt, w.nameoff, name)) {
			if (len != NULL) {
				*len = w.len;
			}
			return w.val;
		}
	}
	return NULL;
}

bool dtb_cells(const void *val, uint32_t len, unsigned idx, unsigned cells,
	       uint64_t *out)
{
	const uint8_t *p = val;
	uint64_t v = 0;

	if (val == NULL || cells < 1 || cells > 2 ||
	    ((uint64_t)idx + cells) * 4 > len) {
		return false;
	}
	for (unsigned i = 0; i < cells; i++) {
		v = (v << 32) | be32(p + (size_t)(idx + i) * 4);
	}
	*out = v;
	return true;
}

bool dtb_prop_u32(const struct dtb *dt, int node, const char *name,
		  uint32_t *out)
{
	uint32_t len;
	const void *v = dtb_prop(dt, node, name, &len);
	uint64_t x;

	if (v == NULL || len != 4 || !dtb_cells(v, len, 0, 1, &x)) {
		return false;
	}
	*out = (uint32_t)x;
	return true;
}

uint32_t dtb_strlist_match(const char *list, uint32_t len,
			   const char *const strs[], unsigned count)
{
	uint32_t found = 0;
	uint32_t i = 0;

	/* Bounded by len: each step moves past one entry. */
	while (list != NULL && i < len) {
		uint32_t end = i;

		while (end < len && list[end] != '\0') {
			end++;
		}
		if (end == len) {
			break; /* not terminated: not an entry */
		}
		for (unsigned k = 0; k < count && k < 32; k++) {
			if (strncmp(list + i, strs[k], end - i + 1) == 0) {
				found |= UINT32_C(1) << k;
			}
		}
		i = end + 1;
	}
	return found;
}

bool dtb_prop_has_string(const struct dtb *dt, int node, const char *name,
			 const char *s)
{
	uint32_t len = 0;
	const char *v = dtb_prop(dt, node, name, &len);
	const char *const one[1] = { s };

	return dtb_strlist_match(v, len, one, 1) != 0;
}

/* Whether node name `name` matches path component comp[0..n). */
static bool name_matches(const char *name, const char *comp, size_t n)
{
	if (strncmp(name, comp, n) != 0) {
		return false;
	}
	return name[n] == '\0' ||
	       (name[n] == '@' && memchr(comp, '@', n) == NULL);
}

int dtb_path(const struct dtb *dt, const char *path)
{
	struct dtb_walk w;
	int node;
	int depth = 0; /* node's: the components matched so far */

	dtb_walk_init(&w, 0);
	if (path[0] != '/' || dtb_walk_next(dt, &w) != DTB_WALK_NODE) {
		return -1;
	}
	node = w.node;
	/* Bounded by the walk: forward only, one component matched at a time. */
	for (;;) {
		size_t n = 0;
		enum dtb_walk_item item;

		while (*path == '/') {
			path++;
		}
		if (*path == '\0') {
			return node;
		}
		while (path[n] != '\0' && path[n] != '/') {
			n++;
		}
		/* node's children, until one has the component's name. */
		do {
			item = dtb_walk_next(dt, &w);
			if (item == DTB_WALK_DONE ||
			    (item == DTB_WALK_END_NODE && w.depth < depth)) {
				return -1;
			}
		} while (item != DTB_WALK_NODE || w.depth != depth + 1 ||
			 !name_matches(w.name, path, n));
		node = w.node;
		depth++;
		path += n;
	}
}

int dtb_find_compatible(const struct dtb *dt, int after, const char *compat)
{
	int depth = 0;
	int n = after < 0 ? dtb_root(dt) : dtb_next_node(dt, after, &depth);

	/* Bounded: dtb_next_node() only moves forward through the block. */
	while (n >= 0) {
		if (dtb_prop_has_string(dt, n, "compatible", compat)) {
			return n;
		}
		n = dtb_next_node(dt, n, &depth);
	}
	return -1;
}

/* A "#...-cells" property into *out, kept if absent; false if malformed. */
static bool cells_prop(const struct dtb *dt, int node, const char *name,
		       uint32_t *out)
{
	return dtb_prop(dt, node, name, NULL) == NULL ||
	       dtb_prop_u32(dt, node, name, out);
}

bool dtb_reg(const struct dtb *dt, int node, unsigned idx, uint64_t *addr,
	     uint64_t *size)
{
	return dtb_reg_in(dt, dtb_parent(dt, node), node, idx, addr, size);
}

bool dtb_reg_in(const struct dtb *dt, int parent, int node, unsigned idx,
		uint64_t *addr, uint64_t *size)
{
	uint32_t ac = 2;
	uint32_t sc = 1;
	uint32_t len;
	const void *reg;

	if (parent < 0) {
		return false;
	}
	/* The defaults are the specification's: 2 address cells, 1 size cell. */
	if (!cells_prop(dt, parent, "#address-cells", &ac) ||
	    !cells_prop(dt, parent, "#size-cells", &sc) || ac < 1 || ac > 2 ||
	    sc > 2 || idx > 64) {
		return false;
	}
	reg = dtb_prop(dt, node, "reg", &len);
	if (reg == NULL || !dtb_cells(reg, len, idx * (ac + sc), ac, addr)) {
		return false;
	}
	if (sc == 0) {
		*size = 0;
		return true;
	}
	return dtb_cells(reg, len, idx * (ac + sc) + ac, sc, size);
}

uint8_t *dtb_nop_prop(const struct dtb *dt, uint8_t *copy, const void *val,
		      uint32_t len, uint32_t *size)
{
	/* Wraps to a huge offset for a val below the blob: refused too. */
	uint64_t off = (uintptr_t)val - (uintptr_t)dt->blob;
	uint64_t n = DTB_PROP_HEADER_SIZE + ALIGN_UP(len, 4);
	uint8_t *prop;

	if (off < (uint64_t)dt->struct_off + DTB_PROP_HEADER_SIZE ||
	    off - DTB_PROP_HEADER_SIZE + n >
		    (uint64_t)dt->struct_off + dt->struct_size) {
		return NULL;
	}
	prop = copy + off - DTB_PROP_HEADER_SIZE;
	memset(prop, 0, n);
	for (uint32_t k = 3; k < n; k += 4) {
		prop[k] = (uint8_t)TOK_NOP; /* big-endian, as every token */
	}
	*size = (uint32_t)n;
	return prop;
}
