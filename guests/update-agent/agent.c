// SPDX-License-Identifier: Apache-2.0
/*
 * The update agent's protocol and checks (agent.h; docs/update.md gives
 * the formats and the order of the checks, which this file follows).
 */
#include "agent.h"

#include <stdarg.h>

#include "libmica/part.h"
#include "mica/fmt.h"
#include "mica/hypercall.h"
#include "mica/string.h"

#define NAME_SIZE 16u

/* An image's header, decoded; the bytes stay in the buffer. */
struct image {
	char target[NAME_SIZE + 1];
	uint64_t version;
	uint64_t load;
	uint64_t entry;
	uint64_t size;
	const uint8_t *hash;
	const uint8_t *payload;
	uint64_t payload_size; /* what the transfer holds after the prefix */
};

/* Little-endian, a byte at a time: any alignment (no unaligned access). */
static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i > 0; i--) {
		v = v << 8 | p[i - 1];
	}
	return v;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	uint8_t acc = 0;

	for (size_t i = 0; i < n; i++) {
		acc |= p[i];
	}
	return acc == 0;
}

static size_t say(char *reply, const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(reply, AGENT_REPLY_MAX, fmt, ap);
	va_end(ap);
	return n < AGENT_REPLY_MAX ? n : AGENT_REPLY_MAX - 1;
}

static const char *status_name(int64_t st)
{
	switch (st) {
	case MICA_HC_SUCCESS: return "success";
	case MICA_HC_NOT_SUPPORTED: return "not supported";
	case MICA_HC_NOT_REQUIRED: return "not required";
	case MICA_HC_INVALID_PARAMETER: return "invalid parameter";
	case MICA_HC_DENIED: return "denied";
	case MICA_HC_PEER_DOWN: return "peer down";
	case MICA_HC_IN_PROGRESS: return "in progress";
	default: return "unknown status";
	}
}

/*
 * A target name: 1 to 16 bytes of letters, digits, '-', '_' or '.', then
 * NULs only. Copied NUL-terminated into out; false for anything else.
 */
static bool take_name(const uint8_t *p, char out[NAME_SIZE + 1])
{
	unsigned n = 0;

	while (n < NAME_SIZE && p[n] != 0) {
		uint8_t c = p[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		      c == '.')) {
			return false;
		}
		out[n] = (char)c;
		n++;
	}
	out[n] = '\0';
	return n > 0 && all_zero(p + n, NAME_SIZE - n);
}

/* The signature of the signed_size bytes at p, which follows them. */
static bool signed_ok(const struct agent *a, const uint8_t *p,
		      size_t signed_size)
{
	uint8_t h[P256_HASH_SIZE];

	p256_sha256(p, signed_size, h);
	return p256_verify(a->pub, h, p + signed_size);
}

/*
 * The partition name may be managed by this agent: *id from PART_FIND;
 * else the reply saying why.
 */
static size_t find_target(const char *name, uint64_t *id, char *reply)
{
	int64_t st = mica_hc_part_find(name, id);

	if (st == MICA_HC_SUCCESS) {
		return 0;
	}
	if (st == MICA_HC_NOT_SUPPORTED) {
		return say(reply,
			   "error: mica has no management calls (ABI 0.4 "
			   "needed); nothing changed");
	}
	if (st == MICA_HC_INVALID_PARAMETER) {
		return say(reply,
			   "error: target \"%s\" is not a partition this "
			   "agent may manage",
			   name);
	}
	return say(reply, "error: finding \"%s\" failed (%s)", name,
		   status_name(st));
}

/* Step 1: size and format. 0 if the header is well formed. */
static size_t check_format(const struct agent *a, struct image *im, char *reply)
{
	const uint8_t *h = a->buf;

	if (a->got < AGENT_IMAGE_PREFIX) {
		return say(reply,
			   "error: truncated: %lu bytes, an image's header "
			   "and signature take %u",
			   (unsigned long)a->got, AGENT_IMAGE_PREFIX);
	}
	if (h[0] != 'M' || h[1] != 'U' || h[2] != 'P' || h[3] != '1') {
		return say(reply, "error: not an update image (no MUP1 magic)");
	}
	if (le(h + 4, 4) != 1) {
		return say(reply, "error: unknown image format %lu",
			   (unsigned long)le(h + 4, 4));
	}
	if (!all_zero(h + 88, 40)) {
		return say(reply, "error: reserved header bytes are not zero");
	}
	if (!take_name(h + 8, im->target)) {
		return say(reply, "error: the target is not a partition name");
	}
	im->version = le(h + 24, 8);
	im->load = le(h + 32, 8);
	im->entry = le(h + 40, 8);
	im->size = le(h + 48, 8);
	im->hash = h + 56;
	im->payload = a->buf + AGENT_IMAGE_PREFIX;
	im->payload_size = a->got - AGENT_IMAGE_PREFIX;
	return 0;
}

