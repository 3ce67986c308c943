// SPDX-License-Identifier: Apache-2.0
/*
 * The device-tree reader (mica/dtb.h). Header validation; every lookup on a
 * small tree of ours; every lookup on QEMU's own device trees for GICv2 and
 * GICv3, checked node by node and property by property against libfdt as the
 * oracle; and malformed blobs: cut at every length, every bit and byte of a
 * small tree flipped, and hand-made broken structures. A malformed blob must
 * give "none" (false, -1, NULL) or results that agree with libfdt whenever
 * libfdt itself finds the blob valid, never a read outside it: each blob is
 * in a heap buffer of its exact size, under AddressSanitizer.
 */
#include <libfdt.h>

#include "dtb_build.h"
#include "mica/dtb.h"

/* --- libfdt as the oracle ---------------------------------------------- */

/* libfdt's offsets and errors as dtb_* give them: any error is -1. */
static int fdt_norm(int off)
{
	return off < 0 ? -1 : off;
}

/* Asserts what dtb_reg() must give for node, from libfdt's view of it. */
static void oracle_reg(const struct dtb *dt, const uint8_t *blob, int node)
{
	int parent = fdt_parent_offset(blob, node);
	int len = 0;
	const uint8_t *reg = fdt_getprop(blob, node, "reg", &len);
	int ac = parent >= 0 ? fdt_address_cells(blob, parent) : -1;
	int sc = parent >= 0 ? fdt_size_cells(blob, parent) : -1;
	uint64_t a;
	uint64_t s;

	if (reg == NULL || ac < 1 || ac > 2 || sc < 0 || sc > 2) {
		assert_false(dtb_reg(dt, node, 0, &a, &s));
		return;
	}
	for (unsigned i = 0; i < 4; i++) {
		unsigned cell = i * (unsigned)(ac + sc);
		bool present = (cell + (unsigned)(ac + sc)) * 4 <=
			       (unsigned)len;
		uint64_t want_a = 0;
		uint64_t want_s = 0;

		for (int k = 0; present && k < ac; k++) {
			want_a = (want_a << 32) |
				 unit_be32(reg + (cell + k) * 4);
		}
		for (int k = 0; present && k < sc; k++) {
			want_s = (want_s << 32) |
				 unit_be32(reg + (cell + ac + k) * 4);
		}
		assert_int_equal(dtb_reg(dt, node, i, &a, &s), present);
		if (present) {
			assert_int_equal(a, want_a);
			assert_int_equal(s, want_s);
		}
		/* The same with the parent given: no walk to find it. */
		a = s = 0;
		assert_int_equal(dtb_reg_in(dt, parent, node, i, &a, &s),
				 present);
		assert_true(!present || (a == want_a && s == want_s));
	}
}

/* Asserts that dtb_* and libfdt agree on every property of node. */
static void oracle_props(const struct dtb *dt, const uint8_t *blob, int node)
{
	int prop;

	fdt_for_each_property_offset(prop, blob, node)
	{
		const char *name;
		int flen;
		const void *fv;
		uint32_t len = UINT32_MAX;
		const void *v;
		uint32_t u;

		if (fdt_getprop_by_offset(blob, prop, &name, &flen) == NULL) {
			continue;
		}
		/* The first property of that name, as both look it up. */
		fv = fdt_getprop(blob, node, name, &flen);
		v = dtb_prop(dt, node, name, &len);
		assert_ptr_equal(v, fv);
		assert_int_equal(len, (uint32_t)flen);
		assert_int_equal(dtb_prop_u32(dt, node, name, &u), flen == 4);
		if (flen == 4) {
			assert_int_equal(u, fdt32_ld(fv));
		}
		for (int i = 0; i < fdt_stringlist_count(blob, node, name);
		     i++) {
			const char *s =
				fdt_stringlist_get(blob, node, name, i, NULL);

			assert_non_null(s);
			assert_true(dtb_prop_has_string(dt, node, name, s));
		}
	}
	assert_null(dtb_prop(dt, node, "no-such-property", NULL));
}

/*
 * Asserts that dtb_find_compatible() walks compat's nodes as libfdt does.
 * fdt_node_offset_by_compatible() reads a byte past a compatible list that
 * lacks its final NUL, so on mutated blobs (sound == false) the oracle is
 * libfdt's strict fdt_stringlist_search() on each node instead.
 */
static void oracle_compatible(const struct dtb *dt, const uint8_t *blob,
			      const char *compat, bool sound)
{
	int depth = 0;
	int want = -1;
	int got = dtb_find_compatible(dt, -1, compat);

	/* Bounded: both move strictly forward. */
	for (int n = fdt_next_node(blob, -1, &depth); n >= 0;
	     n = fdt_next_node(blob, n, &depth)) {
		if (fdt_stringlist_search(blob, n, "compatible", compat) < 0) {
			continue;
		}
		if (sound) {
			assert_int_equal(fdt_node_offset_by_compatible(blob,
								       want,
								       compat),
					 n);
		}
		want = n;
		assert_int_equal(got, want);
		got = dtb_find_compatible(dt, got, compat);
	}
	assert_int_equal(got, -1);
	if (sound) {
		assert_true(fdt_node_offset_by_compatible(blob, want, compat) <
			    0);
	}
}

/*
 * Asserts that one dtb_walk over blob meets what libfdt finds, in order:
 * every node with its name and depth, each followed by its properties
 * with their names, values and lengths; then the ends of nodes and DONE,
 * for good.
 */
static void oracle_walk(const struct dtb *dt, const uint8_t *blob)
{
	struct dtb_walk w;
	int fdepth = 0;
	enum dtb_walk_item item;

	dtb_walk_init(&w, 0);
	for (int fnode = fdt_next_node(blob, -1, &fdepth); fnode >= 0;
	     fnode = fdt_next_node(blob, fnode, &fdepth)) {
		int prop;

		do {
			item = dtb_walk_next(dt, &w);
		} while (item == DTB_WALK_END_NODE);
		assert_int_equal(item, DTB_WALK_NODE);
		assert_int_equal(w.node, fnode);
		assert_int_equal(w.depth + 1, fdepth);
		assert_string_equal(w.name, fdt_get_name(blob, fnode, NULL));
		fdt_for_each_property_offset(prop, blob, fnode)
		{
			const char *name = NULL;
			int len = 0;
			const void *val =
				fdt_getprop_by_offset(blob, prop, &name, &len);

			assert_int_equal(dtb_walk_next(dt, &w), DTB_WALK_PROP);
			assert_int_equal(w.node, fnode);
			assert_ptr_equal(w.val, val);
			assert_int_equal(w.len, len);
			assert_true(dtb_walk_prop_is(dt, &w, name));
			assert_false(dtb_walk_prop_is(dt, &w, "no-such-name"));
		}
	}
	do {
		item = dtb_walk_next(dt, &w);
	} while (item == DTB_WALK_END_NODE);
	assert_int_equal(item, DTB_WALK_DONE);
	assert_int_equal(w.depth, -1);
	assert_int_equal(dtb_walk_next(dt, &w), DTB_WALK_DONE);
}

/*
 * Asserts that dtb_* and libfdt agree on the whole of blob: the walk and its
 * depths, and for every node its name, parent, first child, next sibling,
 * path, properties, reg and every compatible string's nodes. Returns how
 * many nodes there are (0 for a tree libfdt finds valid but empty). sound:
 * blob comes from dtc or QEMU, not from a mutation. libfdt wants the root
 * at offset 0: blobs with leading NOPs are not for it.
 */
