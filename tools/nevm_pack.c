/*
 * nevm_pack - host tool: packs section files into one compiled model (.nevm, see src/nevm.h).
 * usage: nevm_pack OUT.nevm NAME=FILE...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nevm.h"

static void wr32(FILE *f, unsigned long v)
{
    for (int i = 0; i < 4; i++)
        fputc((int)((v >> (8 * i)) & 0xFF), f);
}

static void wr64(FILE *f, unsigned long long v)
{
    for (int i = 0; i < 8; i++)
        fputc((int)((v >> (8 * i)) & 0xFF), f);
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: nevm_pack OUT.nevm NAME=FILE...\n");
        return 2;
    }
    int n = argc - 2;
    unsigned long long off = 16 + (unsigned long long)n * (NEVM_NAME_MAX + 16);
    off = (off + NEVM_ALIGN - 1) & ~(unsigned long long)(NEVM_ALIGN - 1);
    FILE *out = fopen(argv[1], "wb");
    if (!out) {
        perror(argv[1]);
        return 1;
    }
    fwrite(NEVM_MAGIC, 1, 4, out);
    wr32(out, NEVM_VERSION);
    wr32(out, (unsigned long)n);
    wr32(out, 0);
    unsigned long long *offs = calloc((size_t)n + 1, sizeof *offs);
    long *sizes = calloc((size_t)n + 1, sizeof *sizes);
    for (int i = 0; i < n; i++) {
        char *eq = strchr(argv[i + 2], '=');
        if (!eq || eq - argv[i + 2] >= NEVM_NAME_MAX) {
            fprintf(stderr, "nevm_pack: bad argument %s\n", argv[i + 2]);
            return 1;
        }
        sizes[i] = file_size(eq + 1);
        if (sizes[i] < 0) {
            perror(eq + 1);
            return 1;
        }
        char name[NEVM_NAME_MAX] = {0};
        memcpy(name, argv[i + 2], (size_t)(eq - argv[i + 2]));
        fwrite(name, 1, NEVM_NAME_MAX, out);
        offs[i] = off;
        wr64(out, off);
        wr64(out, (unsigned long long)sizes[i]);
        off = (off + (unsigned long long)sizes[i] + NEVM_ALIGN - 1) &
              ~(unsigned long long)(NEVM_ALIGN - 1);
    }
    for (int i = 0; i < n; i++) {
        while ((unsigned long long)ftell(out) < offs[i])
            fputc(0, out);
        FILE *f = fopen(strchr(argv[i + 2], '=') + 1, "rb");
        char buf[1 << 16];
        size_t k;
        while (f && (k = fread(buf, 1, sizeof buf, f)) > 0)
            fwrite(buf, 1, k, out);
        if (f)
            fclose(f);
    }
    free(offs);
    free(sizes);
    if (fclose(out) != 0) {
        perror(argv[1]);
        return 1;
    }
    return 0;
}
