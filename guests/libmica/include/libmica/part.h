/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mica's management hypercalls (ABI 0.4: include/mica/hypercall.h says
 * what each does and which right it needs), for a partition that manages
 * others, such as the update agent, and MICA_HC_READY, for one that is
 * updated. Apart from libmica/hc.h so that a partition that uses neither
 * links none of it.
 */
#ifndef LIBMICA_PART_H
#define LIBMICA_PART_H

#include <stdint.h>

/* A partition as MICA_HC_PART_QUERY describes it (MICA_PART_* etc.). */
struct mica_part_state {
	uint64_t state;		  /* the active version's MICA_PART_* */
	uint64_t version;	  /* the active version */
	uint64_t standby;	  /* the standby's MICA_STANDBY_* */
	uint64_t standby_version; /* 0 if none */
	uint64_t flags;		  /* MICA_PART_F_* */
};

/*
 * The management calls (ABI 0.4, include/mica/hypercall.h says what each
 * does and which right it needs). Each returns the call's status: one of
 * those the ABI lists for it, or MICA_HC_NOT_SUPPORTED under a mica
 * without them (or none); their out-parameters are set only on
 * MICA_HC_SUCCESS.
 *
 * MICA_HC_PART_FIND: *id of the partition called name (at most 16 bytes
 * are sent; a longer name cannot match).
 */
int64_t mica_hc_part_find(const char *name, uint64_t *id);

/* MICA_HC_PART_QUERY: partition id's state into *st. */
int64_t mica_hc_part_query(uint64_t id, struct mica_part_state *st);

/*
 * MICA_HC_PART_STAGE: copies len bytes (at most MICA_STAGE_CHUNK) at src,
 * in this partition's own memory, to offset of id's standby image slot.
 * libmica runs with the MMU off: src's address is its IPA.
 */
int64_t mica_hc_part_stage(uint64_t id, uint64_t offset, const void *src,
			   uint64_t len);

/*
 * MICA_HC_PART_STANDBY: boots the size bytes staged in id's slot as its
 * standby, version `version`, loaded at load, entered at entry, with
 * MICA_STANDBY_* flags.
 */
int64_t mica_hc_part_standby(uint64_t id, uint64_t size, uint64_t version,
			     uint64_t load, uint64_t entry, uint64_t flags);

/* MICA_HC_PART_ROLLBACK: discards id's standby, or switches back. */
int64_t mica_hc_part_rollback(uint64_t id);

/* MICA_HC_PART_WIPE: one step of wiping id (MICA_HC_IN_PROGRESS: again). */
int64_t mica_hc_part_wipe(uint64_t id);

/*
 * MICA_HC_READY: this partition reports itself healthy. MICA_HC_SUCCESS
 * for a booting standby, MICA_HC_NOT_REQUIRED for anyone else.
 */
int64_t mica_hc_ready(void);

#endif
