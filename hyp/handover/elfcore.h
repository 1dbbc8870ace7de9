/* ELF core files of armhv for crash dumps (handover/elfcore.c). The layout
 * follows what kexec-tools gives a Linux capture kernel: file offsets in
 * the program headers are physical addresses of the crashed system's
 * memory, which /proc/vmcore turns into a normal core file. */
#ifndef ARMHV_ELFCORE_H
#define ARMHV_ELFCORE_H

#include <arch/types.h>
#include <arch/regs.h>

/* One NT_PRSTATUS note: gdb shows the first as the current thread. */
struct elfcore_thread {
	const struct cpu_regs *regs;
	unsigned tid;		/* armhv uses CPU index + 1 */
};

struct elfcore_load {
	paddr_t pa;
	vaddr_t va;
	uint64_t size;
};

#define ELFCORE_MAX_LOADS	4
#define ELF_PRSTATUS_SIZE	392	/* struct elf_prstatus on AArch64 */
#define ELF_NOTE_PRSTATUS_SIZE	(12 + 8 + ELF_PRSTATUS_SIZE)

/* Room needed for a header with n_cpus notes and n_loads segments. */
size_t elfcore_size(unsigned n_cpus, unsigned n_loads);
/* Writes the ELF header, one PT_NOTE (an NT_PRSTATUS per thread, in the
 * order given) and a PT_LOAD per load into buf, which lives at physical
 * address buf_pa. Returns the size written, or -ENOMEM if buf_size is too
 * small, -EINVAL for too many loads. */
long elfcore_build(void *buf, size_t buf_size, paddr_t buf_pa,
		   const struct elfcore_thread *threads, unsigned n_threads,
		   const struct elfcore_load *loads, unsigned n_loads);

#endif
