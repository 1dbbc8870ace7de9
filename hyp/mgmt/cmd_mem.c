/* Console commands about memory: mem, modules. */
#include <mgmt/commands.h>
#include <boot/early.h>
#include <dt/machine.h>
#include <mm/mmu.h>
#include <mm/page_alloc.h>
#include <lib/log.h>

void cmd_mem(int argc, char **argv)
{
	struct page_alloc_stats s;

	page_alloc_stats(&s);
	con_printf("mem: total=%llu KiB free=%llu KiB used=%llu KiB (free ranges %u; EL2 page tables: %u pages of armhv's own pool, tables=%llu KiB from the allocator)\n",
		   (unsigned long long)s.total_pages * 4, (unsigned long long)s.free_pages * 4,
		   (unsigned long long)s.used_pages * 4, s.free_ranges,
		   pt_pool_used_pages(), (unsigned long long)mmu_table_pages() * 4);
	/* The allocator keeps the three counters apart: they must agree. */
	if (s.used_pages + s.free_pages != s.total_pages)
		con_printf("mem: inconsistent: used + free = %llu KiB, total = %llu KiB\n",
			   (unsigned long long)(s.used_pages + s.free_pages) * 4,
			   (unsigned long long)s.total_pages * 4);
}

void cmd_modules(int argc, char **argv)
{
	const struct machine *m = machine_get();

	if (!m->module_count)
		con_printf("no modules\n");
	for (unsigned i = 0; i < m->module_count; i++)
		con_printf("module %s addr=0x%llx size=0x%llx from=%s\n", m->modules[i].name,
			   (unsigned long long)pa_addr(m->modules[i].pa),
			   (unsigned long long)m->modules[i].size,
			   module_source_name(m->modules[i].from));
}