static unsigned oracle_check(const uint8_t *blob, size_t size, bool sound)
{
	struct dtb dt;
	int depth = 0;
	int fdepth = 0;
	int fnode = fdt_next_node(blob, -1, &fdepth);
	int node;
	unsigned count = 0;

	assert_true(dtb_init(&dt, blob, size));
	oracle_walk(&dt, blob);
	node = dtb_root(&dt);
	assert_int_equal(node, fnode);
	while (fnode >= 0) {
		const char *fname = fdt_get_name(blob, fnode, NULL);
		int fparent = fdt_parent_offset(blob, fnode);
		int fchild = fdt_first_subnode(blob, fnode);
		int fsib = fdt_next_subnode(blob, fnode);
		char path[512];
		int len;
		const char *compat;

		assert_int_equal(node, fnode);
		assert_int_equal(depth + 1, fdepth);
		assert_non_null(fname);
		assert_string_equal(dtb_node_name(&dt, node), fname);
		if (fdepth <= DTB_MAX_DEPTH) {
			assert_int_equal(dtb_parent(&dt, node),
					 fdt_norm(fparent));
		}
		assert_int_equal(dtb_first_child(&dt, node), fdt_norm(fchild));
		assert_int_equal(dtb_next_sibling(&dt, node), fdt_norm(fsib));
		assert_int_equal(fdt_get_path(blob, node, path, sizeof(path)),
				 0);
		assert_int_equal(dtb_path(&dt, path),
				 fdt_norm(fdt_path_offset(blob, path)));
		oracle_props(&dt, blob, node);
		if (fdepth <= DTB_MAX_DEPTH) {
			oracle_reg(&dt, blob, node);
		}
		compat = fdt_getprop(blob, node, "compatible", &len);
		for (int i = 0;
		     compat != NULL &&
		     i < fdt_stringlist_count(blob, node, "compatible");
		     i++) {
			oracle_compatible(&dt, blob,
					  fdt_stringlist_get(blob, node,
							     "compatible", i,
							     NULL),
					  sound);
		}
		fnode = fdt_next_node(blob, fnode, &fdepth);
		node = dtb_next_node(&dt, node, &depth);
		count++;
	}
	assert_int_equal(node, -1);
	return count;
}

/* --- malformed blobs --------------------------------------------------- */

static const char *const probe_paths[] = {
	"/",
	"/soc",
	"/soc/uart",
	"/soc/uart@2000",
	"/soc/timer",
	"/chosen",
	"/nosize/dev@7",
	"/wide/dev",
	"/memory",
	"//soc//uart@1000/",
	"/x/y",
};

static const char *const probe_props[] = {
	"compatible",  "reg",	 "#address-cells", "#size-cells",
	"device_type", "status", "bootargs",	   "stdout-path",
	"model",       "odd",	 "ranges",	   "",
};

/*
 * Runs every reader function over blob, which may be malformed, and asserts
 * only what must hold for any blob: results inside the blob, walks that
 * end, links that point forward or back consistently. Returns whether
 * dtb_init() accepted the blob.
 */
static bool exercise(const uint8_t *blob, size_t size)
{
	struct dtb dt;
	struct dtb_walk w;
	int depth = 0;
	unsigned steps = 0;
	int n;

	if (!dtb_init(&dt, blob, size)) {
		return false;
	}
	for (n = dtb_root(&dt); n >= 0; n = dtb_next_node(&dt, n, &depth)) {
		const char *name = dtb_node_name(&dt, n);
		int parent = dtb_parent(&dt, n);
		int child = dtb_first_child(&dt, n);
		int sib = dtb_next_sibling(&dt, n);

		assert_true(++steps <= dt.struct_size / 4);
		assert_true(n % 4 == 0 && (uint32_t)n < dt.struct_size);
		assert_non_null(name);
		assert_true(unit_inside(name, strlen(name) + 1,
					blob + dt.struct_off, dt.struct_size));
		assert_true(parent < n);
		assert_true(child < 0 || child > n);
		assert_true(sib < 0 || sib > n);
		if (child >= 0 && depth + 1 < DTB_MAX_DEPTH) {
			int p = dtb_parent(&dt, child);

			/* A walk the parent search gives up on may not find it. */
			assert_true(p == n || p == -1);
		}
		for (unsigned i = 0; i < ARRAY_SIZE(probe_props); i++) {
			uint32_t len = 0;
			const void *v = dtb_prop(&dt, n, probe_props[i], &len);
			uint32_t u;
			uint64_t a;
			uint64_t s;

			if (v != NULL) {
				assert_true(unit_inside(v, len,
							blob + dt.struct_off,
							dt.struct_size));
			}
			(void)dtb_prop_u32(&dt, n, probe_props[i], &u);
			(void)dtb_prop_has_string(&dt, n, probe_props[i],
						  "arm,pl011");
			(void)dtb_reg(&dt, n, i % 3, &a, &s);
		}
	}
	for (unsigned i = 0; i < ARRAY_SIZE(probe_paths); i++) {
		int p = dtb_path(&dt, probe_paths[i]);

		assert_true(p < 0 || dtb_node_name(&dt, p) != NULL);
	}
	steps = 0;
	dtb_walk_init(&w, 0);
	while (dtb_walk_next(&dt, &w) != DTB_WALK_DONE) {
		assert_true(++steps <= dt.struct_size / 4);
		assert_true(w.node < 0 ||
			    unit_inside(w.name, strlen(w.name) + 1,
					blob + dt.struct_off, dt.struct_size));
		assert_true(w.val == NULL ||
			    unit_inside(w.val, w.len, blob + dt.struct_off,
					dt.struct_size));
	}
	steps = 0;
	for (n = dtb_find_compatible(&dt, -1, "arm,pl011"); n >= 0;) {
		int next = dtb_find_compatible(&dt, n, "arm,pl011");

		assert_true(next < 0 || next > n);
		assert_true(++steps <= dt.struct_size / 4);
		n = next;
	}
	/* Where libfdt finds the blob sound, both must read it alike. */
	if (fdt_check_full(blob, size) == 0) {
		oracle_check(blob, size, false);
	}
	return true;
}

/* --- state -------------------------------------------------------------- */

struct blob {
	uint8_t *data;
	size_t size;
};

static int load_small(void **state)
{
	struct blob *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->data = unit_load("small.dtb", &b->size);
	*state = b;
	return 0;
}

static int free_blob(void **state)
{
	struct blob *b = *state;

	free(b->data);
	free(b);
	return 0;
}

static struct dtb blob_dt(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	assert_true(dtb_init(&dt, b->data, b->size));
	return dt;
}

/* --- dtb_init ----------------------------------------------------------- */

static void dtb_init__accepts_a_dtc_blob_and_reads_its_layout(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	assert_true(dtb_init(&dt, b->data, b->size));
	assert_ptr_equal(dt.blob, b->data);
	assert_int_equal(dt.total_size, b->size);
	assert_int_equal(dt.struct_off,
			 dtb_build_hdr(b->data, DTB_H_OFF_STRUCT));
	assert_int_equal(dt.struct_size,
			 dtb_build_hdr(b->data, DTB_H_SIZE_STRUCT));
	assert_int_equal(dt.strings_off,
			 dtb_build_hdr(b->data, DTB_H_OFF_STRINGS));
	assert_int_equal(dt.strings_size,
			 dtb_build_hdr(b->data, DTB_H_SIZE_STRINGS));
	/* The buffer may be larger than the blob. */
	assert_true(dtb_init(&dt, b->data, b->size + 1000));
}

static void
dtb_init__rejects_null_and_buffers_shorter_than_a_header(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	assert_false(dtb_init(&dt, NULL, 4096));
	for (size_t n = 0; n < DTB_HEADER_SIZE; n++) {
		uint8_t *p = unit_dup(b->data, n);

		assert_false(dtb_init(&dt, p, n));
		free(p);
	}
}

