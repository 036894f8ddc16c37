/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * replay_main: a main() for a fuzz target outside libFuzzer. Each argument is a file or
 * a directory of files (a missing directory is skipped); every file is passed once to
 * LLVMFuzzerTestOneInput. A crash or failed invariant aborts, so the test fails.
 * Used by the main build to replay tests/fixtures/regress/ and fuzz/seeds/.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "strbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void replay_file(const char *path, size_t *count)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    strbuf sb = STRBUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_add(&sb, chunk, n);
    fclose(f);
    /* A copy of exactly the file's size, so that ASan sees reads past the end. */
    uint8_t *copy = malloc(sb.len ? sb.len : 1);
    if (sb.len)
        memcpy(copy, sb.data, sb.len);
    LLVMFuzzerTestOneInput(copy, sb.len);
    free(copy);
    sb_free(&sb);
    (*count)++;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

int main(int argc, char **argv)
{
    size_t count = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) < 0)
            continue;
        if (!S_ISDIR(st.st_mode)) {
            replay_file(argv[i], &count);
            continue;
        }
        struct dirent **names;
        int n = scandir(argv[i], &names, NULL, by_name);
        for (int k = 0; k < n; k++) {
            if (names[k]->d_name[0] != '.') {
                char path[4096];
                snprintf(path, sizeof path, "%s/%s", argv[i], names[k]->d_name);
                if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
                    replay_file(path, &count);
            }
            free(names[k]);
        }
        free(n >= 0 ? names : NULL);
    }
    printf("replayed %zu inputs\n", count);
    return 0;
}
