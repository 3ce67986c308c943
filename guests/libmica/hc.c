// SPDX-License-Identifier: Apache-2.0
/*
 * mica's hypercalls (libmica/hc.h over include/mica/hypercall.h).
 */
#include "libmica/hc.h"
#include "libmica/smccc.h"
#include "mica/hypercall.h"

int64_t mica_hc_version(void)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_VERSION, 0, 0, 0, &res);
	if ((int64_t)res.a0 < 0) {
		return (int64_t)res.a0;
	}
	if (res.a1 != MICA_HC_MAGIC) {
		return MICA_HC_NOT_SUPPORTED; /* some other hypervisor */
	}
	return (int64_t)res.a0;
}

bool mica_under_hypervisor(void)
{
	return mica_hc_version() >= 0;
}

int64_t mica_hc_chan_info(uint64_t id, struct mica_chan_info *info)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_CHANNEL_INFO, id, 0, 0, &res);
	if (res.a0 != MICA_HC_SUCCESS) {
		return (int64_t)res.a0;
	}
	info->ipa = res.a1;
	info->size = res.a2;
	info->side = (res.a3 & MICA_HC_CHAN_SIDE_B) != 0;
	info->direction = (unsigned)(res.a3 & MICA_HC_CHAN_DIR_MASK) >>
			  MICA_HC_CHAN_DIR_SHIFT;
	info->peer_up = (res.a3 & MICA_HC_CHAN_PEER_UP) != 0;
	info->doorbell = (uint32_t)(res.a3 & MICA_HC_CHAN_DOORBELL_MASK) >>
			 MICA_HC_CHAN_DOORBELL_SHIFT;
	for (unsigned i = 0; i < 16; i++) {
		info->name[i] =
			(char)((i < 8 ? res.a4 : res.a5) >> (8 * (i % 8)));
	}
	info->name[16] = '\0';
	return MICA_HC_SUCCESS;
}

int64_t mica_hc_chan_ring(uint64_t id)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_CHANNEL_RING, id, 0, 0, &res);
	return (int64_t)res.a0;
}

int64_t mica_hc_keyboard(bool take)
{
	struct mica_smccc_res res;

	mica_smccc_hvc(MICA_HC_KEYBOARD,
		       take ? MICA_HC_KEYBOARD_TAKE :
			      MICA_HC_KEYBOARD_GIVE_BACK,
		       0, 0, &res);
	return (int64_t)res.a0;
}
