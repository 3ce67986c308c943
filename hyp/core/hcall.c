// SPDX-License-Identifier: Apache-2.0
/*
 * Hypercall decoding (see mica/hcall.h): the version call, by which a
 * partition learns it runs on mica and which ABI it speaks, the channel
 * calls (chan.c), the keyboard's hand-off (console_mux.c) and the
 * management calls (manage.c).
 */
#include "mica/chan.h"
#include "mica/console_mux.h"
#include "mica/hcall.h"
#include "mica/hypercall.h"
#include "mica/manage.h"

struct hc_result hcall_handle(struct vcpu *v, uint32_t fid, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5, uint64_t a6)
{
	struct hc_result r = { .x0 = (uint64_t)(int64_t)MICA_HC_NOT_SUPPORTED };

	switch (fid) {
	case MICA_HC_VERSION:
		r.x0 = MICA_HC_ABI_VERSION;
		r.x1 = MICA_HC_MAGIC;
		break;
	case MICA_HC_CHANNEL_INFO: r = chan_info(v, a1); break;
	case MICA_HC_CHANNEL_RING: r.x0 = (uint64_t)chan_ring(v, a1); break;
	case MICA_HC_KEYBOARD:
		r.x0 = (uint64_t)console_mux_keyboard(v->vm->id, a1);
		break;
	default:
		if (fid >= MICA_HC_PART_FIND && fid <= MICA_HC_READY) {
			r = manage_call(v, fid, a1, a2, a3, a4, a5, a6);
		}
		break;
	}
	return r;
}