/* Steps 4 to 6, on a signed header of a target found: 0 if all pass. */
static size_t check_contents(const struct image *im,
			     const struct mica_part_state *ps, char *reply)
{
	uint8_t h[P256_HASH_SIZE];

	if ((ps->flags & MICA_PART_F_UPDATABLE) == 0) {
		return say(reply,
			   "error: %s has no standby slot to update into",
			   im->target);
	}
	if (im->version <= ps->version &&
	    (ps->flags & MICA_PART_F_DOWNGRADE) == 0) {
		return say(reply,
			   "error: version %lu is not above %s's running "
			   "version %lu (downgrade refused)",
			   (unsigned long)im->version, im->target,
			   (unsigned long)ps->version);
	}
	if (im->size != im->payload_size || im->size == 0) {
		return say(reply,
			   "error: the header says %lu payload bytes, the "
			   "image holds %lu",
			   (unsigned long)im->size,
			   (unsigned long)im->payload_size);
	}
	if (im->entry < im->load || im->entry - im->load >= im->size) {
		return say(reply, "error: entry 0x%lx is outside the payload",
			   (unsigned long)im->entry);
	}
	p256_sha256(im->payload, im->size, h);
	if (memcmp(h, im->hash, P256_HASH_SIZE) != 0) {
		return say(reply, "error: payload hash mismatch (tampered or "
				  "corrupt)");
	}
	return 0;
}

/*
 * After STANDBY: QUERY until the new version is the active one and past
 * its probation, or the standby is gone (mica rolled it back: before the
 * switch, or in probation), or AGENT_SWITCH_POLLS pauses.
 */
static size_t await_switch(uint64_t id, const struct image *im, char *reply)
{
	struct mica_part_state ps = { 0 };
	bool switched = false;

	for (unsigned i = 0; i < AGENT_SWITCH_POLLS; i++) {
		int64_t st = mica_hc_part_query(id, &ps);

		if (st != MICA_HC_SUCCESS) {
			return say(reply, "error: querying %s failed (%s)",
				   im->target, status_name(st));
		}
		if (ps.version == im->version &&
		    ps.state == MICA_PART_RUNNING &&
		    ps.standby != MICA_STANDBY_PROBATION) {
			return say(reply, "ok: %s runs version %lu", im->target,
				   (unsigned long)im->version);
		}
		switched = switched || ps.standby == MICA_STANDBY_PROBATION;
		if (ps.standby == MICA_STANDBY_NONE) {
			return say(reply,
				   "error: version %lu of %s %s (rolled back); "
				   "version %lu runs",
				   (unsigned long)im->version, im->target,
				   switched ? "failed in probation" :
					      "did not come up",
				   (unsigned long)ps.version);
		}
		agent_sleep_ms(AGENT_SWITCH_POLL_MS);
	}
	/* A probation longer than the wait: the new version stays. */
	if (switched) {
		return say(reply, "ok: %s runs version %lu, still in probation",
			   im->target, (unsigned long)im->version);
	}
	(void)mica_hc_part_rollback(id);
	return say(reply,
		   "error: version %lu of %s did not switch within %u s "
		   "(discarded); version %lu runs",
		   (unsigned long)im->version, im->target,
		   AGENT_SWITCH_POLLS * AGENT_SWITCH_POLL_MS / 1000u,
		   (unsigned long)ps.version);
}

/* UEND: the checks in docs/update.md's order, then the update. */
static size_t update(struct agent *a, char *reply)
{
	struct mica_part_state ps;
	struct image im;
	uint64_t id = 0;
	size_t n = check_format(a, &im, reply);
	int64_t st;

	if (n != 0) {
		return n;
	}
	if (!signed_ok(a, a->buf, AGENT_IMAGE_HEADER)) {
		return say(reply, "error: bad signature; nothing changed");
	}
	n = find_target(im.target, &id, reply);
	if (n != 0) {
		return n;
	}
	st = mica_hc_part_query(id, &ps);
	if (st != MICA_HC_SUCCESS) {
		return say(reply, "error: querying %s failed (%s)", im.target,
			   status_name(st));
	}
	n = check_contents(&im, &ps, reply);
	if (n != 0) {
		return n;
	}
	for (uint64_t off = 0; off < im.size; off += MICA_STAGE_CHUNK) {
		uint64_t len = im.size - off < MICA_STAGE_CHUNK ?
				       im.size - off :
				       MICA_STAGE_CHUNK;

		st = mica_hc_part_stage(id, off, im.payload + off, len);
		if (st != MICA_HC_SUCCESS) {
			return say(reply,
				   "error: staging at offset %lu failed (%s); "
				   "%s still runs version %lu",
				   (unsigned long)off, status_name(st),
				   im.target, (unsigned long)ps.version);
		}
	}
	st = mica_hc_part_standby(id, im.size, im.version, im.load, im.entry,
				  MICA_STANDBY_AUTO_SWITCH);
	if (st != MICA_HC_SUCCESS) {
		return say(reply,
			   "error: mica refused to boot the standby (%s); %s "
			   "still runs version %lu",
			   status_name(st), im.target,
			   (unsigned long)ps.version);
	}
	return await_switch(id, &im, reply);
}