static void dtb_init__rejects_bad_magic(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	for (unsigned byte = 0; byte < 4; byte++) {
		b->data[byte] ^= 0x01;
		assert_false(dtb_init(&dt, b->data, b->size));
		b->data[byte] ^= 0x01;
	}
	assert_true(dtb_init(&dt, b->data, b->size));
}

static void dtb_init__rejects_versions_without_struct_size(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	for (uint32_t v = 0; v <= 16; v++) {
		dtb_build_set_hdr(b->data, DTB_H_VERSION, v);
		assert_false(dtb_init(&dt, b->data, b->size));
	}
	dtb_build_set_hdr(b->data, DTB_H_VERSION, 17);
	assert_true(dtb_init(&dt, b->data, b->size));
}

static void dtb_init__rejects_blobs_incompatible_with_version_17(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	dtb_build_set_hdr(b->data, DTB_H_VERSION, 20);
	dtb_build_set_hdr(b->data, DTB_H_LAST_COMP, 18);
	assert_false(dtb_init(&dt, b->data, b->size));
	/* A later version that still reads as 17 is fine. */
	dtb_build_set_hdr(b->data, DTB_H_LAST_COMP, 17);
	assert_true(dtb_init(&dt, b->data, b->size));
}

static void dtb_init__rejects_totalsize_beyond_the_buffer(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	assert_false(dtb_init(&dt, b->data, b->size - 1));
	dtb_build_set_hdr(b->data, DTB_H_TOTALSIZE, (uint32_t)b->size + 1);
	assert_false(dtb_init(&dt, b->data, b->size));
	dtb_build_set_hdr(b->data, DTB_H_TOTALSIZE, UINT32_MAX);
	assert_false(dtb_init(&dt, b->data, b->size));
	dtb_build_set_hdr(b->data, DTB_H_TOTALSIZE, DTB_HEADER_SIZE - 1);
	assert_false(dtb_init(&dt, b->data, b->size));
}

static void dtb_init__rejects_a_structure_block_outside_the_blob(void **state)
{
	struct blob *b = *state;
	uint32_t off = dtb_build_hdr(b->data, DTB_H_OFF_STRUCT);
	uint32_t size = dtb_build_hdr(b->data, DTB_H_SIZE_STRUCT);
	uint32_t total = (uint32_t)b->size;
	const uint32_t bad[][2] = {
		{ total + 4, 0 },	  /* starts past the end */
		{ off, total - off + 4 }, /* ends past the end */
		{ off, UINT32_MAX - 3 },  /* would wrap */
		{ 36, size },		  /* inside the header */
		{ off + 2, size },	  /* misaligned */
		{ off, size - 2 },	  /* not whole tokens */
	};
	struct dtb dt;

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		dtb_build_set_hdr(b->data, DTB_H_OFF_STRUCT, bad[i][0]);
		dtb_build_set_hdr(b->data, DTB_H_SIZE_STRUCT, bad[i][1]);
		assert_false(dtb_init(&dt, b->data, b->size));
	}
	dtb_build_set_hdr(b->data, DTB_H_OFF_STRUCT, off);
	dtb_build_set_hdr(b->data, DTB_H_SIZE_STRUCT, size);
	assert_true(dtb_init(&dt, b->data, b->size));
}

static void dtb_init__rejects_a_strings_block_outside_the_blob(void **state)
{
	struct blob *b = *state;
	uint32_t off = dtb_build_hdr(b->data, DTB_H_OFF_STRINGS);
	uint32_t size = dtb_build_hdr(b->data, DTB_H_SIZE_STRINGS);
	uint32_t total = (uint32_t)b->size;
	const uint32_t bad[][2] = {
		{ total + 1, 0 },
		{ off, total - off + 1 },
		{ off, UINT32_MAX },
		{ 8, size },
	};
	struct dtb dt;

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		dtb_build_set_hdr(b->data, DTB_H_OFF_STRINGS, bad[i][0]);
		dtb_build_set_hdr(b->data, DTB_H_SIZE_STRINGS, bad[i][1]);
		assert_false(dtb_init(&dt, b->data, b->size));
	}
	/* An empty block at the very end is in bounds. */
	dtb_build_set_hdr(b->data, DTB_H_OFF_STRINGS, total);
	dtb_build_set_hdr(b->data, DTB_H_SIZE_STRINGS, 0);
	assert_true(dtb_init(&dt, b->data, b->size));
}

/* --- the walk ----------------------------------------------------------- */

static void dtb_next_node__walks_depth_first_with_depth_changes(void **state)
{
	struct dtb dt = blob_dt(state);
	static const struct {
		const char *name;
		int depth;
	} want[] = {
		{ "", 0 },	    { "memory@80000000", 1 }, { "soc", 1 },
		{ "uart@1000", 2 }, { "uart@2000", 2 },	      { "timer", 2 },
		{ "nosize", 1 },    { "dev@7", 2 },	      { "wide", 1 },
		{ "dev@0", 2 },	    { "empty", 1 },	      { "chosen", 1 },
	};
	int depth = 0;
	int n = dtb_root(&dt);

	assert_int_equal(n, 0);
	for (unsigned i = 0; i < ARRAY_SIZE(want); i++) {
		assert_true(n >= 0);
		assert_string_equal(dtb_node_name(&dt, n), want[i].name);
		assert_int_equal(depth, want[i].depth);
		n = dtb_next_node(&dt, n, &depth);
	}
	assert_int_equal(n, -1);
	/* The depth pointer is optional. */
	assert_int_equal(dtb_next_node(&dt, dtb_root(&dt), NULL),
			 dtb_path(&dt, "/memory@80000000"));
}

static void
dtb_first_child__and_next_sibling_list_children_in_order(void **state)
{
	struct dtb dt = blob_dt(state);
	int soc = dtb_path(&dt, "/soc");
	int c = dtb_first_child(&dt, soc);

	assert_string_equal(dtb_node_name(&dt, c), "uart@1000");
	c = dtb_next_sibling(&dt, c);
	assert_string_equal(dtb_node_name(&dt, c), "uart@2000");
	c = dtb_next_sibling(&dt, c);
	assert_string_equal(dtb_node_name(&dt, c), "timer");
	assert_int_equal(dtb_next_sibling(&dt, c), -1);
	assert_int_equal(dtb_first_child(&dt, c), -1);
	assert_int_equal(dtb_first_child(&dt, dtb_path(&dt, "/empty")), -1);
	assert_int_equal(dtb_next_sibling(&dt, dtb_path(&dt, "/chosen")), -1);
	assert_int_equal(dtb_next_sibling(&dt, dtb_root(&dt)), -1);
	assert_int_equal(dtb_first_child(&dt, -1), -1);
}

static void dtb_parent__finds_each_parent_and_none_for_the_root(void **state)
{
	struct dtb dt = blob_dt(state);

	assert_int_equal(dtb_parent(&dt, dtb_root(&dt)), -1);
	assert_int_equal(dtb_parent(&dt, dtb_path(&dt, "/soc")), dtb_root(&dt));
	assert_int_equal(dtb_parent(&dt, dtb_path(&dt, "/soc/timer")),
			 dtb_path(&dt, "/soc"));
	assert_int_equal(dtb_parent(&dt, dtb_path(&dt, "/wide/dev@0")),
			 dtb_path(&dt, "/wide"));
}

static void dtb_parent__is_none_for_offsets_that_are_not_nodes(void **state)
{
	struct dtb dt = blob_dt(state);
	int soc = dtb_path(&dt, "/soc");

	assert_int_equal(dtb_parent(&dt, -1), -1);
	assert_int_equal(dtb_parent(&dt, soc + 4), -1);
	assert_int_equal(dtb_parent(&dt, soc + 1), -1);
	assert_int_equal(dtb_parent(&dt, (int)dt.struct_size), -1);
	assert_int_equal(dtb_parent(&dt, INT32_MAX), -1);
}

