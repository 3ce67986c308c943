// SPDX-License-Identifier: Apache-2.0
/*
 * The payment messages (libmica/pay.h): their byte layout and every check
 * of a field, for both directions. No C library at all, not even memcpy,
 * so that the same file builds into libmica.a, micactl and the host tests;
 * bytes are moved one at a time, so no alignment is assumed of a message.
 */
#include "libmica/pay.h"

#include <stdbool.h>

static const uint8_t request_magic[4] = { 'M', 'P', 'R', '1' };
static const uint8_t verdict_magic[4] = { 'M', 'P', 'V', '1' };

static uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i > 0; i--) {
		v = v << 8 | p[i - 1];
	}
	return v;
}

static void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static bool same(const uint8_t *a, const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (a[i] != b[i]) {
			return false;
		}
	}
	return true;
}

static void zero(void *p, size_t n)
{
	uint8_t *b = p;

	for (size_t i = 0; i < n; i++) {
		b[i] = 0;
	}
}

static bool currency_ok(const char *c)
{
	for (unsigned i = 0; i < PAY_CURRENCY_SIZE - 1; i++) {
		if (c[i] < 'A' || c[i] > 'Z') {
			return false;
		}
	}
	return c[PAY_CURRENCY_SIZE - 1] == '\0';
}

static bool currency_zero(const char *c)
{
	for (unsigned i = 0; i < PAY_CURRENCY_SIZE; i++) {
		if (c[i] != '\0') {
			return false;
		}
	}
	return true;
}

/* The checks a request's fields and a non-refused verdict's share. */
static enum pay_status request_fields(uint64_t id, uint64_t amount,
				      const char *currency)
{
	if (id == 0) {
		return PAY_BAD_ID;
	}
	if (amount == 0 || amount > PAY_AMOUNT_MAX) {
		return PAY_BAD_AMOUNT;
	}
	if (!currency_ok(currency)) {
		return PAY_BAD_CURRENCY;
	}
	return PAY_OK;
}

enum pay_status pay_request_encode(const struct pay_request *req,
				   uint8_t out[PAY_REQUEST_SIZE])
{
	enum pay_status st =
		request_fields(req->id, req->amount, req->currency);

	if (st != PAY_OK) {
		return st;
	}
	for (unsigned i = 0; i < 4; i++) {
		out[i] = request_magic[i];
	}
	put_le(out + 4, 0, 4);
	put_le(out + 8, req->id, 8);
	put_le(out + 16, req->amount, 8);
	for (unsigned i = 0; i < PAY_CURRENCY_SIZE; i++) {
		out[24 + i] = (uint8_t)req->currency[i];
	}
	put_le(out + 28, 0, 4);
	return PAY_OK;
}

enum pay_status pay_request_decode(const void *msg, size_t len,
				   struct pay_request *req)
{
	const uint8_t *m = msg;
	enum pay_status st;

	zero(req, sizeof(*req));
	if (len != PAY_REQUEST_SIZE) {
		return PAY_BAD_LENGTH;
	}
	if (!same(m, request_magic, 4)) {
		return PAY_BAD_MAGIC;
	}
	req->id = get_le(m + 8, 8);
	if (get_le(m + 4, 4) != 0 || get_le(m + 28, 4) != 0) {
		return PAY_BAD_RESERVED;
	}
	req->amount = get_le(m + 16, 8);
	for (unsigned i = 0; i < PAY_CURRENCY_SIZE; i++) {
		req->currency[i] = (char)m[24 + i];
	}
	st = request_fields(req->id, req->amount, req->currency);
	if (st != PAY_OK) {
		uint64_t id = req->id;

		zero(req, sizeof(*req));
		req->id = id;
	}
	return st;
}

static bool reason_ok(const struct pay_verdict *v)
{
	uint16_t r = v->reason;

	switch (v->outcome) {
	case PAY_DENIED:
		return r == 0 || r == PAY_REASON_CANCELLED ||
		       r == PAY_REASON_TIMEOUT;
	case PAY_REFUSED:
		return (r >= PAY_BAD_LENGTH && r <= PAY_BAD_CURRENCY) ||
		       r == PAY_REASON_BUSY || r == PAY_REASON_INTERNAL;
	default: return r == 0;
	}
}

/* The checks of a verdict's fields, for encode and decode alike. */
static enum pay_status verdict_fields(const struct pay_verdict *v)
{
	if (v->outcome < PAY_APPROVED || v->outcome > PAY_REFUSED) {
		return PAY_BAD_OUTCOME;
	}
	if (!reason_ok(v)) {
		return PAY_BAD_REASON;
	}
	if ((v->outcome == PAY_DENIED && v->tries_left == 0) ||
	    (v->outcome == PAY_LOCKED && v->tries_left != 0)) {
		return PAY_BAD_TRIES;
	}
	if (v->outcome == PAY_REFUSED) {
		if (v->amount != 0) {
			return PAY_BAD_AMOUNT;
		}
		if (!currency_zero(v->currency)) {
			return PAY_BAD_CURRENCY;
		}
	} else {
		enum pay_status st =
			request_fields(v->id, v->amount, v->currency);

		if (st != PAY_OK) {
			return st;
		}
	}
	return v->counter == 0 ? PAY_BAD_COUNTER : PAY_OK;
}

enum pay_status pay_verdict_encode(const struct pay_verdict *v,
				   uint8_t out[PAY_VERDICT_SIZE])
{
	enum pay_status st = verdict_fields(v);

	if (st != PAY_OK) {
		return st;
	}
	for (unsigned i = 0; i < 4; i++) {
		out[i] = verdict_magic[i];
	}
	out[4] = v->outcome;
	out[5] = v->tries_left;
	put_le(out + 6, v->reason, 2);
	put_le(out + 8, v->id, 8);
	put_le(out + 16, v->amount, 8);
	for (unsigned i = 0; i < PAY_CURRENCY_SIZE; i++) {
		out[24 + i] = (uint8_t)v->currency[i];
	}
	put_le(out + 28, v->session, 4);
	put_le(out + 32, v->counter, 8);
	for (unsigned i = 0; i < PAY_MAC_SIZE; i++) {
		out[PAY_VERDICT_BODY_SIZE + i] = v->mac[i];
	}
	return PAY_OK;
}

enum pay_status pay_verdict_decode(const void *msg, size_t len,
				   struct pay_verdict *v)
{
	const uint8_t *m = msg;
	enum pay_status st;

	zero(v, sizeof(*v));
	if (len != PAY_VERDICT_SIZE) {
		return PAY_BAD_LENGTH;
	}
	if (!same(m, verdict_magic, 4)) {
		return PAY_BAD_MAGIC;
	}
	v->outcome = m[4];
	v->tries_left = m[5];
	v->reason = (uint16_t)get_le(m + 6, 2);
	v->id = get_le(m + 8, 8);
	v->amount = get_le(m + 16, 8);
	for (unsigned i = 0; i < PAY_CURRENCY_SIZE; i++) {
		v->currency[i] = (char)m[24 + i];
	}
	v->session = (uint32_t)get_le(m + 28, 4);
	v->counter = get_le(m + 32, 8);
	for (unsigned i = 0; i < PAY_MAC_SIZE; i++) {
		v->mac[i] = m[PAY_VERDICT_BODY_SIZE + i];
	}
	st = verdict_fields(v);
	if (st != PAY_OK) {
		zero(v, sizeof(*v));
	}
	return st;
}
