/* ELF core header builder (see handover/elfcore.h). Pure: runs in the panic
 * path (no allocation, no locks) and in host tests. */
#include <handover/elfcore.h>
#include <string.h>

#define EHDR_SIZE	64
#define PHDR_SIZE	56
#define PT_LOAD		1
#define PT_NOTE		4
#define NT_PRSTATUS	1
#define EM_AARCH64	183
#define ET_CORE		4
#define PRSTATUS_PID	32
#define PRSTATUS_REG	112

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

size_t elfcore_size(unsigned n_cpus, unsigned n_loads)
{
	return EHDR_SIZE + (1 + (size_t)n_loads) * PHDR_SIZE +
	       (size_t)n_cpus * ELF_NOTE_PRSTATUS_SIZE;
}

/* The file offset of a segment is its PA (see handover/elfcore.h). */
static void phdr(uint8_t *p, uint32_t type, uint32_t flags, vaddr_t va,
		 paddr_t pa, uint64_t size)
{
	put32(p, type);
	put32(p + 4, flags);
	put64(p + 8, pa_addr(pa));
	put64(p + 16, va_addr(va));
	put64(p + 24, pa_addr(pa));
	put64(p + 32, size);	/* filesz */
	put64(p + 40, size);	/* memsz */
	put64(p + 48, 0);	/* align */
}

long elfcore_build(void *buf, size_t buf_size, paddr_t buf_pa,
		   const struct elfcore_thread *threads, unsigned n_threads,
		   const struct elfcore_load *loads, unsigned n_loads)
{
	uint8_t *b = buf, *n;
	unsigned present = n_threads;
	size_t notes_off, notes_size;

	if (n_loads > ELFCORE_MAX_LOADS)
		return -EINVAL;
	if (elfcore_size(present, n_loads) > buf_size)
		return -ENOMEM;
	memset(b, 0, elfcore_size(present, n_loads));

	memcpy(b, "\177ELF", 4);
	b[4] = 2;	/* ELFCLASS64 */
	b[5] = 1;	/* little-endian */
	b[6] = 1;	/* EV_CURRENT */
	put16(b + 16, ET_CORE);
	put16(b + 18, EM_AARCH64);
	put32(b + 20, 1);
	put64(b + 32, EHDR_SIZE);		/* e_phoff */
	put16(b + 52, EHDR_SIZE);		/* e_ehsize */
	put16(b + 54, PHDR_SIZE);
	put16(b + 56, (uint16_t)(1 + n_loads));

	notes_off = EHDR_SIZE + (1 + n_loads) * PHDR_SIZE;
	notes_size = present * ELF_NOTE_PRSTATUS_SIZE;
	phdr(b + EHDR_SIZE, PT_NOTE, 0, va_init(0), pa_add(buf_pa, notes_off), notes_size);
	for (unsigned i = 0; i < n_loads; i++)
		phdr(b + EHDR_SIZE + (1 + i) * PHDR_SIZE, PT_LOAD, 7, loads[i].va,
		     loads[i].pa, loads[i].size);

	n = b + notes_off;
	for (unsigned i = 0; i < n_threads; i++) {
		const struct cpu_regs *r = threads[i].regs;
		uint8_t *desc;

		put32(n, 5);				/* namesz: "CORE\0" */
		put32(n + 4, ELF_PRSTATUS_SIZE);
		put32(n + 8, NT_PRSTATUS);
		memcpy(n + 12, "CORE", 5);		/* padded to 8 */
		desc = n + 20;
		put32(desc + PRSTATUS_PID, threads[i].tid);
		for (unsigned j = 0; j < 31; j++)
			put64(desc + PRSTATUS_REG + 8 * j, r->x[j]);
		put64(desc + PRSTATUS_REG + 8 * 31, r->sp);
		put64(desc + PRSTATUS_REG + 8 * 32, r->pc);
		put64(desc + PRSTATUS_REG + 8 * 33, r->pstate);
		n += ELF_NOTE_PRSTATUS_SIZE;
	}
	return (long)elfcore_size(present, n_loads);
}