static void dtb_node_name__is_empty_for_root_and_null_off_a_node(void **state)
{
	struct dtb dt = blob_dt(state);
	int soc = dtb_path(&dt, "/soc");

	assert_string_equal(dtb_node_name(&dt, dtb_root(&dt)), "");
	assert_string_equal(dtb_node_name(&dt, dtb_path(&dt, "/soc/uart")),
			    "uart@1000");
	assert_null(dtb_node_name(&dt, -1));
	assert_null(dtb_node_name(&dt, -4));
	assert_null(dtb_node_name(&dt, soc + 2));
	assert_null(dtb_node_name(&dt, soc + 8)); /* a property */
	assert_null(
		dtb_node_name(&dt, (int)dt.struct_size - 4)); /* DTB_TOK_END */
	assert_null(dtb_node_name(&dt, (int)dt.struct_size));
	assert_null(dtb_node_name(&dt, INT32_MAX - 3));
}

/* --- paths -------------------------------------------------------------- */

static void dtb_path__finds_absolute_paths(void **state)
{
	struct dtb dt = blob_dt(state);

	assert_int_equal(dtb_path(&dt, "/"), dtb_root(&dt));
	assert_string_equal(dtb_node_name(&dt, dtb_path(&dt, "/soc/uart@2000")),
			    "uart@2000");
	assert_string_equal(dtb_node_name(&dt, dtb_path(&dt, "/nosize/dev@7")),
			    "dev@7");
	assert_int_equal(dtb_path(&dt, "//soc//uart@2000/"),
			 dtb_path(&dt, "/soc/uart@2000"));
}

static void dtb_path__matches_name_without_unit_address(void **state)
{
	struct dtb dt = blob_dt(state);

	assert_int_equal(dtb_path(&dt, "/memory"),
			 dtb_path(&dt, "/memory@80000000"));
	/* The first of several. */
	assert_int_equal(dtb_path(&dt, "/soc/uart"),
			 dtb_path(&dt, "/soc/uart@1000"));
	assert_true(dtb_path(&dt, "/soc/uart") >= 0);
}

static void dtb_path__needs_the_exact_unit_address_when_given_one(void **state)
{
	struct dtb dt = blob_dt(state);

	assert_int_equal(dtb_path(&dt, "/soc/uart@3000"), -1);
	assert_int_equal(dtb_path(&dt, "/soc/uart@"), -1);
	assert_int_equal(dtb_path(&dt, "/soc/uart@10"), -1);
	assert_int_equal(dtb_path(&dt, "/soc/uart@10000"), -1);
	/* A prefix of a name is not the name. */
	assert_int_equal(dtb_path(&dt, "/so"), -1);
	assert_int_equal(dtb_path(&dt, "/soc/ua"), -1);
	assert_int_equal(dtb_path(&dt, "/socx"), -1);
}

static void dtb_path__rejects_relative_and_missing_paths(void **state)
{
	struct dtb dt = blob_dt(state);

	assert_int_equal(dtb_path(&dt, ""), -1);
	assert_int_equal(dtb_path(&dt, "soc"), -1);
	assert_int_equal(dtb_path(&dt, "/nothing"), -1);
	assert_int_equal(dtb_path(&dt, "/soc/timer/deeper"), -1);
	assert_int_equal(dtb_path(&dt, "/soc/uart@1000/x"), -1);
}

/* --- properties ----------------------------------------------------------- */

static void dtb_prop__finds_values_and_lengths(void **state)
{
	struct dtb dt = blob_dt(state);
	int root = dtb_root(&dt);
	uint32_t len = 0;
	const char *model = dtb_prop(&dt, root, "model", &len);
	const uint8_t *odd;

	assert_non_null(model);
	assert_int_equal(len, 11);
	assert_string_equal(model, "mica small");
	odd = dtb_prop(&dt, dtb_path(&dt, "/soc/timer"), "odd", &len);
	assert_int_equal(len, 3);
	assert_memory_equal(odd, "\x01\x02\x03", 3);
	/* len is optional. */
	assert_ptr_equal(dtb_prop(&dt, root, "model", NULL), model);
}

static void dtb_prop__finds_empty_properties(void **state)
{
	struct dtb dt = blob_dt(state);
	uint32_t len = 99;

	assert_non_null(dtb_prop(&dt, dtb_path(&dt, "/soc"), "ranges", &len));
	assert_int_equal(len, 0);
}

static void dtb_prop__matches_whole_names_of_this_node_only(void **state)
{
	struct dtb dt = blob_dt(state);
	int root = dtb_root(&dt);

	assert_null(dtb_prop(&dt, root, "compat", NULL));
	assert_null(dtb_prop(&dt, root, "compatiblex", NULL));
	assert_null(dtb_prop(&dt, root, "", NULL));
	/* The root has no reg; its children's are theirs. */
	assert_null(dtb_prop(&dt, root, "reg", NULL));
	assert_null(dtb_prop(&dt, dtb_path(&dt, "/soc"), "reg", NULL));
	assert_null(dtb_prop(&dt, -1, "model", NULL));
	assert_null(dtb_prop(&dt, root + 4, "model", NULL));
}

static void dtb_prop_u32__reads_one_cell_only(void **state)
{
	struct dtb dt = blob_dt(state);
	int soc = dtb_path(&dt, "/soc");
	uint32_t v = 0;

	assert_true(dtb_prop_u32(&dt, soc, "#address-cells", &v));
	assert_int_equal(v, 1);
	assert_true(
		dtb_prop_u32(&dt, dtb_path(&dt, "/nosize/dev@7"), "reg", &v));
	assert_int_equal(v, 7);
	v = 42;
	assert_false(
		dtb_prop_u32(&dt, dtb_path(&dt, "/soc/uart@1000"), "reg", &v));
	assert_false(dtb_prop_u32(&dt, dtb_path(&dt, "/soc/timer"), "odd", &v));
	assert_false(dtb_prop_u32(&dt, soc, "ranges", &v));
	assert_false(dtb_prop_u32(&dt, soc, "missing", &v));
	assert_int_equal(v, 42);
}

static void dtb_prop_has_string__finds_each_entry_of_a_list(void **state)
{
	struct dtb dt = blob_dt(state);
	int root = dtb_root(&dt);
	int uart = dtb_path(&dt, "/soc/uart@1000");

	assert_true(dtb_prop_has_string(&dt, root, "compatible", "mica,small"));
	assert_true(dtb_prop_has_string(&dt, root, "compatible", "mica,test"));
	assert_true(
		dtb_prop_has_string(&dt, uart, "compatible", "arm,primecell"));
	assert_false(dtb_prop_has_string(&dt, root, "compatible", "mica"));
	assert_false(dtb_prop_has_string(&dt, root, "compatible", "mica,smal"));
	assert_false(dtb_prop_has_string(&dt, root, "compatible",
					 "mica,small mica,test"));
	assert_false(dtb_prop_has_string(&dt, root, "compatible", ""));
	assert_false(dtb_prop_has_string(&dt, root, "missing", "mica,small"));
}

