/* Host tests for the crash dump's ELF core header: what readelf and a
 * Linux capture kernel expect to find. */
#include <handover/elfcore.h>
#include "check.h"
#include <elf.h>
#include <string.h>

static void test_layout(void)
{
	static uint8_t buf[8192];
	struct cpu_regs a, b;
	struct elfcore_thread t[2] = { { &a, 3 }, { &b, 1 } };
	struct elfcore_load load = { pa_init(0x40200000), va_init(0xe00000000000ULL), 0x9c000 };
	const Elf64_Ehdr *eh = (const void *)buf;
	const Elf64_Phdr *ph = (const void *)(buf + sizeof(Elf64_Ehdr));
	long n;

	for (int i = 0; i < 31; i++) {
		a.x[i] = 0x1000 + (uint64_t)i;
		b.x[i] = 0x2000 + (uint64_t)i;
	}
	a.sp = 0xe00000081000ULL; a.pc = 0xe000000047f8ULL; a.pstate = 0x3c9;
	b.sp = 0xe00000079000ULL; b.pc = 0xe00000001800ULL; b.pstate = 0x3c9;
	n = elfcore_build(buf, sizeof(buf), pa_init(0x4a400000), t, 2, &load, 1);
	CHECK_EQ(n, (long)elfcore_size(2, 1));
	CHECK(memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0);
	CHECK_EQ(eh->e_ident[EI_CLASS], ELFCLASS64);
	CHECK_EQ(eh->e_ident[EI_DATA], ELFDATA2LSB);
	CHECK_EQ(eh->e_type, ET_CORE);
	CHECK_EQ(eh->e_machine, EM_AARCH64);
	CHECK_EQ(eh->e_phoff, sizeof(Elf64_Ehdr));
	CHECK_EQ(eh->e_phentsize, sizeof(Elf64_Phdr));
	CHECK_EQ(eh->e_phnum, 2);
	/* PT_NOTE: offset is the PA of the notes in the crashed machine. */
	CHECK_EQ(ph[0].p_type, PT_NOTE);
	CHECK_EQ(ph[0].p_offset, 0x4a400000 + sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr));
	CHECK_EQ(ph[0].p_filesz, 2 * ELF_NOTE_PRSTATUS_SIZE);
	/* PT_LOAD: offset = PA (kexec convention), vaddr = armhv's VA. */
	CHECK_EQ(ph[1].p_type, PT_LOAD);
	CHECK_EQ(ph[1].p_offset, 0x40200000);
	CHECK_EQ(ph[1].p_paddr, 0x40200000);
	CHECK_EQ(ph[1].p_vaddr, 0xe00000000000ULL);
	CHECK_EQ(ph[1].p_filesz, 0x9c000);
	CHECK_EQ(ph[1].p_memsz, 0x9c000);
	/* The notes, in the order given. */
	{
		const uint8_t *p = buf + sizeof(Elf64_Ehdr) + 2 * sizeof(Elf64_Phdr);
		const struct cpu_regs *want[2] = { &a, &b };
		unsigned tids[2] = { 3, 1 };

		for (int i = 0; i < 2; i++) {
			const Elf64_Nhdr *nh = (const void *)p;
			const uint8_t *desc = p + sizeof(*nh) + 8;
			uint64_t reg;
			uint32_t pid;

			CHECK_EQ(nh->n_namesz, 5);
			CHECK_EQ(nh->n_descsz, ELF_PRSTATUS_SIZE);
			CHECK_EQ(nh->n_type, NT_PRSTATUS);
			CHECK(memcmp(p + sizeof(*nh), "CORE", 5) == 0);
			memcpy(&pid, desc + 32, 4);
			CHECK_EQ(pid, tids[i]);
			memcpy(&reg, desc + 112 + 8 * 29, 8);	/* x29 */
			CHECK_EQ(reg, want[i]->x[29]);
			memcpy(&reg, desc + 112 + 8 * 31, 8);	/* sp */
			CHECK_EQ(reg, want[i]->sp);
			memcpy(&reg, desc + 112 + 8 * 32, 8);	/* pc */
			CHECK_EQ(reg, want[i]->pc);
			memcpy(&reg, desc + 112 + 8 * 33, 8);	/* pstate */
			CHECK_EQ(reg, want[i]->pstate);
			p += ELF_NOTE_PRSTATUS_SIZE;
		}
	}
	/* Too small, too many loads. */
	CHECK_EQ(elfcore_build(buf, 100, pa_init(0), t, 2, &load, 1), -ENOMEM);
	CHECK_EQ(elfcore_build(buf, sizeof(buf), pa_init(0), t, 2, &load,
			       ELFCORE_MAX_LOADS + 1), -EINVAL);
}

int main(void)
{
	test_layout();
	return check_summary("elfcore");
}
