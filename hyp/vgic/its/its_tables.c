/*
 * Where the ITS tables are: decoding GITS_BASER<n>, capacities, level-1
 * entries, and the address of a device's DTE.
 */
#include "its_internal.h"

uint64_t its_baser_page_size(uint64_t baser)
{
	switch (BASER_PSZ(baser)) {
	case 0:
		return 4096;
	case 1:
		return 16384;
	default:
		return 65536;
	}
}

ipaddr_t its_baser_addr(uint64_t baser)
{
	switch (BASER_PSZ(baser)) {
	case 0:
		return ipa_init(baser & MASK64(47, 12));
	case 1:
		return ipa_init(baser & MASK64(47, 14));
	default:
		/* 64 KiB pages: bits [15:12] hold address bits [51:48]. */
		return ipa_init((baser & MASK64(47, 16)) | (FIELD(baser, 15, 12) << 48));
	}
}

static uint32_t cap32(uint64_t n, uint64_t max)
{
	return (uint32_t)(n < max ? n : max);
}

uint32_t its_dev_capacity(uint64_t baser)
{
	uint64_t entries = its_baser_bytes(baser) / ITS_ENTRY_SIZE;
	if (!(baser & BASER_VALID))
		return 0;
	if (baser & BASER_INDIRECT)
		entries *= its_baser_page_size(baser) / ITS_ENTRY_SIZE;
	return cap32(entries, 1ull << ITS_DEVID_BITS);
}

uint32_t its_coll_capacity(uint64_t baser)
{
	if (!(baser & BASER_VALID))
		return 0;
	return cap32(its_baser_bytes(baser) / ITS_ENTRY_SIZE, 1ull << ITS_ICID_BITS);
}

uint32_t its_l1_scan_entries(uint64_t baser)
{
	uint64_t per_page = its_baser_page_size(baser) / ITS_ENTRY_SIZE;
	uint64_t needed = ((1ull << ITS_DEVID_BITS) + per_page - 1) / per_page;
	return cap32(its_baser_bytes(baser) / ITS_ENTRY_SIZE, needed);
}

bool its_l1_page(const struct its_env *env, uint64_t baser, uint64_t l1e,
		 ipaddr_t *page)
{
	uint64_t psz = its_baser_page_size(baser);
	if (!(l1e & BIT64(63)))
		return false;
	/* Level-1 entries are written by the guest: reserved bits ignored. */
	ipaddr_t ipa = ipa_init(l1e & MASK64(51, 12) & ~(psz - 1));
	if (!env->ram_check(env->ctx, ipa, psz))
		return false;
	*page = ipa;
	return true;
}

bool its_dte_locate(const struct its *its, uint32_t devid, ipaddr_t *ipa)
{
	const struct its_env *env = &its->vm->env;
	uint64_t baser = its->baser[0];
	if (devid >= its_dev_capacity(baser))
		return false;
	ipaddr_t base = its_baser_addr(baser);
	if (!(baser & BASER_INDIRECT)) {
		*ipa = ipa_add(base, (uint64_t)devid * ITS_ENTRY_SIZE);
		return env->ram_check(env->ctx, *ipa, ITS_ENTRY_SIZE);
	}
	uint64_t per_page = its_baser_page_size(baser) / ITS_ENTRY_SIZE;
	uint64_t l1e;
	ipaddr_t page;
	if (its_read64(env, ipa_add(base, (devid / per_page) * ITS_ENTRY_SIZE), &l1e))
		return false;
	if (!its_l1_page(env, baser, l1e, &page))
		return false;
	*ipa = ipa_add(page, (devid % per_page) * ITS_ENTRY_SIZE);
	return true;
}

bool its_dev_table_in_ram(const struct its_env *env, uint64_t baser)
{
	uint64_t entries = (baser & BASER_INDIRECT) ? its_l1_scan_entries(baser)
						    : its_dev_capacity(baser);
	return env->ram_check(env->ctx, its_baser_addr(baser), entries * ITS_ENTRY_SIZE);
}

bool its_coll_table_in_ram(const struct its_env *env, uint64_t baser)
{
	uint64_t entries = its_baser_bytes(baser) / ITS_ENTRY_SIZE;
	/* A full set of ICIDs plus the terminating invalid entry. */
	if (entries > (1ull << ITS_ICID_BITS) + 1)
		entries = (1ull << ITS_ICID_BITS) + 1;
	return env->ram_check(env->ctx, its_baser_addr(baser), entries * ITS_ENTRY_SIZE);
}