static void dtb_strlist_match__marks_each_string_the_list_holds(void **state)
{
	static const char list[] = "arm,pl011\0arm,primecell\0x";
	const char *const strs[] = { "arm,primecell", "arm,pl011",
				     "arm,pl",	      "x",
				     "arm,pl0111",    "" };

	(void)state;
	/* The last entry is not terminated within the length: not one. */
	assert_int_equal(dtb_strlist_match(list, sizeof(list) - 2, strs, 6),
			 0x3);
	assert_int_equal(dtb_strlist_match(list, sizeof(list), strs, 6), 0xb);
	assert_int_equal(dtb_strlist_match(list, 9, strs, 6), 0);
	assert_int_equal(dtb_strlist_match("\0", 1, strs, 6), 0x20);
	assert_int_equal(dtb_strlist_match(NULL, 10, strs, 6), 0);
	assert_int_equal(dtb_strlist_match(list, 0, strs, 6), 0);
}

static void dtb_find_compatible__walks_matching_nodes_in_order(void **state)
{
	struct dtb dt = blob_dt(state);
	int a = dtb_path(&dt, "/soc/uart@1000");
	int b = dtb_path(&dt, "/soc/uart@2000");

	assert_int_equal(dtb_find_compatible(&dt, -1, "arm,pl011"), a);
	assert_int_equal(dtb_find_compatible(&dt, a, "arm,pl011"), b);
	assert_int_equal(dtb_find_compatible(&dt, b, "arm,pl011"), -1);
	assert_int_equal(dtb_find_compatible(&dt, -1, "arm,primecell"), a);
	assert_int_equal(dtb_find_compatible(&dt, a, "arm,primecell"), -1);
	assert_int_equal(dtb_find_compatible(&dt, -1, "mica,small"),
			 dtb_root(&dt));
	assert_int_equal(dtb_find_compatible(&dt, -1, "arm,pl0"), -1);
}

/* --- reg and cells ------------------------------------------------------ */

static void dtb_reg__reads_entries_with_the_parents_cells(void **state)
{
	struct dtb dt = blob_dt(state);
	int mem = dtb_path(&dt, "/memory");
	int uart = dtb_path(&dt, "/soc/uart@2000");
	uint64_t a = 0;
	uint64_t s = 0;

	/* 2 address cells and 1 size cell, from the root. */
	assert_true(dtb_reg(&dt, mem, 0, &a, &s));
	assert_int_equal(a, UINT64_C(0x180000000));
	assert_int_equal(s, 0x10000000);
	assert_false(dtb_reg(&dt, mem, 1, &a, &s));
	/* 1 and 1, from /soc; two entries. */
	assert_true(dtb_reg(&dt, uart, 0, &a, &s));
	assert_int_equal(a, 0x2000);
	assert_int_equal(s, 0x100);
	assert_true(dtb_reg(&dt, uart, 1, &a, &s));
	assert_int_equal(a, 0x3000);
	assert_int_equal(s, 0x200);
	assert_false(dtb_reg(&dt, uart, 2, &a, &s));
	assert_false(dtb_reg(&dt, uart, UINT32_MAX, &a, &s));
}

static void dtb_reg__gives_size_zero_without_size_cells(void **state)
{
	struct dtb dt = blob_dt(state);
	uint64_t a = 0;
	uint64_t s = 99;

	assert_true(dtb_reg(&dt, dtb_path(&dt, "/nosize/dev@7"), 0, &a, &s));
	assert_int_equal(a, 7);
	assert_int_equal(s, 0);
}

static void dtb_reg__refuses_what_it_cannot_read(void **state)
{
	struct dtb dt = blob_dt(state);
	uint64_t a;
	uint64_t s;

	/* Three address cells do not fit 64 bits. */
	assert_false(dtb_reg(&dt, dtb_path(&dt, "/wide/dev@0"), 0, &a, &s));
	/* The root has no parent; these nodes have no reg. */
	assert_false(dtb_reg(&dt, dtb_root(&dt), 0, &a, &s));
	assert_false(dtb_reg(&dt, dtb_path(&dt, "/soc/timer"), 0, &a, &s));
	assert_false(dtb_reg(&dt, -1, 0, &a, &s));
}

static void dtb_reg__rejects_malformed_parent_cells(void **state)
{
	static const uint8_t two_cells[8] = { 0, 0, 0, 2, 0, 0, 0, 1 };
	static const uint8_t one_cell[2] = { 0, 1 };
	static const uint8_t reg[16] = { 0, 0, 0, 0,	0, 0, 0x10, 0,
					 0, 0, 0, 0x10, 0, 0, 0,    0 };
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;
	uint64_t a;
	uint64_t s;

	(void)state;
	/* Cells properties that are not one cell: not the defaults either. */
	dtb_build_begin(&b, "");
	dtb_build_begin(&b, "bad-address-cells");
	dtb_build_prop(&b, "#address-cells", two_cells, sizeof(two_cells));
	dtb_build_begin(&b, "dev@1000");
	dtb_build_prop(&b, "reg", reg, sizeof(reg));
	dtb_build_end(&b);
	dtb_build_end(&b);
	dtb_build_begin(&b, "bad-size-cells");
	dtb_build_prop_u32(&b, "#address-cells", 1);
	dtb_build_prop(&b, "#size-cells", one_cell, sizeof(one_cell));
	dtb_build_begin(&b, "dev@1000");
	dtb_build_prop(&b, "reg", reg, sizeof(reg));
	dtb_build_end(&b);
	dtb_build_end(&b);
	dtb_build_begin(&b, "good");
	dtb_build_prop_u32(&b, "#address-cells", 2);
	dtb_build_begin(&b, "dev@1000");
	dtb_build_prop(&b, "reg", reg, sizeof(reg));
	dtb_build_end(&b);
	dtb_build_end(&b);
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_false(dtb_reg(&dt, dtb_path(&dt, "/bad-address-cells/dev"), 0,
			     &a, &s));
	assert_false(
		dtb_reg(&dt, dtb_path(&dt, "/bad-size-cells/dev"), 0, &a, &s));
	/* The same reg under well-formed cells: 2 given, 1 by default. */
	assert_true(dtb_reg(&dt, dtb_path(&dt, "/good/dev"), 0, &a, &s));
	assert_int_equal(a, 0x1000);
	assert_int_equal(s, 0x10);
	free(blob);
}

static void dtb_cells__reads_one_or_two_cells_in_bounds(void **state)
{
	static const uint8_t v[12] = { 0, 0, 0, 1, 0x80, 0, 0, 2, 0, 0, 0, 3 };
	uint64_t out = 0;

	(void)state;
	assert_true(dtb_cells(v, 12, 0, 1, &out));
	assert_int_equal(out, 1);
	assert_true(dtb_cells(v, 12, 1, 2, &out));
	assert_int_equal(out, UINT64_C(0x8000000200000003));
	assert_true(dtb_cells(v, 12, 2, 1, &out));
	assert_int_equal(out, 3);
	out = 42;
	assert_false(dtb_cells(v, 12, 2, 2, &out));
	assert_false(dtb_cells(v, 12, 3, 1, &out));
	assert_false(dtb_cells(v, 11, 2, 1, &out));
	assert_false(dtb_cells(v, 12, 0, 0, &out));
	assert_false(dtb_cells(v, 12, 0, 3, &out));
	assert_false(dtb_cells(NULL, 12, 0, 1, &out));
	assert_int_equal(out, 42);
}

static void dtb_cells__rejects_indexes_that_wrap_around(void **state)
{
	static const uint8_t v[8] = { 0, 0, 0, 1, 0, 0, 0, 2 };
	uint64_t out = 42;

	(void)state;
	/* idx + cells wraps to 0 or 1 in unsigned arithmetic. */
	assert_false(dtb_cells(v, 8, UINT32_MAX, 1, &out));
	assert_false(dtb_cells(v, 8, UINT32_MAX, 2, &out));
	assert_false(dtb_cells(v, 8, UINT32_MAX - 1, 2, &out));
	assert_false(dtb_cells(v, 8, 0x40000000u, 1, &out));
	assert_int_equal(out, 42);
}