/* WIPE: the command's checks, the nonce, then PART_WIPE until done. */
static size_t wipe(struct agent *a, const uint8_t *c, size_t len, char *reply)
{
	char target[NAME_SIZE + 1];
	uint64_t nonce;
	uint64_t id = 0;
	size_t n;
	int64_t st = MICA_HC_IN_PROGRESS;

	if (len != AGENT_WIPE_SIZE) {
		return say(reply, "error: a wipe command is %u bytes, not %lu",
			   AGENT_WIPE_SIZE, (unsigned long)len);
	}
	if (c[0] != 'M' || c[1] != 'W' || c[2] != 'P' || c[3] != '1' ||
	    le(c + 4, 4) != 1 || !all_zero(c + 32, 32)) {
		return say(reply, "error: not a wipe command of format 1");
	}
	if (!take_name(c + 8, target)) {
		return say(reply, "error: the target is not a partition name");
	}
	if (!signed_ok(a, c, AGENT_WIPE_SIZE - P256_SIG_SIZE)) {
		return say(reply, "error: bad signature; nothing wiped");
	}
	n = find_target(target, &id, reply);
	if (n != 0) {
		return n;
	}
	nonce = le(c + 24, 8);
	if (a->nonce_accepted && nonce <= a->last_nonce) {
		return say(reply,
			   "error: nonce %lu is not above the last accepted "
			   "(%lu): a replay, refused",
			   (unsigned long)nonce, (unsigned long)a->last_nonce);
	}
	a->last_nonce = nonce;
	a->nonce_accepted = true;
	for (unsigned i = 0; i < AGENT_WIPE_CALLS && st == MICA_HC_IN_PROGRESS;
	     i++) {
		st = mica_hc_part_wipe(id);
	}
	if (st != MICA_HC_SUCCESS) {
		return say(reply, "error: wiping %s failed (%s)", target,
			   status_name(st));
	}
	return say(reply, "ok: %s wiped (nonce %lu)", target,
		   (unsigned long)nonce);
}

/* DATA: in order, within the total; a bad one spoils the transfer. */
static void data(struct agent *a, const uint8_t *m, size_t len)
{
	uint64_t off;
	uint64_t n;

	if (!a->receiving || a->spoiled != NULL) {
		return; /* said at UEND, or no transfer to say it to */
	}
	if (len < AGENT_HDR_SIZE + 8) {
		a->spoiled = "error: a DATA message without its offset";
		return;
	}
	off = le(m + AGENT_HDR_SIZE, 8);
	n = len - AGENT_HDR_SIZE - 8;
	if (off != a->got) {
		a->spoiled = "error: a chunk out of order";
	} else if (n > AGENT_DATA_MAX || n > a->total - a->got) {
		a->spoiled = "error: more data than announced";
	} else {
		memcpy(a->buf + a->got, m + AGENT_HDR_SIZE + 8, n);
		a->got += n;
	}
}

void agent_init(struct agent *a, uint8_t *buf, size_t cap,
		const uint8_t pub[P256_PUB_SIZE])
{
	*a = (struct agent){ .buf = buf, .cap = cap, .pub = pub };
}

size_t agent_handle(struct agent *a, const uint8_t *msg, size_t len,
		    char *reply)
{
	uint64_t tag;

	if (len < AGENT_HDR_SIZE || le(msg + 4, 4) != 0) {
		return say(reply, "error: not a request");
	}
	tag = le(msg, 4);
	if (tag == le((const uint8_t *)"DATA", 4)) {
		data(a, msg, len);
		reply[0] = '\0';
		return 0;
	}
	if (tag == le((const uint8_t *)"UBEG", 4) &&
	    len == AGENT_HDR_SIZE + 8) {
		uint64_t total = le(msg + AGENT_HDR_SIZE, 8);

		a->receiving = false;
		if (total == 0 || total > a->cap) {
			return say(reply,
				   "error: an image of %lu bytes; the agent "
				   "takes 1 to %lu",
				   (unsigned long)total, (unsigned long)a->cap);
		}
		*a = (struct agent){ .buf = a->buf,
				     .cap = a->cap,
				     .pub = a->pub,
				     .total = total,
				     .receiving = true,
				     .last_nonce = a->last_nonce,
				     .nonce_accepted = a->nonce_accepted };
		return say(reply, "ok: ready for %lu bytes",
			   (unsigned long)total);
	}
	if (tag == le((const uint8_t *)"UEND", 4) && len == AGENT_HDR_SIZE) {
		if (!a->receiving) {
			return say(reply, "error: no transfer (UBEG first)");
		}
		a->receiving = false;
		if (a->spoiled != NULL) {
			return say(reply, "%s; nothing changed", a->spoiled);
		}
		if (a->got != a->total) {
			return say(reply,
				   "error: transfer ended at %lu of %lu bytes; "
				   "nothing changed",
				   (unsigned long)a->got,
				   (unsigned long)a->total);
		}
		return update(a, reply);
	}
	if (tag == le((const uint8_t *)"WIPE", 4)) {
		return wipe(a, msg + AGENT_HDR_SIZE, len - AGENT_HDR_SIZE,
			    reply);
	}
	return say(reply, "error: not a request");
}
