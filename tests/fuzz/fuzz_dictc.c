/* fuzz_dictc.c - libFuzzer target: bytes as a dictionary source file through the dictionary
 * compiler (tools/dictc.c, built with DICTC_NO_MAIN). The first byte picks the kind of file
 * (countries, seats, orgs, people, agents, titles, verbs, nouns, cameo) and the mode (compile
 * or check); the rest is the file. The compiler may reject the file, never crash or leak. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int dictc_main(int argc, char **argv);

static const char *const kinds[] = {"countries", "seats", "orgs", "people", "agents",
                                    "titles", "verbs", "nouns", "cameo"};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[64];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "/tmp/fuzz_dictc_%ld", (long)getpid());
        char cmd[128];
        snprintf(cmd, sizeof cmd, "mkdir -p %s", dir);
        if (system(cmd) != 0)
            return 0;
    }
    if (size < 1)
        return 0;
    unsigned k = data[0] % 9, check = (data[0] / 9) & 1;
    char in[128], out[128];
    snprintf(in, sizeof in, "%s/%s.txt", dir, kinds[k]);
    snprintf(out, sizeof out, "%s/out.sec", dir);
    FILE *f = fopen(in, "wb");
    if (!f)
        return 0;
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    char a0[] = "dictc", iso[] = NEV_ISO_JSON, cameo[] = NEV_CAMEO_TXT;
    if (k <= 5) {
        char m1[] = "actors", m2[] = "check";
        char *argv_c[] = {a0, m1, out, iso, in, NULL};
        char *argv_k[] = {a0, m2, in, NULL};
        if (check)
            dictc_main(3, argv_k);
        else
            dictc_main(5, argv_c);
    } else if (k <= 7) {
        char m1[] = "patterns";
        char *argv_p[] = {a0, m1, out, cameo, in, NULL};
        dictc_main(5, argv_p);
    } else {
        char m1[] = "cameo";
        char *argv_m[] = {a0, m1, out, in, NULL};
        dictc_main(4, argv_m);
    }
    return 0;
}