/* --- dtb_nop_prop ------------------------------------------------------- */

static void dtb_nop_prop__removes_a_property_as_libfdt_does(void **state)
{
	size_t size;
	uint8_t *blob = unit_load("qemu-cmdline.dtb", &size);
	uint8_t *mine = unit_dup(blob, size);
	uint8_t *theirs = unit_dup(blob, size);
	struct dtb dt;
	int chosen = fdt_path_offset(blob, "/chosen");
	int prop;
	unsigned count = 0;

	(void)state;
	assert_true(dtb_init(&dt, blob, size));
	assert_int_equal(dtb_path(&dt, "/chosen"), chosen);
	/* bootargs' 51 bytes end in padding; the seeds are whole cells. */
	fdt_for_each_property_offset(prop, blob, chosen)
	{
		const char *name;
		int flen;
		uint32_t len = 0;
		uint32_t n = 0;
		const uint8_t *val;
		uint8_t *at;

		assert_non_null(
			fdt_getprop_by_offset(blob, prop, &name, &flen));
		val = dtb_prop(&dt, chosen, name, &len);
		assert_non_null(val);
		at = dtb_nop_prop(&dt, mine, val, len, &n);
		assert_ptr_equal(at,
				 mine + (val - blob) - DTB_PROP_HEADER_SIZE);
		assert_int_equal(n, DTB_PROP_HEADER_SIZE + ((len + 3) & ~3u));
		assert_int_equal(fdt_nop_property(theirs, chosen, name), 0);
		/* Byte for byte, header to padding, and nothing else. */
		assert_memory_equal(mine, theirs, size);
		assert_int_equal(fdt_check_full(mine, size), 0);
		assert_null(fdt_getprop(mine, chosen, name, NULL));
		/* Put back, for the next property to be the only one gone. */
		memcpy(mine, blob, size);
		memcpy(theirs, blob, size);
		count++;
	}
	assert_int_equal(count, 4);
	free(theirs);
	free(mine);
	free(blob);
}

static void
dtb_nop_prop__writes_nothing_outside_the_structure_block(void **state)
{
	struct blob *b = *state;
	uint8_t *copy = unit_dup(b->data, b->size);
	struct dtb dt;
	const uint8_t *block;
	const uint8_t *end;
	/* Addresses outside the blob, as integers: no pointer is formed. */
	const uint8_t *below = (const uint8_t *)((uintptr_t)b->data - 64);
	const uint8_t *after;
	uint32_t n = 0xdead;

	assert_true(dtb_init(&dt, b->data, b->size));
	block = b->data + dt.struct_off;
	end = block + dt.struct_size;
	after = (const uint8_t *)((uintptr_t)end + 4);
	/* The header, no room for a property header, past the block's end. */
	assert_null(dtb_nop_prop(&dt, copy, b->data + 8, 4, &n));
	assert_null(dtb_nop_prop(&dt, copy, block + 8, 4, &n));
	assert_null(dtb_nop_prop(&dt, copy, end - 4, 8, &n));
	assert_null(dtb_nop_prop(&dt, copy, after, 0, &n));
	assert_null(dtb_nop_prop(&dt, copy, block + 12, UINT32_MAX, &n));
	assert_null(dtb_nop_prop(&dt, copy, below, 4, &n));
	assert_int_equal(n, 0xdead);
	assert_memory_equal(copy, b->data, b->size);
	/* The last word of the block is still within it. */
	assert_non_null(dtb_nop_prop(&dt, copy, end - 4, 4, &n));
	assert_int_equal(n, DTB_PROP_HEADER_SIZE + 4);
	free(copy);
}

/* --- QEMU's device trees against libfdt --------------------------------- */

static void check_qemu(const char *file, const char *gic_compat)
{
	size_t size;
	uint8_t *blob = unit_load(file, &size);
	struct dtb dt;
	int uart;
	int cpus;
	uint64_t a;
	uint64_t s;
	uint32_t v;

	assert_true(oracle_check(blob, size, true) > 50);
	assert_true(dtb_init(&dt, blob, size));
	uart = dtb_path(&dt, "/pl011");
	assert_int_equal(uart, dtb_path(&dt, "/pl011@9000000"));
	assert_true(dtb_reg(&dt, uart, 0, &a, &s));
	assert_int_equal(a, 0x09000000);
	assert_int_equal(s, 0x1000);
	assert_true(dtb_reg(&dt, dtb_path(&dt, "/memory"), 0, &a, &s));
	assert_int_equal(a, 0x40000000);
	assert_int_equal(s, MiB(512));
	cpus = dtb_path(&dt, "/cpus");
	assert_true(dtb_prop_u32(&dt, dtb_path(&dt, "/cpus/cpu@3"), "reg", &v));
	assert_int_equal(v, 3);
	assert_int_equal(dtb_path(&dt, "/cpus/cpu"),
			 dtb_path(&dt, "/cpus/cpu@0"));
	assert_int_equal(dtb_parent(&dt, dtb_path(&dt, "/cpus/cpu@2")), cpus);
	assert_true(dtb_find_compatible(&dt, -1, gic_compat) >= 0);
	assert_int_equal(dtb_find_compatible(&dt, -1, "arm,armv8-timer"),
			 dtb_path(&dt, "/timer"));
	assert_true(dtb_prop_has_string(&dt, dtb_path(&dt, "/psci"),
					"compatible", "arm,psci-0.2"));
	free(blob);
}

static void dtb__agrees_with_libfdt_on_qemu_gicv2_tree(void **state)
{
	(void)state;
	check_qemu("qemu-gicv2.dtb", "arm,cortex-a15-gic");
}

static void dtb__agrees_with_libfdt_on_qemu_gicv3_tree(void **state)
{
	(void)state;
	check_qemu("qemu-gicv3.dtb", "arm,gic-v3");
}

static void dtb__agrees_with_libfdt_on_the_small_tree(void **state)
{
	struct blob *b = *state;

	assert_int_equal(oracle_check(b->data, b->size, true), 12);
}

/* --- malformed blobs ---------------------------------------------------- */

static void dtb_init__rejects_a_blob_cut_at_every_length(void **state)
{
	struct blob *b = *state;
	struct dtb dt;

	for (size_t n = 0; n < b->size; n++) {
		uint8_t *p = unit_dup(b->data, n);

		assert_false(dtb_init(&dt, p, n));
		free(p);
	}
}

static void dtb__reads_a_blob_cut_at_every_length_within_bounds(void **state)
{
	struct blob *b = *state;
	uint32_t soff = dtb_build_hdr(b->data, DTB_H_OFF_STRUCT);
	uint32_t ssize = dtb_build_hdr(b->data, DTB_H_SIZE_STRUCT);
	uint32_t toff = dtb_build_hdr(b->data, DTB_H_OFF_STRINGS);
	uint32_t tsize = dtb_build_hdr(b->data, DTB_H_SIZE_STRINGS);
	unsigned accepted = 0;

	/* The header is rewritten to vouch for the shorter blob. */
	for (uint32_t n = DTB_HEADER_SIZE; n < b->size; n++) {
		uint8_t *p = unit_dup(b->data, n);

		dtb_build_set_hdr(p, DTB_H_TOTALSIZE, n);
		dtb_build_set_hdr(p, DTB_H_SIZE_STRUCT,
				  soff >= n ?
					  0 :
					  (n - soff < ssize ? (n - soff) & ~3u :
							      ssize));
		dtb_build_set_hdr(p, DTB_H_SIZE_STRINGS,
				  toff >= n ? 0 :
					      (n - toff < tsize ? n - toff :
								  tsize));
		if (toff > n) {
			dtb_build_set_hdr(p, DTB_H_OFF_STRINGS, n);
		}
		if (soff > n) {
			dtb_build_set_hdr(p, DTB_H_OFF_STRUCT, n & ~3u);
		}
		accepted += exercise(p, n);
		free(p);
	}
	/* Most cuts leave a header the reader accepts: it must read them. */
	assert_true(accepted > b->size / 2);
}

static void dtb__reads_a_blob_with_any_bit_flipped_within_bounds(void **state)
{
	struct blob *b = *state;
	uint8_t *p = unit_dup(b->data, b->size);

	for (size_t i = 0; i < b->size; i++) {
		for (unsigned bit = 0; bit < 8; bit++) {
			p[i] ^= (uint8_t)(1u << bit);
			(void)exercise(p, b->size);
			p[i] ^= (uint8_t)(1u << bit);
		}
	}
	free(p);
}

static void dtb__reads_a_blob_with_any_byte_replaced_within_bounds(void **state)
{
	static const uint8_t values[] = {
		0x00,
		0xff,
		0x80,
		DTB_TOK_BEGIN_NODE,
		DTB_TOK_END_NODE,
		DTB_TOK_NOP,
		DTB_TOK_END,
	};
	struct blob *b = *state;
	uint8_t *p = unit_dup(b->data, b->size);

	for (size_t i = 0; i < b->size; i++) {
		uint8_t saved = p[i];

		for (unsigned k = 0; k < ARRAY_SIZE(values); k++) {
			p[i] = values[k];
			(void)exercise(p, b->size);
		}
		p[i] = saved;
	}
	free(p);
}

static void dtb_root__skips_leading_nops(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	dtb_build_u32(&b, DTB_TOK_NOP);
	dtb_build_u32(&b, DTB_TOK_NOP);
	dtb_build_begin(&b, "");
	dtb_build_u32(&b, DTB_TOK_NOP);
	dtb_build_prop_str(&b, "model", "nops");
	dtb_build_u32(&b, DTB_TOK_NOP);
	dtb_build_begin(&b, "child");
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_NOP);
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_int_equal(dtb_root(&dt), 8);
	assert_string_equal(dtb_prop(&dt, 8, "model", NULL), "nops");
	assert_string_equal(dtb_node_name(&dt, dtb_first_child(&dt, 8)),
			    "child");
	assert_int_equal(dtb_path(&dt, "/child"), dtb_first_child(&dt, 8));
	assert_int_equal(dtb_parent(&dt, dtb_path(&dt, "/child")), 8);
	assert_int_equal(dtb_next_sibling(&dt, dtb_path(&dt, "/child")), -1);
	free(blob);
}

static void dtb_root__is_none_unless_the_block_opens_with_a_node(void **state)
{
	static const uint32_t firsts[] = { DTB_TOK_END, DTB_TOK_END_NODE, 0, 5,
					   0xff };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	for (unsigned i = 0; i < ARRAY_SIZE(firsts); i++) {
		struct dtb_build b = { 0 };

		dtb_build_u32(&b, firsts[i]);
		dtb_build_begin(&b, "");
		dtb_build_end(&b);
		dtb_build_u32(&b, DTB_TOK_END);
		blob = dtb_build_finish(&b, false, &size);
		assert_true(dtb_init(&dt, blob, size));
		assert_int_equal(dtb_root(&dt), -1);
		assert_int_equal(dtb_path(&dt, "/"), -1);
		assert_int_equal(dtb_find_compatible(&dt, -1, "x"), -1);
		assert_int_equal(dtb_parent(&dt, 4), -1);
		free(blob);
	}
	/* An empty structure block has no root either. */
	{
		struct dtb_build b = { 0 };

		blob = dtb_build_finish(&b, false, &size);
		assert_true(dtb_init(&dt, blob, size));
		assert_int_equal(dtb_root(&dt), -1);
		free(blob);
	}
}

static void dtb_prop__ignores_properties_after_a_subnode(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	dtb_build_begin(&b, "");
	dtb_build_prop_str(&b, "first", "yes");
	dtb_build_begin(&b, "child");
	dtb_build_end(&b);
	dtb_build_prop_str(&b, "late", "no");
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_non_null(dtb_prop(&dt, 0, "first", NULL));
	assert_null(dtb_prop(&dt, 0, "late", NULL));
	assert_null(fdt_getprop(blob, 0, "late", NULL));
	free(blob);
}

static void dtb_prop__stops_at_a_length_past_the_block(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	dtb_build_begin(&b, "");
	dtb_build_prop_str(&b, "good", "yes");
	dtb_build_u32(&b, DTB_TOK_PROP);
	dtb_build_u32(&b, 0x1000); /* far longer than what is left */
	dtb_build_u32(&b, dtb_build_string(&b, "bad"));
	dtb_build_prop_str(&b, "after", "never");
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_non_null(dtb_prop(&dt, 0, "good", NULL));
	assert_null(dtb_prop(&dt, 0, "bad", NULL));
	assert_null(dtb_prop(&dt, 0, "after", NULL));
	assert_int_equal(dtb_next_node(&dt, 0, NULL), -1);
	free(blob);
}

static void dtb_prop__ignores_a_name_offset_past_the_strings(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;
	uint8_t val[4] = { 1, 2, 3, 4 };

	(void)state;
	dtb_build_begin(&b, "");
	dtb_build_u32(&b, DTB_TOK_PROP);
	dtb_build_u32(&b, 4);
	dtb_build_u32(&b, 0xfffffff0u);
	dtb_build_bytes(&b, val, 4);
	dtb_build_prop_str(&b, "name", "ok");
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_null(dtb_prop(&dt, 0, "", NULL));
	assert_string_equal(dtb_prop(&dt, 0, "name", NULL), "ok");
	/* A name cut by the end of the strings block does not match. */
	dtb_build_set_hdr(blob, DTB_H_SIZE_STRINGS, 4);
	assert_true(dtb_init(&dt, blob, size));
	assert_null(dtb_prop(&dt, 0, "name", NULL));
	free(blob);
}

static void dtb_node_name__rejects_a_name_running_off_the_block(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	dtb_build_begin(&b, "");
	dtb_build_u32(&b, DTB_TOK_BEGIN_NODE);
	dtb_build_bytes(&b, "abcdefgh", 8); /* no NUL before the block ends */
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_int_equal(dtb_root(&dt), 0);
	assert_int_equal(dtb_next_node(&dt, 0, NULL), -1);
	assert_int_equal(dtb_first_child(&dt, 0), -1);
	assert_null(dtb_node_name(&dt, 8));
	assert_int_equal(dtb_path(&dt, "/abcdefgh"), -1);
	free(blob);
}

static void dtb_prop_has_string__rejects_an_unterminated_list(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	dtb_build_begin(&b, "");
	dtb_build_prop(&b, "compatible", "one\0two", 7); /* "two" has no NUL */
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_true(dtb_prop_has_string(&dt, 0, "compatible", "one"));
	assert_false(dtb_prop_has_string(&dt, 0, "compatible", "two"));
	assert_false(dtb_prop_has_string(&dt, 0, "compatible", "tw"));
	free(blob);
}

static void dtb_next_node__stops_at_an_unknown_token(void **state)
{
	struct dtb_build b = { 0 };
	struct dtb dt;
	uint8_t *blob;
	size_t size;

	(void)state;
	dtb_build_begin(&b, "");
	dtb_build_begin(&b, "a");
	dtb_build_end(&b);
	dtb_build_u32(&b, 7);
	dtb_build_begin(&b, "b");
	dtb_build_end(&b);
	dtb_build_end(&b);
	dtb_build_u32(&b, DTB_TOK_END);
	blob = dtb_build_finish(&b, false, &size);
	assert_true(dtb_init(&dt, blob, size));
	assert_int_equal(dtb_path(&dt, "/a"), 8);
	assert_int_equal(dtb_next_sibling(&dt, 8), -1);
	assert_int_equal(dtb_path(&dt, "/b"), -1);
	free(blob);
}

/* --- nesting -------------------------------------------------------------- */

/* deep.dtb: d0 at depth 1 holds d1, ... down to d19 at depth 20; after@100. */
#define DEEP_LEVELS 20

static int load_deep(void **state)
{
	struct blob *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->data = unit_load("deep.dtb", &b->size);
	*state = b;
	return 0;
}

/* Offsets of d0 .. d19, found by walking. */
static void deep_nodes(const struct dtb *dt, int node[DEEP_LEVELS])
{
	int depth = 0;
	int n = dtb_root(dt);

	for (unsigned i = 0; i < DEEP_LEVELS; i++) {
		n = dtb_next_node(dt, n, &depth);
		assert_int_equal(depth, (int)i + 1);
		node[i] = n;
	}
}

static void dtb_next_node__walks_nesting_deeper_than_max_depth(void **state)
{
	struct dtb dt = blob_dt(state);
	int node[DEEP_LEVELS];
	char path[256] = "";

	deep_nodes(&dt, node);
	/* Child links and paths are not limited by depth. */
	for (unsigned i = 0; i < DEEP_LEVELS; i++) {
		char comp[16];

		assert_int_equal(dtb_first_child(&dt, i == 0 ? 0 : node[i - 1]),
				 node[i]);
		snprintf(comp, sizeof(comp), "/d%u", i);
		strcat(path, comp);
		assert_int_equal(dtb_path(&dt, path), node[i]);
	}
	assert_int_equal(dtb_first_child(&dt, node[DEEP_LEVELS - 1]), -1);
	assert_int_equal(dtb_next_sibling(&dt, node[0]),
			 dtb_path(&dt, "/after"));
}

static void dtb_parent__refuses_nodes_deeper_than_max_depth(void **state)
{
	struct dtb dt = blob_dt(state);
	int node[DEEP_LEVELS];
	uint64_t a;
	uint64_t s;

	deep_nodes(&dt, node);
	/* Parents, and so reg, are found down to DTB_MAX_DEPTH - 1 only. */
	for (unsigned i = 0; i < DEEP_LEVELS; i++) {
		if ((int)i + 1 < DTB_MAX_DEPTH) {
			assert_int_equal(dtb_parent(&dt, node[i]),
					 i == 0 ? 0 : node[i - 1]);
			assert_true(dtb_reg(&dt, node[i], 0, &a, &s));
			assert_int_equal(a, i);
			assert_int_equal(s, 0x10);
		} else {
			assert_int_equal(dtb_parent(&dt, node[i]), -1);
			assert_false(dtb_reg(&dt, node[i], 0, &a, &s));
		}
	}
}

static void dtb_parent__finds_nodes_after_a_branch_too_deep(void **state)
{
	struct dtb dt = blob_dt(state);
	int after = dtb_path(&dt, "/after@100");
	uint64_t a = 0;
	uint64_t s = 0;

	assert_true(after > 0);
	assert_int_equal(dtb_parent(&dt, after), dtb_root(&dt));
	assert_true(dtb_reg(&dt, after, 0, &a, &s));
	assert_int_equal(a, 0x100);
	assert_int_equal(s, 0x10);
}

static void dtb__agrees_with_libfdt_on_a_deep_tree(void **state)
{
	struct blob *b = *state;

	assert_int_equal(oracle_check(b->data, b->size, true), DEEP_LEVELS + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			dtb_init__accepts_a_dtc_blob_and_reads_its_layout,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_null_and_buffers_shorter_than_a_header,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(dtb_init__rejects_bad_magic,
						load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_versions_without_struct_size,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_blobs_incompatible_with_version_17,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_totalsize_beyond_the_buffer,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_a_structure_block_outside_the_blob,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_a_strings_block_outside_the_blob,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_next_node__walks_depth_first_with_depth_changes,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_first_child__and_next_sibling_list_children_in_order,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_parent__finds_each_parent_and_none_for_the_root,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_parent__is_none_for_offsets_that_are_not_nodes,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_node_name__is_empty_for_root_and_null_off_a_node,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(dtb_path__finds_absolute_paths,
						load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_path__matches_name_without_unit_address, load_small,
			free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_path__needs_the_exact_unit_address_when_given_one,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_path__rejects_relative_and_missing_paths,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_prop__finds_values_and_lengths, load_small,
			free_blob),
		cmocka_unit_test_setup_teardown(dtb_prop__finds_empty_properties,
						load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_prop__matches_whole_names_of_this_node_only,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_prop_u32__reads_one_cell_only, load_small,
			free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_prop_has_string__finds_each_entry_of_a_list,
			load_small, free_blob),
		cmocka_unit_test(
			dtb_strlist_match__marks_each_string_the_list_holds),
		cmocka_unit_test_setup_teardown(
			dtb_find_compatible__walks_matching_nodes_in_order,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_reg__reads_entries_with_the_parents_cells,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_reg__gives_size_zero_without_size_cells, load_small,
			free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_reg__refuses_what_it_cannot_read, load_small,
			free_blob),
		cmocka_unit_test(dtb_reg__rejects_malformed_parent_cells),
		cmocka_unit_test(dtb_cells__reads_one_or_two_cells_in_bounds),
		cmocka_unit_test(dtb_cells__rejects_indexes_that_wrap_around),
		cmocka_unit_test(
			dtb_nop_prop__removes_a_property_as_libfdt_does),
		cmocka_unit_test_setup_teardown(
			dtb_nop_prop__writes_nothing_outside_the_structure_block,
			load_small, free_blob),
		cmocka_unit_test(dtb__agrees_with_libfdt_on_qemu_gicv2_tree),
		cmocka_unit_test(dtb__agrees_with_libfdt_on_qemu_gicv3_tree),
		cmocka_unit_test_setup_teardown(
			dtb__agrees_with_libfdt_on_the_small_tree, load_small,
			free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_init__rejects_a_blob_cut_at_every_length,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb__reads_a_blob_cut_at_every_length_within_bounds,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb__reads_a_blob_with_any_bit_flipped_within_bounds,
			load_small, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb__reads_a_blob_with_any_byte_replaced_within_bounds,
			load_small, free_blob),
		cmocka_unit_test(dtb_root__skips_leading_nops),
		cmocka_unit_test(
			dtb_root__is_none_unless_the_block_opens_with_a_node),
		cmocka_unit_test(dtb_prop__ignores_properties_after_a_subnode),
		cmocka_unit_test(dtb_prop__stops_at_a_length_past_the_block),
		cmocka_unit_test(
			dtb_prop__ignores_a_name_offset_past_the_strings),
		cmocka_unit_test(
			dtb_node_name__rejects_a_name_running_off_the_block),
		cmocka_unit_test(
			dtb_prop_has_string__rejects_an_unterminated_list),
		cmocka_unit_test(dtb_next_node__stops_at_an_unknown_token),
		cmocka_unit_test_setup_teardown(
			dtb_next_node__walks_nesting_deeper_than_max_depth,
			load_deep, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_parent__refuses_nodes_deeper_than_max_depth,
			load_deep, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb_parent__finds_nodes_after_a_branch_too_deep,
			load_deep, free_blob),
		cmocka_unit_test_setup_teardown(
			dtb__agrees_with_libfdt_on_a_deep_tree, load_deep,
			free_blob),
	};

	return cmocka_run_group_tests_name("dtb", tests, NULL, NULL);
}
